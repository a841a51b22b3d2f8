"""The initial schema: plans, countries, sources, releases, observations, actions, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_JSON = sa.JSON(none_as_null=True)


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("period_start", sa.Integer(), nullable=True),
        sa.Column("period_end", sa.Integer(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("document", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
    )
    op.create_table(
        "outcomes",
        sa.Column("plan", sa.String(64), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("parent", sa.String(64), nullable=True),
        sa.ForeignKeyConstraint(["plan"], ["plans.id"], name=op.f("fk_outcomes_plan_plans")),
        sa.PrimaryKeyConstraint("plan", "id", name=op.f("pk_outcomes")),
    )
    op.create_table(
        "indicators",
        sa.Column("plan", sa.String(64), nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("outcome", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("direction", sa.SmallInteger(), nullable=False),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("headline", sa.Boolean(), nullable=False),
        sa.Column("source_publisher", sa.Text(), nullable=True),
        sa.Column("source_dataset", sa.Text(), nullable=True),
        sa.Column("source_series_code", sa.Text(), nullable=True),
        sa.Column("source_licence", sa.Text(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["plan", "outcome"],
            ["outcomes.plan", "outcomes.id"],
            name=op.f("fk_indicators_plan_outcomes"),
        ),
        sa.PrimaryKeyConstraint("plan", "code", name=op.f("pk_indicators")),
    )
    op.create_index(op.f("ix_indicators_code"), "indicators", ["code"])
    op.create_table(
        "countries",
        sa.Column("iso3", sa.String(3), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("m49", sa.Integer(), nullable=True),
        sa.Column("is_aggregate", sa.Boolean(), nullable=False),
        sa.Column("groups", _JSON, nullable=False),
        sa.PrimaryKeyConstraint("iso3", name=op.f("pk_countries")),
    )
    op.create_table(
        "memberships",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("organisation", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country"], ["countries.iso3"], name=op.f("fk_memberships_country_countries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
    )
    op.create_index(op.f("ix_memberships_country"), "memberships", ["country"])
    op.create_table(
        "sources",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=False),
        sa.Column("dataset", sa.Text(), nullable=False),
        sa.Column("licence", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("series_code", sa.Text(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("retrieved", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_table(
        "releases",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("published", sa.Date(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
    )
    op.create_table(
        "observations",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("indicator", sa.String(64), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("release", sa.String(64), nullable=False),
        sa.Column("provenance_file", sa.Text(), nullable=True),
        sa.Column("provenance_row", sa.Integer(), nullable=True),
        sa.Column("provenance_column", sa.Text(), nullable=True),
        sa.Column("provenance_retrieved", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["country"], ["countries.iso3"], name=op.f("fk_observations_country_countries")
        ),
        sa.ForeignKeyConstraint(
            ["release"], ["releases.id"], name=op.f("fk_observations_release_releases")
        ),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_observations_source_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
        sa.UniqueConstraint(
            "indicator",
            "country",
            "year",
            "release",
            name=op.f("uq_observations_indicator_country_year_release"),
        ),
    )
    op.create_index(
        op.f("ix_observations_release_indicator"), "observations", ["release", "indicator"]
    )
    op.create_table(
        "enabling_actions",
        sa.Column("plan", sa.String(64), nullable=False),
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(64), nullable=False),
        sa.Column("priority", sa.Text(), nullable=False),
        sa.Column("timeframe", sa.Text(), nullable=False),
        sa.Column("lead", sa.Text(), nullable=False),
        sa.Column("status", _JSON, nullable=False),
        sa.Column("evidence", _JSON, nullable=False),
        sa.ForeignKeyConstraint(
            ["plan"], ["plans.id"], name=op.f("fk_enabling_actions_plan_plans")
        ),
        sa.PrimaryKeyConstraint("plan", "id", name=op.f("pk_enabling_actions")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("old_value", _JSON, nullable=True),
        sa.Column("new_value", _JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_entity_key"), "audit_log", ["entity", "key"])


def downgrade() -> None:
    for table in (
        "audit_log",
        "enabling_actions",
        "observations",
        "releases",
        "sources",
        "memberships",
        "countries",
        "indicators",
        "outcomes",
        "plans",
    ):
        op.drop_table(table)
