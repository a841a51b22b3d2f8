"""The audit trail for the secretariat: browse (newest first, filtered, paged) and export as
CSV. It reads the store's append-only audit log; nothing here, or anywhere in admtrack,
deletes an entry."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import sqlalchemy as sa

from admtrack.errors import Forbidden
from admtrack.services.accounts import Principal
from admtrack.store import AuditEntry, Store
from admtrack.store.audit import ACTIVITY_ENTITIES, read_activity

ACTIVITY = ACTIVITY_ENTITIES
COLUMNS = ("id", "at", "actor", "action", "entity", "key", "before", "after")


def browse(
    engine: sa.Engine, principal: Principal, *, activity_only: bool = False, actor: str | None = None,
    key_prefix: str | None = None, before_id: int | None = None, limit: int = 200,
) -> list[AuditEntry]:  # fmt: skip
    if not principal.can_read_audit:
        raise Forbidden("only the secretariat and administrators read the audit trail")
    with Store(engine).reader() as r:
        return read_activity(
            r.connection, entities=ACTIVITY if activity_only else None, actor=actor,
            key_prefix=key_prefix, before_id=before_id, limit=max(1, min(limit, 10_000)),
        )  # fmt: skip


def as_rows(entries: Iterable[AuditEntry]) -> list[dict[str, object]]:
    return [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "actor": e.actor,
            "action": e.action,
            "entity": e.entity,
            "key": e.key,
            "before": e.old_value,
            "after": e.new_value,
        }  # fmt: skip
        for e in entries
    ]


def export_csv(entries: Iterable[AuditEntry]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in as_rows(entries):
        writer.writerow(
            [
                json.dumps(row[c], sort_keys=True) if c in ("before", "after") else row[c]
                for c in COLUMNS
            ]
        )
    return buf.getvalue().encode("utf-8")
