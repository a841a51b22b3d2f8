"""Time `admtrack init` on a fresh database (SQLite file; PostgreSQL when ADMTRACK_TEST_POSTGRES_URL
is set), then a second, idempotent run. Prints a markdown table."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.setup import bundled_data_dir, initialise
from admtrack.store.engine import create_engine_for

REPEATS = 3


def _twice(engine: sa.Engine) -> tuple[float, float]:
    """Seconds of a fresh `admtrack init` on ``engine``, then of a second, unchanged run."""
    times = []
    for _ in range(2):
        t0 = time.perf_counter()
        initialise(engine)
        times.append(time.perf_counter() - t0)
    engine.dispose()
    return times[0], times[1]


def _sqlite_once() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        return _twice(create_engine_for(f"sqlite:///{Path(tmp) / 'admtrack.sqlite'}"))


def _postgres_once(url: str) -> tuple[float, float]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine_for(url)
    with admin.begin() as c:
        c.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine = create_engine_for(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        return _twice(engine)
    finally:
        with admin.begin() as c:
            c.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def main() -> int:
    rows = [("SQLite", [_sqlite_once() for _ in range(REPEATS)])]
    url = os.environ.get("ADMTRACK_TEST_POSTGRES_URL")
    if url:
        rows.append(("PostgreSQL", [_postgres_once(url) for _ in range(REPEATS)]))
    shipped = len(read_snapshot(bundled_data_dir()))
    print(f"## admtrack init ({shipped:,} bundled observations)\n")
    print("| database | fresh init, median s | second run (no change), median s | runs |")
    print("| --- | ---: | ---: | ---: |")
    for name, runs in rows:
        first = statistics.median(r[0] for r in runs)
        second = statistics.median(r[1] for r in runs)
        print(f"| {name} | {first:.2f} | {second:.2f} | {len(runs)} |")
    if not url:
        print("\nPostgreSQL: not measured (set ADMTRACK_TEST_POSTGRES_URL).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
