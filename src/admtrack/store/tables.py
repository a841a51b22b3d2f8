"""The database schema: every table of the store on one SQLAlchemy ``MetaData``.

Plans keep their full document as JSON text (so the domain object round-trips exactly) next to
queryable copies of their outcomes and indicators. Observations are unique per
(indicator, country, year, release); the audit log is append-only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp stored as naive UTC and always read back as an aware UTC ``datetime``.

    SQLite has no time zones, so every value is converted to UTC before it is written.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value!r} has no time zone; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


#: JSON that stores Python ``None`` as SQL NULL.
JsonValue = sa.JSON(none_as_null=True)
#: Surrogate keys: BIGINT on PostgreSQL, INTEGER (the rowid alias) on SQLite.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

plans = sa.Table(
    "plans",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("period_start", sa.Integer),
    sa.Column("period_end", sa.Integer),
    sa.Column("baseline_year", sa.Integer),
    sa.Column("document", sa.Text, nullable=False),  # plan_to_mapping(plan) as JSON text
    sa.Column("loaded_at", UTCDateTime, nullable=False),
)

outcomes = sa.Table(
    "outcomes",
    metadata,
    sa.Column("plan", sa.String(64), sa.ForeignKey("plans.id"), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("weight", sa.Double, nullable=False),
    sa.Column("parent", sa.String(64)),
)

indicators = sa.Table(
    "indicators",
    metadata,
    sa.Column("plan", sa.String(64), primary_key=True),
    sa.Column("code", sa.String(64), primary_key=True),
    sa.Column("outcome", sa.String(64), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("unit", sa.Text, nullable=False),
    sa.Column("direction", sa.SmallInteger, nullable=False),
    sa.Column("weight", sa.Double, nullable=False),
    sa.Column("headline", sa.Boolean, nullable=False),
    sa.Column("source_publisher", sa.Text),
    sa.Column("source_dataset", sa.Text),
    sa.Column("source_series_code", sa.Text),
    sa.Column("source_licence", sa.Text),
    sa.Column("source_url", sa.Text),
    sa.ForeignKeyConstraint(["plan", "outcome"], ["outcomes.plan", "outcomes.id"]),
    sa.Index(None, "code"),
)

countries = sa.Table(
    "countries",
    metadata,
    sa.Column("iso3", sa.String(3), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("m49", sa.Integer),
    sa.Column("is_aggregate", sa.Boolean, nullable=False),
    sa.Column("groups", JsonValue, nullable=False),  # sorted list of group names
)

memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("country", sa.String(3), sa.ForeignKey("countries.iso3"), nullable=False),
    sa.Column("organisation", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("start", sa.Date, nullable=False),
    sa.Column("end", sa.Date),
    sa.Index(None, "country"),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("publisher", sa.Text, nullable=False),
    sa.Column("dataset", sa.Text, nullable=False),
    sa.Column("licence", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("series_code", sa.Text, nullable=False),
    sa.Column("citation", sa.Text, nullable=False),
    sa.Column("retrieved", sa.Date),
    sa.Column("vintage", sa.Text, nullable=False, server_default=""),
)

releases = sa.Table(
    "releases",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("published", sa.Date, nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    # draft (collecting approved values) | published (immutable: see store.immutability)
    sa.Column("status", sa.String(16), nullable=False, server_default="published"),
)

observations = sa.Table(
    "observations",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("country", sa.String(3), sa.ForeignKey("countries.iso3"), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("source", sa.String(64), sa.ForeignKey("sources.id"), nullable=False),
    sa.Column("release", sa.String(64), sa.ForeignKey("releases.id"), nullable=False),
    sa.Column("provenance_file", sa.Text),
    sa.Column("provenance_row", sa.Integer),
    sa.Column("provenance_column", sa.Text),
    sa.Column("provenance_retrieved", sa.Date),
    sa.Column("provenance_note", sa.Text),
    sa.Column("reason", sa.Text),  # why the value was added or revised (the review's reason)
    sa.UniqueConstraint("indicator", "country", "year", "release"),
    sa.Index(None, "release", "indicator"),
)

#: A value withdrawn by a release: the current view after it no longer shows the key.
withdrawals = sa.Table(
    "withdrawals",
    metadata,
    sa.Column("release", sa.String(64), sa.ForeignKey("releases.id"), primary_key=True),
    sa.Column("indicator", sa.String(64), primary_key=True),
    sa.Column("country", sa.String(3), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    sa.Column("reason", sa.Text),
)

enabling_actions = sa.Table(
    "enabling_actions",
    metadata,
    sa.Column("plan", sa.String(64), sa.ForeignKey("plans.id"), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(64), nullable=False),
    sa.Column("priority", sa.Text, nullable=False),
    sa.Column("timeframe", sa.Text, nullable=False),
    sa.Column("lead", sa.Text, nullable=False),
    sa.Column("status", JsonValue, nullable=False),  # [[year, status], ...] sorted by year
    sa.Column("evidence", JsonValue, nullable=False),  # [url, ...]
    sa.Column("milestones", JsonValue, nullable=False),  # [[title, due ISO date], ...]
    sa.Column("indicators", JsonValue, nullable=False),  # [indicator code, ...]
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),  # a user or a command, e.g. "cli:data import"
    sa.Column("action", sa.String(16), nullable=False),  # insert | update | delete
    sa.Column("entity", sa.String(32), nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("old_value", JsonValue),
    sa.Column("new_value", JsonValue),
    sa.Index(None, "entity", "key"),
)

# Accounts: users, server-side sessions, API tokens and sign-in attempts (for rate limiting).
# Secrets (passwords, session ids, tokens) are stored only as hashes.
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("role", sa.String(16), nullable=False),  # admin | secretariat | focal_point | viewer
    sa.Column("country", sa.String(3)),  # the member state of a focal point (or a viewer)
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # SHA-256 of the cookie's value
    sa.Column("user_id", BigId, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
    sa.Column("address", sa.String(64)),
    sa.Index(None, "user_id"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),  # SHA-256 of the token
    sa.Column("user_id", BigId, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=False),  # the scope: the owner's role and country
    sa.Column("country", sa.String(3)),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("revoked_at", UTCDateTime),
)

sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("address", sa.String(64), nullable=False),
    sa.Column("succeeded", sa.Boolean, nullable=False),
    sa.Index(None, "username", "at"),
    sa.Index(None, "address", "at"),
)

# National submissions: one per member state and upload, its values and their conversations.
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("country", sa.String(3), nullable=False),
    sa.Column("plan", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # in_review | returned | approved | ...
    sa.Column("version", sa.Integer, nullable=False),  # optimistic lock: +1 on every change
    sa.Column("round", sa.Integer, nullable=False),  # 1, then +1 on each resubmission
    sa.Column("file_name", sa.Text, nullable=False),  # shown only; never used as a path
    sa.Column("created_by", BigId, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Index(None, "country", "status"),
)

submission_values = sa.Table(
    "submission_values",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("submission_id", BigId, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Double, nullable=False),
    sa.Column("obs_status", sa.String(16), nullable=False),
    sa.Column("source_text", sa.Text, nullable=False),
    sa.Column("row_number", sa.Integer, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),  # pending | approved | returned | dropped
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("reason", sa.String(32)),
    sa.Column("comment", sa.Text),
    sa.Column("returned_value", sa.Double),  # the value as it stood when it was returned
    sa.Column("decided_by", BigId, sa.ForeignKey("users.id")),
    sa.Column("decided_at", UTCDateTime),
    sa.UniqueConstraint("submission_id", "indicator", "year"),
)

submission_comments = sa.Table(
    "submission_comments",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("submission_id", BigId, sa.ForeignKey("submissions.id"), nullable=False),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("author_id", BigId, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Index(None, "submission_id"),
)
