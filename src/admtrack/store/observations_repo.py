"""Observations: idempotent bulk upserts into a release, and filtered, stably ordered reads.

An upsert loads the release's stored rows for the batch's indicators in one query, compares them
with the batch in memory, then writes only the differences with two ``executemany`` statements
(one bulk insert, see :mod:`admtrack.store.bulk`; one UPDATE). A row is changed when any stored field differs: value, status, source
or provenance. Each new row gets an audit entry (key ``release/indicator/country/year``, None -> new), each
updated row one old -> new; identical rows write nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

import sqlalchemy as sa

from admtrack.domain.observations import Observation, ObservationStatus, Provenance, ReleaseStatus
from admtrack.errors import NotFound, ValidationError
from admtrack.store.audit import AuditLog
from admtrack.store.bulk import insert_rows
from admtrack.store.records import ChangeCounts
from admtrack.store.reference_repo import read_releases
from admtrack.store.tables import observations, releases, withdrawals

#: The columns compared to decide whether a stored observation changed.
DATA_COLUMNS: tuple[str, ...] = (
    "value",
    "status",
    "source",
    "provenance_file",
    "provenance_row",
    "provenance_column",
    "provenance_retrieved",
    "provenance_note",
)

#: The columns that make a stored value itself (a change of provenance alone is not one).
VALUE_COLUMNS: tuple[str, ...] = ("value", "status", "source")

Key = tuple[str, str, int]


def upsert_observations(
    connection: sa.Connection,
    audit: AuditLog,
    batch: Sequence[Observation],
    release: str,
    reason: str | None = None,
) -> ChangeCounts:
    """Write ``batch`` into ``release``: insert new keys, update changed ones, skip identical ones.

    ``reason`` (e.g. a review's) is kept on every value it adds or revises.

    Raises :class:`~admtrack.errors.NotFound` if the release does not exist and
    :class:`~admtrack.errors.ValidationError` if the batch holds a key twice.
    """
    duplicates = sorted(k for k, n in Counter(o.key for o in batch).items() if n > 1)
    if duplicates:
        raise ValidationError(
            "observation batch",
            [f"{i}/{c}/{y} appears more than once" for i, c, y in duplicates[:50]],
        )
    _check_draft(connection, release)
    stored = _stored_rows(connection, release, {o.indicator for o in batch})
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    audit_rows: list[tuple[str, str, str, Any, Any]] = []
    for obs in batch:
        row = _row(obs)
        old = stored.get(obs.key)
        key = f"{release}/{obs.indicator}/{obs.country}/{obs.year}"
        if old is None:
            inserts.append({**row, "indicator": obs.indicator, "country": obs.country,
                            "year": obs.year, "release": release, "reason": reason})  # fmt: skip
            audit_rows.append(("insert", "observation", key, None, _json(row)))
        elif old[1] != row:
            updates.append({"row_id": old[0], **row, "reason": reason})
            audit_rows.append(("update", "observation", key, _json(old[1]), _json(row)))
    if inserts:
        insert_rows(connection, observations, inserts)
    if updates:
        connection.execute(
            sa.update(observations).where(observations.c.id == sa.bindparam("row_id")), updates
        )
    audit.record(audit_rows)
    return ChangeCounts(
        inserted=len(inserts),
        updated=len(updates),
        unchanged=len(batch) - len(inserts) - len(updates),
    )


def _check_draft(connection: sa.Connection, release: str) -> None:
    """Refuse a write into a missing or published release before the database trigger must."""
    status = connection.scalar(sa.select(releases.c.status).where(releases.c.id == release))
    if status is None:
        raise NotFound(f"no release {release!r} in the store; create it first")
    if status == ReleaseStatus.PUBLISHED.value:
        raise ValidationError(
            f"release {release!r}",
            ["is published and immutable; write into a draft release instead"],
        )


def withdraw_observations(
    connection: sa.Connection,
    audit: AuditLog,
    keys: Sequence[Key],
    release: str,
    reason: str | None = None,
) -> ChangeCounts:
    """Record in the draft ``release`` that the values at ``keys`` are withdrawn: views as of
    this release and later no longer show them (until a later release adds them again)."""
    _check_draft(connection, release)
    stored = {
        (r.indicator, r.country, r.year)
        for r in connection.execute(sa.select(withdrawals).where(withdrawals.c.release == release))
    }
    new = sorted(set(keys) - stored)
    if new:
        rows = [
            {"release": release, "indicator": i, "country": c, "year": y, "reason": reason}
            for i, c, y in new
        ]
        connection.execute(sa.insert(withdrawals), rows)
        audit.record(
            [
                ("insert", "withdrawal", f"{release}/{i}/{c}/{y}", None, {"reason": reason})
                for i, c, y in new
            ]  # fmt: skip
        )
    return ChangeCounts(inserted=len(new), unchanged=len(keys) - len(new))


def read_withdrawals(connection: sa.Connection) -> dict[str, dict[Key, str | None]]:
    """Withdrawn keys with their reason, by release."""
    found: dict[str, dict[Key, str | None]] = {}
    for r in connection.execute(sa.select(withdrawals)):
        found.setdefault(r.release, {})[(r.indicator, r.country, r.year)] = r.reason
    return found


def read_reasons(connection: sa.Connection, release: str) -> dict[Key, str]:
    """The recorded reason of every value of ``release`` that has one."""
    c = observations.c
    query = sa.select(c.indicator, c.country, c.year, c.reason).where(
        c.release == release, c.reason.is_not(None)
    )
    return {(r.indicator, r.country, r.year): r.reason for r in connection.execute(query)}


def read_observations(
    connection: sa.Connection,
    indicator: str | Collection[str] | None = None,
    countries: Collection[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    release: str | None = None,
    as_of: str | None = None,
) -> list[Observation]:
    """Observations filtered and ordered by (indicator, country, year); year bounds inclusive.

    With ``release`` the values of that release only. Without it, the current view: for each
    (indicator, country, year) the value of the newest release that has one, so a submission
    filed as a new release adds to the bundled data instead of hiding it. ``as_of`` gives the
    view as it was when that release was published (releases after it are ignored)."""
    query = sa.select(observations).order_by(
        observations.c.indicator, observations.c.country, observations.c.year
    )
    if release is not None:
        query = query.where(observations.c.release == release)
    if indicator is not None:
        codes = [indicator] if isinstance(indicator, str) else list(indicator)
        query = query.where(observations.c.indicator.in_(codes))
    if countries is not None:
        query = query.where(observations.c.country.in_(list(countries)))
    if year_from is not None:
        query = query.where(observations.c.year >= year_from)
    if year_to is not None:
        query = query.where(observations.c.year <= year_to)
    rows = connection.execute(query)
    if release is not None:
        return [_observation(row) for row in rows]
    recency = {r.id: n for n, r in enumerate(read_releases(connection))}
    if as_of is not None:
        if as_of not in recency:
            raise NotFound(f"no release {as_of!r}")
        # a published release's view never holds a draft's values, whatever the draft's date
        # (a draft's own view, a preview, holds everything up to it)
        known = read_releases(connection)
        published = {r.id for r in known if r.is_published}
        drafts = {r.id for r in known if r.id not in published} if as_of in published else set()
        recency = {
            rid: n for rid, n in recency.items() if n <= recency[as_of] and rid not in drafts
        }
    current: dict[Key, sa.Row[Any]] = {}
    for row in rows:
        if row.release not in recency:
            continue
        key = (row.indicator, row.country, row.year)
        kept = current.get(key)
        if kept is None or recency.get(row.release, -1) > recency.get(kept.release, -1):
            current[key] = row
    for release_id, withdrawn in read_withdrawals(connection).items():
        if release_id not in recency:
            continue
        for key in withdrawn.keys() & current.keys():
            if recency[current[key].release] < recency[release_id]:
                del current[key]
    return [_observation(row) for row in current.values()]


def observation_counts(connection: sa.Connection, release: str | None = None) -> dict[str, int]:
    """Number of observations per indicator, by code: in ``release``, or in the current view."""
    if release is None:
        return dict(Counter(o.indicator for o in read_observations(connection)))
    query = (
        sa.select(observations.c.indicator, sa.func.count())
        .where(observations.c.release == release)
        .group_by(observations.c.indicator)
        .order_by(observations.c.indicator)
    )
    return {code: int(n) for code, n in connection.execute(query)}


def _stored_rows(
    connection: sa.Connection, release: str, indicator_codes: set[str]
) -> dict[Key, tuple[int, dict[str, Any]]]:
    if not indicator_codes:
        return {}
    c = observations.c
    query = sa.select(c.id, c.indicator, c.country, c.year, *(c[n] for n in DATA_COLUMNS)).where(
        c.release == release, c.indicator.in_(sorted(indicator_codes))
    )
    return {
        (r.indicator, r.country, r.year): (r.id, {n: r._mapping[n] for n in DATA_COLUMNS})
        for r in connection.execute(query)
    }


def _row(obs: Observation) -> dict[str, Any]:
    p = obs.provenance
    return {
        "value": float(obs.value),
        "status": obs.status.value,
        "source": obs.source,
        "provenance_file": p.file if p else None,
        "provenance_row": p.row if p else None,
        "provenance_column": p.column if p else None,
        "provenance_retrieved": p.retrieved if p else None,
        "provenance_note": p.note if p else None,
    }


def _json(row: dict[str, Any]) -> dict[str, Any]:
    retrieved = row["provenance_retrieved"]
    return {**row, "provenance_retrieved": retrieved.isoformat() if retrieved else None}


def _observation(row: sa.Row[Any]) -> Observation:
    provenance = None
    if row.provenance_file is not None:
        provenance = Provenance(
            file=row.provenance_file,
            row=row.provenance_row,
            column=row.provenance_column,
            retrieved=row.provenance_retrieved,
            note=row.provenance_note,
        )
    return Observation(
        indicator=row.indicator,
        country=row.country,
        year=row.year,
        value=row.value,
        source=row.source,
        release=row.release,
        status=ObservationStatus(row.status),
        provenance=provenance,
    )
