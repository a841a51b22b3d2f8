"""National submissions, their values and the comments on them: reads and writes on a
connection. Changes to a submission go through :func:`bump_version`, an optimistic lock: it
succeeds only if the version is still the one the caller read, so of two reviewers acting on
the same submission at once exactly one wins (on PostgreSQL the second UPDATE waits for the
first transaction, then finds the version moved and changes nothing)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from admtrack.store.bulk import insert_rows
from admtrack.store.tables import submission_comments, submission_values, submissions, users


@dataclass(frozen=True, slots=True)
class SubmissionRow:
    id: int
    country: str
    plan: str
    status: str
    version: int
    round: int
    file_name: str
    created_by: str  # the user name
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ValueRow:
    id: int
    indicator: str
    year: int
    value: float
    obs_status: str
    source_text: str
    row_number: int
    state: str
    round: int
    reason: str | None
    comment: str | None
    returned_value: float | None
    decided_at: datetime | None


@dataclass(frozen=True, slots=True)
class CommentRow:
    id: int
    indicator: str
    year: int
    author: str
    at: datetime
    body: str


_SUBMISSION_COLUMNS = (*submissions.c, users.c.username)


def _submission(row: sa.Row[Any]) -> SubmissionRow:
    return SubmissionRow(
        row.id, row.country, row.plan, row.status, row.version, row.round, row.file_name,
        row.username, row.created_at, row.updated_at,
    )  # fmt: skip


def insert_submission(
    connection: sa.Connection, country: str, plan: str, file_name: str, user_id: int, at: datetime
) -> int:
    query = (
        sa.insert(submissions)
        .values(
            country=country,
            plan=plan,
            status="in_review",
            version=1,
            round=1,
            file_name=file_name,
            created_by=user_id,
            created_at=at,
            updated_at=at,
        )  # fmt: skip
        .returning(submissions.c.id)
    )
    return int(connection.execute(query).scalar_one())


def get_submission(connection: sa.Connection, submission_id: int) -> SubmissionRow | None:
    query = (
        sa.select(*_SUBMISSION_COLUMNS)
        .join(users, users.c.id == submissions.c.created_by)
        .where(submissions.c.id == submission_id)
    )
    row = connection.execute(query).first()
    return None if row is None else _submission(row)


def list_submissions(
    connection: sa.Connection,
    countries: Collection[str] | None = None,
    statuses: Collection[str] | None = None,
) -> list[SubmissionRow]:
    query = (
        sa.select(*_SUBMISSION_COLUMNS)
        .join(users, users.c.id == submissions.c.created_by)
        .order_by(submissions.c.id.desc())
    )
    if countries is not None:
        query = query.where(submissions.c.country.in_(list(countries)))
    if statuses is not None:
        query = query.where(submissions.c.status.in_(list(statuses)))
    return [_submission(r) for r in connection.execute(query)]


def bump_version(
    connection: sa.Connection, submission_id: int, expected: int, at: datetime, **values: Any
) -> bool:
    """Apply ``values`` and add one to the version, only if it is still ``expected``."""
    query = (
        sa.update(submissions)
        .where(submissions.c.id == submission_id, submissions.c.version == expected)
        .values(version=submissions.c.version + 1, updated_at=at, **values)
    )
    return bool(connection.execute(query).rowcount == 1)


def insert_values(
    connection: sa.Connection, submission_id: int, rows: Sequence[dict[str, Any]]
) -> None:
    insert_rows(
        connection, submission_values, [{**r, "submission_id": submission_id} for r in rows]
    )


def values_of(connection: sa.Connection, submission_id: int) -> list[ValueRow]:
    v = submission_values.c
    query = (
        sa.select(submission_values)
        .where(v.submission_id == submission_id)
        .order_by(v.indicator, v.year)
    )
    return [
        ValueRow(
            r.id,
            r.indicator,
            r.year,
            r.value,
            r.obs_status,
            r.source_text,
            r.row_number,
            r.state,
            r.round,
            r.reason,
            r.comment,
            r.returned_value,
            r.decided_at,
        )  # fmt: skip
        for r in connection.execute(query)
    ]


def update_values(connection: sa.Connection, changes: Sequence[dict[str, Any]]) -> None:
    """Each change is ``{"value_id": id, column: new, ...}``; all changes share their columns."""
    if changes:
        query = sa.update(submission_values).where(
            submission_values.c.id == sa.bindparam("value_id")
        )
        connection.execute(query, list(changes))


def approved_keys(connection: sa.Connection, country: str) -> set[tuple[str, int]]:
    """(indicator, year) of every value of ``country`` approved in any submission."""
    v = submission_values.c
    query = (
        sa.select(v.indicator, v.year)
        .join(submissions, submissions.c.id == v.submission_id)
        .where(submissions.c.country == country, v.state == "approved")
    )
    return {(r.indicator, r.year) for r in connection.execute(query)}


def value_states(connection: sa.Connection, countries: Collection[str] | None) -> list[sa.Row[Any]]:
    """(country, indicator, state, submission status) of every value of live submissions."""
    v = submission_values.c
    query = (
        sa.select(submissions.c.country, v.indicator, v.year, v.state)
        .join(submissions, submissions.c.id == v.submission_id)
        .where(submissions.c.status != "withdrawn", v.state != "dropped")
    )
    if countries is not None:
        query = query.where(submissions.c.country.in_(list(countries)))
    return list(connection.execute(query))


def insert_comment(
    connection: sa.Connection, submission_id: int, indicator: str, year: int, author_id: int,
    at: datetime, body: str,
) -> int:  # fmt: skip
    query = (
        sa.insert(submission_comments)
        .values(
            submission_id=submission_id,
            indicator=indicator,
            year=year,
            author_id=author_id,
            at=at,
            body=body,
        )  # fmt: skip
        .returning(submission_comments.c.id)
    )
    return int(connection.execute(query).scalar_one())


def comments_of(connection: sa.Connection, submission_id: int) -> list[CommentRow]:
    c = submission_comments.c
    query = (
        sa.select(c.id, c.indicator, c.year, users.c.username, c.at, c.body)
        .join(users, users.c.id == c.author_id)
        .where(c.submission_id == submission_id)
        .order_by(c.id)
    )
    return [
        CommentRow(r.id, r.indicator, r.year, r.username, r.at, r.body)
        for r in connection.execute(query)
    ]
