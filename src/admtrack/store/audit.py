"""The append-only audit log, and the comparison of keyed documents that decides what to audit.

Every write compares the stored document of each key with the new one; only keys whose documents
differ are written, and each such key gets one audit row ``old -> new`` (``None`` on the missing
side for inserts and deletes). An identical second write therefore writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from admtrack.store.records import AuditEntry, ChangeCounts
from admtrack.store.tables import audit_log

Document = dict[str, Any]


@dataclass(frozen=True, slots=True)
class DocumentDiff:
    """Keys to insert, update and delete, in the order of the new (then old) mapping."""

    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def counts(self) -> ChangeCounts:
        return ChangeCounts(
            len(self.inserted), len(self.updated), len(self.deleted), self.unchanged
        )


def diff_documents(
    old: Mapping[str, Document], new: Mapping[str, Document], *, delete_missing: bool
) -> DocumentDiff:
    """Compare stored documents with new ones, key by key (equality of the whole document)."""
    inserted = [k for k in new if k not in old]
    updated = [k for k in new if k in old and old[k] != new[k]]
    deleted = [k for k in old if k not in new] if delete_missing else []
    unchanged = len(new) - len(inserted) - len(updated)
    return DocumentDiff(inserted, updated, deleted, unchanged)


class AuditLog:
    """Writes audit rows for one transaction: one actor, one timestamp."""

    def __init__(self, connection: sa.Connection, actor: str, at: datetime) -> None:
        if not actor.strip():
            raise ValueError("an audited transaction needs an actor, e.g. 'cli:data import'")
        self._connection = connection
        self.actor = actor
        self.at = at

    def record(self, rows: Iterable[tuple[str, str, str, Any, Any]]) -> int:
        """Append ``(action, entity, key, old_value, new_value)`` rows; return how many."""
        params = [
            {
                "at": self.at,
                "actor": self.actor,
                "action": action,
                "entity": entity,
                "key": key,
                "old_value": old,
                "new_value": new,
            }
            for action, entity, key, old, new in rows
        ]
        if params:
            self._connection.execute(sa.insert(audit_log), params)
        return len(params)

    def record_diff(
        self,
        entity: str,
        diff: DocumentDiff,
        old: Mapping[str, Document],
        new: Mapping[str, Document],
    ) -> int:
        """One audit row per inserted, updated and deleted key of ``diff``."""
        return self.record(
            [("insert", entity, k, None, new[k]) for k in diff.inserted]
            + [("update", entity, k, old[k], new[k]) for k in diff.updated]
            + [("delete", entity, k, old[k], None) for k in diff.deleted]
        )


def read_audit(
    connection: sa.Connection, entity: str | None = None, key: str | None = None
) -> list[AuditEntry]:
    """Audit entries in the order they were written, optionally for one entity (and key)."""
    query = sa.select(audit_log).order_by(audit_log.c.id)
    if entity is not None:
        query = query.where(audit_log.c.entity == entity)
    if key is not None:
        query = query.where(audit_log.c.key == key)
    return [_entry(row) for row in connection.execute(query)]


#: Entities of account and review activity (sign-ins, users, tokens, submissions, comments).
#: Their entries do not change what the public sees, so they do not move the data revision.
ACTIVITY_ENTITIES: tuple[str, ...] = ("account", "session", "api_token", "submission", "comment")


def data_revision(connection: sa.Connection) -> int:
    """The id of the newest audit entry on published data (0 for none). Every data write is
    audited, so the revision changes whenever stored data change: a cheap key for caches of
    derived data. Account and review activity (:data:`ACTIVITY_ENTITIES`) leaves it alone."""
    newest = sa.func.coalesce(sa.func.max(audit_log.c.id), 0)
    query = sa.select(newest).where(audit_log.c.entity.not_in(ACTIVITY_ENTITIES))
    return int(connection.scalar(query) or 0)


def data_stamp(connection: sa.Connection) -> str:
    """The data revision with the time its audit entry was written, ``"<id>@<ISO time>"`` (``"0"``
    for none): unlike the bare id, it tells apart two databases at the same revision (one
    deleted and set up again), so caches kept on disk across databases can key on it."""
    query = (
        sa.select(audit_log.c.id, audit_log.c.at)
        .where(audit_log.c.entity.not_in(ACTIVITY_ENTITIES))
        .order_by(audit_log.c.id.desc())
        .limit(1)
    )
    row = connection.execute(query).first()
    return "0" if row is None else f"{row.id}@{row.at.isoformat()}"


def read_activity(
    connection: sa.Connection,
    *,
    entities: Iterable[str] | None = None,
    actor: str | None = None,
    key_prefix: str | None = None,
    before_id: int | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    """Audit entries newest first, filtered by entity, actor and key prefix; ``before_id``
    pages backwards. The log is only ever appended to: nothing here deletes an entry."""
    query = sa.select(audit_log).order_by(audit_log.c.id.desc())
    if entities is not None:
        query = query.where(audit_log.c.entity.in_(list(entities)))
    if actor is not None:
        query = query.where(audit_log.c.actor == actor)
    if key_prefix is not None:
        query = query.where(audit_log.c.key.startswith(key_prefix, autoescape=True))
    if before_id is not None:
        query = query.where(audit_log.c.id < before_id)
    if limit is not None:
        query = query.limit(limit)
    return [_entry(row) for row in connection.execute(query)]


def _entry(row: sa.Row[Any]) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        key=row.key,
        old_value=row.old_value,
        new_value=row.new_value,
    )
