"""Engines and schema migrations.

SQLite is the default (one file in the data directory); PostgreSQL is used when a
``postgresql+psycopg://`` URL is given. On SQLite, foreign keys are enforced, the rollback journal
(not WAL) is used and SQLAlchemy emits ``BEGIN`` itself, so DDL is transactional and a rolled-back
transaction leaves the database file byte-for-byte unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:  # Alembic loads only to migrate, so that reading commands start quickly
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def default_sqlite_url(data_dir: Path | str) -> str:
    """The URL of the default store: ``sqlite:///<data_dir>/admtrack.sqlite3``."""
    return f"sqlite:///{Path(data_dir) / 'admtrack.sqlite3'}"


def create_engine_for(url: str, **engine_options: Any) -> sa.Engine:
    """An engine for ``url``, configured for admtrack's transactional guarantees."""
    engine = sa.create_engine(url, **engine_options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: sa.Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver stops issuing BEGIN on its own
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = DELETE")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration built in code: no ``alembic.ini`` is needed at run time."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` (the newest by default) in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: sa.Engine) -> str | None:
    """The revision the database is at, or None for an empty database: the row of Alembic's
    ``alembic_version`` table, read directly (as Alembic's ``MigrationContext`` does) so that
    checking the schema does not load Alembic."""
    with engine.connect() as connection:
        if not sa.inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    if len(rows) > 1:
        raise RuntimeError(f"the database has {len(rows)} Alembic heads; expected one")
    return str(rows[0][0]) if rows else None


def head_revision() -> str | None:
    """The newest revision shipped with admtrack."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
