"""Vintages: each source's edition, and a provenance note on each observation (e.g. that the
file was copied by hand).

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("vintage", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("observations") as batch:
        batch.add_column(sa.Column("provenance_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("observations") as batch:
        batch.drop_column("provenance_note")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("vintage")
