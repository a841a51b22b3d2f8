"""Tests of ``admtrack index build``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from admtrack.cli.index import register

ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem"
SPEC = Path(__file__).resolve().parents[2] / "examples" / "asem" / "spec.yaml"
runner = CliRunner()


@pytest.fixture
def app() -> typer.Typer:
    group = typer.Typer()
    register(group)
    group.command("noop", hidden=True)(lambda: None)  # keep "build" a subcommand
    return group


def _args(*extra: str) -> list[str]:
    return [
        "build", "--idata", str(ASEM / "ASEM_iData.csv"), "--imeta", str(ASEM / "ASEM_iMeta.csv"),
        "--spec", str(SPEC), *extra,
    ]  # fmt: skip


def test_csv_of_the_aggregated_data(app: typer.Typer) -> None:
    result = runner.invoke(app, _args("--format", "csv"))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 51
    assert list(rows[0])[:3] == ["uCode", "LPI", "Flights"]
    che = next(r for r in rows if r["uCode"] == "CHE")
    assert round(float(che["Index"]), 2) == 68.38


def test_json_and_table_of_a_named_stage(app: typer.Typer) -> None:
    result = runner.invoke(app, _args("--stage", "Imputed", "--format", "json"))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows[0]["uCode"] == "AUT" and "Index" not in rows[0]
    table = runner.invoke(app, _args("--stage", "Raw"))
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:2] == ["uCode", "LPI"]


def test_errors_are_messages_with_exit_code_2(app: typer.Typer, tmp_path: Path) -> None:
    result = runner.invoke(app, _args("--stage", "Polished"))
    assert result.exit_code == 2
    assert "no data set 'Polished'" in result.stderr
    bad = tmp_path / "iData.csv"
    bad.write_text("uCode,LPI\nAUT,abc\n")
    result = runner.invoke(
        app,
        [
            "build",
            "--idata",
            str(bad),
            "--imeta",
            str(ASEM / "ASEM_iMeta.csv"),
            "--spec",
            str(SPEC),
        ],
    )
    assert result.exit_code == 2
    assert "row 2, column 'LPI': 'abc' is not a number" in result.stderr
    assert "Traceback" not in result.output
    spec = tmp_path / "spec.yaml"
    spec.write_text("stages:\n  - stage: normalise\n    method: magic\n")
    result = runner.invoke(
        app, ["build", "--idata", str(ASEM / "ASEM_iData.csv"), "--imeta",
              str(ASEM / "ASEM_iMeta.csv"), "--spec", str(spec)],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "invalid pipeline spec" in result.stderr
    result = runner.invoke(app, ["build", "--idata", "nope.csv", "--imeta", "x", "--spec", "y"])
    assert result.exit_code == 2 and "nope.csv: no such file" in result.stderr
