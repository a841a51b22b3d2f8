"""Engines, migrations and the SQLite transaction guarantees."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from store_specimens import COUNTRIES

from admtrack.store import (
    Store,
    create_engine_for,
    current_revision,
    default_sqlite_url,
    head_revision,
    upgrade,
)
from admtrack.store.engine import alembic_config
from admtrack.store.tables import metadata, plans

TABLES = {
    "alembic_version",
    "action_status_reports",
    "api_tokens",
    "sessions",
    "sign_in_attempts",
    "submission_comments",
    "submission_values",
    "submissions",
    "users",
    "withdrawals",
    "audit_log",
    "evidence_documents",
    "countries",
    "enabling_actions",
    "indicators",
    "memberships",
    "observations",
    "outcomes",
    "plans",
    "releases",
    "sources",
}


def test_default_sqlite_url_points_into_the_data_directory(tmp_path: Path) -> None:
    assert default_sqlite_url(tmp_path) == f"sqlite:///{tmp_path}/admtrack.sqlite3"


def test_upgrade_takes_an_empty_database_to_head(engine: sa.Engine) -> None:
    assert current_revision(engine) is None
    assert sa.inspect(engine).get_table_names() == []
    upgrade(engine)
    assert head_revision() == "0006"
    assert current_revision(engine) == "0006"
    assert set(sa.inspect(engine).get_table_names()) == TABLES


def test_migrated_schema_matches_the_table_definitions(engine: sa.Engine) -> None:
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_upgrade_twice_is_a_no_op_and_downgrade_removes_every_table(engine: sa.Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == "0006"
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version"}
    assert current_revision(engine) is None


def test_sqlite_enforces_foreign_keys_without_wal(tmp_path: Path) -> None:
    engine = create_engine_for(default_sqlite_url(tmp_path))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    engine.dispose()


def test_a_rolled_back_transaction_leaves_the_sqlite_file_byte_for_byte_unchanged(
    tmp_path: Path,
) -> None:
    engine = create_engine_for(default_sqlite_url(tmp_path))
    upgrade(engine)
    store = Store(engine)
    with store.transaction(actor="test") as tx:
        tx.save_countries(COUNTRIES[:1])
    path = tmp_path / "admtrack.sqlite3"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(RuntimeError, match="refused"), store.transaction(actor="test") as tx:
        tx.save_countries(COUNTRIES)
        raise RuntimeError("import refused")
    engine.dispose()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not (tmp_path / "admtrack.sqlite3-journal").exists()
    assert not (tmp_path / "admtrack.sqlite3-wal").exists()


def test_ddl_is_transactional_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine_for(default_sqlite_url(tmp_path))
    with pytest.raises(RuntimeError), engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
        raise RuntimeError("abandon")
    assert sa.inspect(engine).get_table_names() == []
    engine.dispose()


def test_timestamps_are_stored_in_utc_and_read_back_aware(store: Store) -> None:
    plus_eight = timezone(timedelta(hours=8))
    row = {
        "id": "p",
        "name": "n",
        "status": "user",
        "document": "{}",
        "loaded_at": datetime(2025, 6, 1, 8, 30, tzinfo=plus_eight),
    }
    with store.engine.begin() as connection:
        connection.execute(sa.insert(plans), row)
        loaded_at = connection.scalar(sa.select(plans.c.loaded_at))
    assert loaded_at == datetime(2025, 6, 1, 0, 30, tzinfo=UTC)
    assert loaded_at.tzinfo is UTC


def test_naive_timestamps_are_refused(store: Store) -> None:
    row = {"id": "p", "name": "n", "status": "user", "document": "{}"}
    with pytest.raises(sa.exc.StatementError, match="no time zone"):
        with store.engine.begin() as connection:
            connection.execute(sa.insert(plans), {**row, "loaded_at": datetime(2025, 6, 1)})


def test_the_vintages_migration_keeps_existing_rows(engine: sa.Engine) -> None:
    """A database at 0001 with a source and an observation gains the vintage and the note."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0001")
        connection.execute(
            sa.text(
                "INSERT INTO sources (id, publisher, dataset, licence, url, series_code, citation)"
                " VALUES ('s', 'p', 'd', 'l', '', '', '')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        (vintage,) = connection.execute(sa.text("SELECT vintage FROM sources")).one()
    assert vintage == ""
    assert "provenance_note" in {c["name"] for c in sa.inspect(engine).get_columns("observations")}
