"""Accounts (users, sessions, API tokens, sign-in attempts) and national submissions (their
values and the conversations on them).

Revision ID: 0002_accounts_submissions
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002_accounts_submissions"
down_revision: str | None = "0001"  # 0001_initial_schema
branch_labels: str | None = None
depends_on: str | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("user_id", _BIG_ID, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("address", sa.String(64), nullable=True),
        _fk("sessions", "user_id", "users"),
        sa.PrimaryKeyConstraint("id_hash", name=op.f("pk_sessions")),
    )
    op.create_index(op.f("ix_sessions_user_id"), "sessions", ["user_id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", _BIG_ID, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        _fk("api_tokens", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(op.f("ix_sign_in_attempts_username_at"), "sign_in_attempts", ["username", "at"])
    op.create_index(op.f("ix_sign_in_attempts_address_at"), "sign_in_attempts", ["address", "at"])
    op.create_table(
        "submissions",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("plan", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("created_by", _BIG_ID, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        _fk("submissions", "created_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submissions")),
    )
    op.create_index(op.f("ix_submissions_country_status"), "submissions", ["country", "status"])
    op.create_table(
        "submission_values",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("submission_id", _BIG_ID, nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("obs_status", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("row_number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("returned_value", sa.Double(), nullable=True),
        sa.Column("decided_by", _BIG_ID, nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        _fk("submission_values", "submission_id", "submissions"),
        _fk("submission_values", "decided_by", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_values")),
        sa.UniqueConstraint(
            "submission_id",
            "indicator",
            "year",
            name=op.f("uq_submission_values_submission_id_indicator_year"),
        ),
    )
    op.create_table(
        "submission_comments",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("submission_id", _BIG_ID, nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("author_id", _BIG_ID, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        _fk("submission_comments", "submission_id", "submissions"),
        _fk("submission_comments", "author_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_submission_comments")),
    )
    op.create_index(
        op.f("ix_submission_comments_submission_id"), "submission_comments", ["submission_id"]
    )


def downgrade() -> None:
    for table in (
        "submission_comments",
        "submission_values",
        "submissions",
        "sign_in_attempts",
        "api_tokens",
        "sessions",
        "users",
    ):
        op.drop_table(table)
