"""Release lifecycle: draft or published releases, a reason per changed value, withdrawals, and
database triggers that refuse any insert, update or delete of a published release's values.

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from admtrack.store.immutability import create_triggers, drop_triggers

revision: str = "0003"
down_revision: str | None = "0002_accounts_submissions"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    # Releases that exist before this revision were shown as published: they stay published.
    with op.batch_alter_table("releases") as batch:
        batch.add_column(
            sa.Column("status", sa.String(16), nullable=False, server_default="published")
        )
    with op.batch_alter_table("observations") as batch:
        batch.add_column(sa.Column("reason", sa.Text(), nullable=True))
    op.create_table(
        "withdrawals",
        sa.Column("release", sa.String(64), nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["release"], ["releases.id"], name=op.f("fk_withdrawals_release_releases")
        ),
        sa.PrimaryKeyConstraint(
            "release", "indicator", "country", "year", name=op.f("pk_withdrawals")
        ),
    )
    create_triggers(op.get_bind())


def downgrade() -> None:
    drop_triggers(op.get_bind())
    op.drop_table("withdrawals")
    with op.batch_alter_table("observations") as batch:
        batch.drop_column("reason")
    with op.batch_alter_table("releases") as batch:
        batch.drop_column("status")
