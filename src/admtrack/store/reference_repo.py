"""Reference data: countries (with memberships and groups), data sources and releases."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from admtrack.domain.geography import Country, Membership, MembershipStatus
from admtrack.domain.observations import Release, ReleaseStatus, SourceRef
from admtrack.errors import NotFound, ValidationError
from admtrack.store.audit import AuditLog, Document, diff_documents
from admtrack.store.records import ChangeCounts, SourceRecord
from admtrack.store.tables import audit_log, countries, memberships, releases, sources


def save_countries(
    connection: sa.Connection, audit: AuditLog, items: Iterable[Country]
) -> ChangeCounts:
    """Insert new countries and update changed ones (memberships included); never deletes,
    because observations refer to countries. Each change is audited old -> new."""
    new = {c.iso3: _country_document(c) for c in items}
    old = {c.iso3: _country_document(c) for c in read_countries(connection, list(new))}
    diff = diff_documents(old, new, delete_missing=False)
    if diff.updated:
        connection.execute(sa.delete(memberships).where(memberships.c.country.in_(diff.updated)))
        connection.execute(
            sa.update(countries).where(countries.c.iso3 == sa.bindparam("key")),
            [{"key": k, **_country_row(new[k])} for k in diff.updated],
        )
    if diff.inserted:
        connection.execute(
            sa.insert(countries), [{"iso3": k, **_country_row(new[k])} for k in diff.inserted]
        )
    membership_rows = [
        {"country": k, **m, "start": date.fromisoformat(m["start"]), "end": _day(m["end"])}
        for k in diff.updated + diff.inserted
        for m in new[k]["memberships"]
    ]
    if membership_rows:
        connection.execute(sa.insert(memberships), membership_rows)
    audit.record_diff("country", diff, old, new)
    return diff.counts


def read_countries(connection: sa.Connection, iso3: list[str] | None = None) -> list[Country]:
    """Stored countries ordered by ISO3 code (all of them, or those listed in ``iso3``)."""
    query = sa.select(countries).order_by(countries.c.iso3)
    member_query = sa.select(memberships).order_by(
        memberships.c.country, memberships.c.start, memberships.c.id
    )
    if iso3 is not None:
        query = query.where(countries.c.iso3.in_(iso3))
        member_query = member_query.where(memberships.c.country.in_(iso3))
    by_country: dict[str, list[Membership]] = {}
    for m in connection.execute(member_query):
        by_country.setdefault(m.country, []).append(
            Membership(m.organisation, MembershipStatus(m.status), m.start, m.end)
        )
    return [
        Country(
            iso3=row.iso3,
            name=row.name,
            m49=row.m49,
            is_aggregate=bool(row.is_aggregate),
            memberships=tuple(by_country.get(row.iso3, ())),
            groups=frozenset(row.groups),
        )
        for row in connection.execute(query)
    ]


def save_sources(
    connection: sa.Connection, audit: AuditLog, items: Iterable[SourceRecord]
) -> ChangeCounts:
    """Insert new sources and update changed ones; audited old -> new; never deletes."""
    new = {s.id: _source_document(s) for s in items}
    old = {
        s.id: _source_document(s)
        for s in read_sources(connection)
        if s.id in new  # only the ids being written are compared
    }
    diff = diff_documents(old, new, delete_missing=False)
    if diff.updated:
        connection.execute(
            sa.update(sources).where(sources.c.id == sa.bindparam("key")),
            [{"key": k, **_source_row(new[k])} for k in diff.updated],
        )
    if diff.inserted:
        connection.execute(
            sa.insert(sources), [{"id": k, **_source_row(new[k])} for k in diff.inserted]
        )
    audit.record_diff("source", diff, old, new)
    return diff.counts


def read_sources(connection: sa.Connection) -> list[SourceRecord]:
    """Every registered source, ordered by id."""
    return [
        SourceRecord(
            id=row.id,
            ref=SourceRef(
                publisher=row.publisher,
                dataset=row.dataset,
                licence=row.licence,
                url=row.url,
                series_code=row.series_code,
                citation=row.citation,
                vintage=row.vintage,
            ),
            retrieved=row.retrieved,
        )
        for row in connection.execute(sa.select(sources).order_by(sources.c.id))
    ]


def create_release(connection: sa.Connection, audit: AuditLog, release: Release) -> ChangeCounts:
    """Register ``release``. Releases are immutable: creating the same release again is a
    no-op, creating one whose id exists with another date or description is refused."""
    stored = {r.id: r for r in read_releases(connection)}.get(release.id)
    if stored == release:
        return ChangeCounts(unchanged=1)
    if stored is not None:
        raise ValidationError(
            f"release {release.id!r}",
            [f"already exists as {stored}; releases are immutable, choose a new id"],
        )
    connection.execute(
        sa.insert(releases),
        {
            "id": release.id,
            "published": release.published,
            "description": release.description,
            "created_at": audit.at,
            "status": release.status.value,
        },
    )
    document = {
        "published": release.published.isoformat(),
        "description": release.description,
        "status": release.status.value,
    }
    audit.record([("insert", "release", release.id, None, document)])
    return ChangeCounts(inserted=1)


def publish_release(
    connection: sa.Connection, audit: AuditLog, release_id: str, on: date
) -> Release:
    """Publish the draft ``release_id`` dated ``on``; from then on the database refuses any change
    to its values (see :mod:`admtrack.store.immutability`)."""
    stored = {r.id: r for r in read_releases(connection)}.get(release_id)
    if stored is None:
        raise NotFound(f"no release {release_id!r}")
    if stored.is_published:
        raise ValidationError(
            f"release {release_id!r}", [f"already published on {stored.published.isoformat()}"]
        )
    connection.execute(
        sa.update(releases)
        .where(releases.c.id == release_id)
        .values(status=ReleaseStatus.PUBLISHED.value, published=on)
    )
    # releases are ordered by date: one published before the newest would slip under it and
    # change that release's view, which must never change
    newest = [r for r in read_releases(connection) if r.is_published][-1]
    if newest.id != release_id:
        raise ValidationError(
            f"release {release_id!r}",
            [f"cannot be dated {on.isoformat()}: release {newest.id} was published on "
             f"{newest.published.isoformat()} and a new release comes after it"],
        )  # fmt: skip
    old = {"status": stored.status.value, "published": stored.published.isoformat()}
    new = {"status": ReleaseStatus.PUBLISHED.value, "published": on.isoformat()}
    audit.record([("update", "release", release_id, old, new)])
    return Release(release_id, on, stored.description, ReleaseStatus.PUBLISHED)


def read_releases(connection: sa.Connection) -> list[Release]:
    """Every release, oldest first: the published ones by date (then creation time, then id),
    then the drafts the same way. A draft comes after every published release whatever its
    planned date, since it can only be published after them (:func:`publish_release`): its
    preview and its changelog are relative to the newest published release."""
    draft_last = sa.case((releases.c.status == ReleaseStatus.DRAFT.value, 1), else_=0)
    query = sa.select(releases).order_by(
        draft_last, releases.c.published, releases.c.created_at, releases.c.id
    )
    return [
        Release(row.id, row.published, row.description, ReleaseStatus(row.status))
        for row in connection.execute(query)
    ]


def latest_release(connection: sa.Connection) -> Release | None:
    """The newest release (the last of :func:`read_releases`), or None when there is none."""
    all_releases = read_releases(connection)
    return all_releases[-1] if all_releases else None


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _country_document(c: Country) -> Document:
    return {
        "name": c.name,
        "m49": c.m49,
        "is_aggregate": c.is_aggregate,
        "groups": sorted(c.groups),
        "memberships": [
            {
                "organisation": m.organisation,
                "status": m.status.value,
                "start": m.start.isoformat(),
                "end": m.end.isoformat() if m.end else None,
            }
            for m in sorted(c.memberships, key=lambda m: (m.start, m.organisation))
        ],
    }


def _country_row(document: Document) -> dict[str, Any]:
    return {k: document[k] for k in ("name", "m49", "is_aggregate", "groups")}


def _source_document(s: SourceRecord) -> Document:
    return {
        "publisher": s.ref.publisher,
        "dataset": s.ref.dataset,
        "licence": s.ref.licence,
        "url": s.ref.url,
        "series_code": s.ref.series_code,
        "citation": s.ref.citation,
        "vintage": s.ref.vintage,
        "retrieved": s.retrieved.isoformat() if s.retrieved else None,
    }


def _source_row(document: Document) -> dict[str, Any]:
    return {**document, "retrieved": _day(document["retrieved"])}


def published_at(connection: sa.Connection, release_id: str) -> datetime | None:
    """When ``release_id`` was published (the audited moment), or None for a release stored as
    published from the start (the bundled one)."""
    found = connection.execute(
        sa.select(audit_log.c.at, audit_log.c.new_value)
        .where(audit_log.c.entity == "release", audit_log.c.key == release_id,
               audit_log.c.action == "update")
        .order_by(audit_log.c.id.desc())
    ).all()  # fmt: skip
    for at, new in found:
        if isinstance(new, dict) and new.get("status") == ReleaseStatus.PUBLISHED.value:
            return at  # type: ignore[no-any-return]
    return None
