"""Shared database fixtures: every store test runs on SQLite and, when
ADMTRACK_TEST_POSTGRES_URL is set, on PostgreSQL in a fresh schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import settings

from admtrack.store import Store, create_engine_for, default_sqlite_url, upgrade

POSTGRES_URL_VARIABLE = "ADMTRACK_TEST_POSTGRES_URL"

# Properties are checked for what they compute, never for how long an example takes: a
# wall-clock deadline fails on a loaded CI machine without saying anything about the code.
settings.register_profile("admtrack", deadline=None)
settings.load_profile("admtrack")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """An engine on an empty database: a SQLite file in ``tmp_path``, or a PostgreSQL schema
    created for this test alone and dropped afterwards."""
    if request.param == "sqlite":
        sqlite_engine = create_engine_for(default_sqlite_url(tmp_path))
        yield sqlite_engine
        sqlite_engine.dispose()
        return
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        if os.environ.get("ADMTRACK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"ADMTRACK_REQUIRE_POSTGRES=1 but {POSTGRES_URL_VARIABLE} is not set")
        pytest.skip(f"PostgreSQL tests run only when {POSTGRES_URL_VARIABLE} is set")
    schema = f"admtrack_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine_for(url)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    pg_engine = create_engine_for(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield pg_engine
    finally:
        pg_engine.dispose()
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture
def store(engine: sa.Engine) -> Store:
    """A store migrated to the newest schema (parametrised: sqlite, postgres)."""
    upgrade(engine)
    return Store(engine)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """With ADMTRACK_NO_SKIPS=1 (set by .ci/run) a skipped test fails: CI has PostgreSQL,
    Chromium and the shared data, so a skip there means a check silently did not run."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and os.environ.get("ADMTRACK_NO_SKIPS") == "1":
        report.outcome = "failed"
        report.longrepr = (
            f"skipped, but ADMTRACK_NO_SKIPS=1 requires every test to run: {report.longrepr}"
        )
