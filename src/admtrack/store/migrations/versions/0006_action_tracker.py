"""The enabling-action tracker: milestones and indicators of an action, per-state status
reports with their review state, and evidence documents kept by SHA-256.

Revision ID: 0006
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON(none_as_null=True)


def upgrade() -> None:
    with op.batch_alter_table("enabling_actions") as batch:
        batch.add_column(sa.Column("milestones", _JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("indicators", _JSON, nullable=False, server_default="[]"))
    with op.batch_alter_table("enabling_actions") as batch:
        batch.alter_column("milestones", server_default=None)
        batch.alter_column("indicators", server_default=None)
    op.create_table(
        "evidence_documents",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("media_type", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_evidence_documents")),
    )
    op.create_table(
        "action_status_reports",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("plan", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("evidence_url", sa.Text(), nullable=True),
        sa.Column("evidence_sha256", sa.String(64), nullable=True),
        sa.Column("review_state", sa.String(16), nullable=False),
        sa.Column("submitted_by", sa.Text(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("reviewed_by", sa.Text(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan"], ["plans.id"], name=op.f("fk_action_status_reports_plan_plans")
        ),
        sa.ForeignKeyConstraint(
            ["country"], ["countries.iso3"], name=op.f("fk_action_status_reports_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["evidence_sha256"],
            ["evidence_documents.sha256"],
            name=op.f("fk_action_status_reports_evidence_sha256_evidence_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_status_reports")),
    )
    op.create_index(
        op.f("ix_action_status_reports_plan_action_country"),
        "action_status_reports",
        ["plan", "action", "country"],
    )
    op.create_index(
        op.f("ix_action_status_reports_review_state"), "action_status_reports", ["review_state"]
    )


def downgrade() -> None:
    op.drop_table("action_status_reports")
    op.drop_table("evidence_documents")
    with op.batch_alter_table("enabling_actions") as batch:
        batch.drop_column("indicators")
        batch.drop_column("milestones")
