"""The ``admtrack`` command starts without loading the engine, polars or the store: those load
when a command needs them (``bench/bench_cli.py`` measures the start-up time)."""

from __future__ import annotations

import json
import subprocess
import sys

from admtrack.cli import data as data_cli
from admtrack.services import ingestion

HEAVY = ("numpy", "scipy", "polars", "sqlalchemy", "alembic", "httpx", "pydantic", "uvicorn")


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"import json, sys; {code}; "
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(out.stderr.strip().splitlines()[-1])
    return loaded


def test_the_command_and_its_help_load_no_heavy_library() -> None:
    assert _loaded_after("import admtrack.cli.app") == []
    help_run = (
        "from admtrack.cli.app import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert _loaded_after(f"exec({help_run!r})") == []


def test_reading_a_plan_list_does_not_load_alembic_or_the_engine() -> None:
    loaded = _loaded_after("import admtrack.cli.plans, admtrack.store.unit_of_work")
    assert "sqlalchemy" in loaded  # the store is needed to read
    assert not {"alembic", "scipy", "polars", "numpy"} & set(loaded)


def test_the_default_import_source_is_the_template_connector() -> None:
    assert data_cli.TEMPLATE == ingestion.TEMPLATE
