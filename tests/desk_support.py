"""Databases for the submission desk's tests: a SQLite file or a PostgreSQL schema of its own,
migrated, loaded with the bundled data and the users of every role."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.services.accounts import Role, add_user
from admtrack.services.setup import initialise
from admtrack.store import create_engine_for

PASSWORD = "a long test password"
#: (user name, role, member state) of the users every desk test gets.
USERS = (
    ("admin1", Role.ADMIN, None),
    ("sec1", Role.SECRETARIAT, None),
    ("sec2", Role.SECRETARIAT, None),
    ("fp_vnm", Role.FOCAL_POINT, "VNM"),
    ("fp_tha", Role.FOCAL_POINT, "THA"),
    ("viewer_vnm", Role.VIEWER, "VNM"),
    ("viewer_tha", Role.VIEWER, "THA"),
    ("viewer_all", Role.VIEWER, None),
)


@contextmanager
def database_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A SQLite file or a PostgreSQL schema of its own (dropped afterwards)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'desk.sqlite3'}"
        return
    url = os.environ.get("ADMTRACK_TEST_POSTGRES_URL")
    if not url:
        if os.environ.get("ADMTRACK_REQUIRE_POSTGRES") == "1":
            pytest.fail("ADMTRACK_REQUIRE_POSTGRES=1 but ADMTRACK_TEST_POSTGRES_URL is not set")
        pytest.skip("PostgreSQL tests run only when ADMTRACK_TEST_POSTGRES_URL is set")
    schema = f"admtrack_desk_{uuid.uuid4().hex[:12]}"
    admin = create_engine_for(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def prepare(url: str) -> sa.Engine:
    """Migrate and load the bundled data, then add every test user."""
    engine = create_engine_for(url)
    initialise(engine)
    for name, role, country in USERS:
        add_user(engine, name, role, country, PASSWORD, "test")
    return engine


_TEMPLATE: list[Path] = []


def prepared_sqlite(tmp_path: Path) -> sa.Engine:
    """A prepared SQLite database for one test: a copy of one built once per session."""
    import shutil
    import tempfile

    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="admtrack-desk-template-"))
        prepare(f"sqlite:///{folder / 'desk.sqlite3'}").dispose()
        _TEMPLATE.append(folder / "desk.sqlite3")
    target = tmp_path / "desk.sqlite3"
    shutil.copyfile(_TEMPLATE[0], target)
    return create_engine_for(f"sqlite:///{target}")
