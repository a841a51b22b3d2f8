"""The foundation commands end to end on a SQLite database in a temporary folder."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from admtrack.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'admtrack.sqlite'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    assert "release bundled-2026-11-29" in result.output
    return url


def _json(args: list[str]) -> list[dict[str, object]]:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, list)
    return data


def test_plans_list_and_show(db: str) -> None:
    plans = _json(["plans", "list", "--db", db])
    assert [p["id"] for p in plans] == ["adm2025", "adm2030"]
    shown = _json(["plans", "show", "adm2025", "--db", db])
    assert len(shown) == 31
    table = runner.invoke(app, ["plans", "show", "adm2025", "--db", db])
    assert "proposed by admtrack, not by the plan itself" in table.output
    missing = runner.invoke(app, ["plans", "show", "nope", "--db", db])
    assert missing.exit_code == 2 and "no plan 'nope'" in missing.output


def test_coverage_json_reports_real_counts_for_all_eight_outcomes(db: str) -> None:
    rows = _json(["data", "coverage", "--plan", "adm2025", "--db", db])
    assert {r["outcome"] for r in rows} == {f"DO{n}" for n in range(1, 9)}
    by_code = {r["indicator"]: r for r in rows}
    assert by_code["NY.GDP.MKTP.KD.ZG"]["n_2020"] == 11
    assert by_code["IT.NET.USER.ZS"]["latest_year"] == 2024  # the WDI vintage has 2024
    assert by_code["EGOV.EGDI"]["n_2024"] == 11
    # the cyberlaw status is dated 2026, after the period: it has no value for the ADM2025 results
    assert by_code["CYBERLAW.COUNT"]["latest_year"] == 2026
    assert by_code["CYBERLAW.COUNT"]["latest_in_period"] is None
    bad = runner.invoke(app, ["data", "coverage", "--by", "bogus", "--db", db])
    assert bad.exit_code == 2
    assert all(r["of"] == 11 for r in rows)
    outcomes = _json(["data", "coverage", "--plan", "adm2025", "--by", "outcome", "--db", db])
    assert len(outcomes) == 8
    well = {o["outcome"]: o["well_covered_9_of_11"] for o in outcomes}
    # indicators with 2021-2025 data for at least 9 of the 11 member states, per outcome
    assert well == {
        "DO1": 3, "DO2": 5, "DO3": 2, "DO4": 1, "DO5": 3, "DO6": 3, "DO7": 4, "DO8": 3
    }  # fmt: skip
    assert {o["outcome"]: o["states_in_window"] for o in outcomes}["DO3"] == 11
    # the plan's coverage rule: DO8 is not scored for Brunei and Timor-Leste (2 of 5 indicators
    # with 2021-2025 data, 3 needed); 9 states are still enough to rank it
    scored = {o["outcome"]: (o["scored_states"], o["ranked"]) for o in outcomes}
    assert scored["DO8"] == (9, True) and scored["DO3"] == (11, True)
    assert by_code["GCI.OVERALL"]["n_window"] == 11
    csv_out = runner.invoke(app, ["data", "coverage", "--db", db, "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith(
        "outcome,indicator,name,n_2020,n_2023,n_2024,n_2025"
    )


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
def test_export_carries_sources_and_licences(db: str, tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(
        app, ["data", "export", "--plan", "adm2025", "--as", fmt, "--to", str(tmp_path), "--db", db]
    )
    assert result.exit_code == 0, result.output
    if fmt == "xlsx":
        wb = load_workbook(tmp_path / "adm2025-observations.xlsx", read_only=True)
        assert wb.sheetnames == ["observations", "metadata", "sources"]
        header, *sources = wb["sources"].iter_rows(values_only=True)
        licence_of = {row[0]: dict(zip(header, row, strict=True))["licence"] for row in sources}
        bundled = json.loads((resources.files("admtrack.data") / "sources.json").read_text())
        assert licence_of == {code: s["licence"] for code, s in bundled.items()}
        columns, *observations = wb["observations"].iter_rows(values_only=True)
        rows = [dict(zip(columns, row, strict=True)) for row in observations]
        assert len(rows) > 1000
        assert all(r["licence"] == licence_of[r["source"]] for r in rows)
        return
    if fmt == "json":
        doc = json.loads((tmp_path / "adm2025-observations.json").read_text())
        meta, rows = doc["metadata"], doc["observations"]
    else:
        meta = json.loads((tmp_path / "adm2025-observations.metadata.json").read_text())
        frame = (
            pl.read_csv(tmp_path / "adm2025-observations.csv")
            if fmt == "csv"
            else pl.read_parquet(tmp_path / "adm2025-observations.parquet")
        )
        rows = frame.to_dicts()
    assert meta["plan"] == "adm2025" and meta["rows"] == len(rows) > 1000
    assert "admtrack" in meta["indicator_set"]
    assert {s["id"] for s in meta["sources"]} >= {"wdi", "owid", "un-egdi"}
    vnm = [
        r
        for r in rows
        if r["country"] == "VNM" and r["indicator"] == "IT.NET.USER.ZS" and r["year"] == 2020
    ]
    assert len(vnm) == 1 and vnm[0]["licence"] and vnm[0]["file"]


def test_a_bad_submission_is_refused_with_its_location(db: str, tmp_path: Path) -> None:
    f = tmp_path / "sub.csv"
    f.write_text(
        "country,indicator,year,value\nVNM,IT.NET.USER.ZS,2025,eighty\nXXX,IT.NET.USER.ZS,2025,50\n"
    )
    result = runner.invoke(app, ["data", "import", str(f), "--db", db])
    assert result.exit_code == 2
    assert "sub.csv, row 2, column 'value'" in result.output
    assert "sub.csv, row 3, column 'country'" in result.output
    assert "nothing was written" in result.output


def test_enabling_actions_import_and_list(db: str, tmp_path: Path) -> None:
    empty = runner.invoke(app, ["actions", "list", "--plan", "adm2025", "--db", db])
    assert "no enabling actions loaded" in empty.output
    f = tmp_path / "ea.csv"
    f.write_text("id,title,outcome,priority,status\nEA 9.9,Test action,DO9,high,\n")
    bad = runner.invoke(app, ["actions", "import", str(f), "--plan", "adm2025", "--db", db])
    assert bad.exit_code == 2
    assert "ea.csv: row 2, column 'outcome': 'DO9' is not an outcome of the plan" in bad.output
    f.write_text("id,title,outcome,priority,status\nEA 2.1,Test action,DO2,high,2024:completed\n")
    ok = runner.invoke(app, ["actions", "import", str(f), "--plan", "adm2025", "--db", db])
    assert ok.exit_code == 0, ok.output
    listed = _json(["actions", "list", "--plan", "adm2025", "--db", db])
    assert listed == [
        {"id": "EA 2.1", "outcome": "DO2", "title": "Test action", "priority": "high",
         "timeframe": "", "lead": "", "status": "completed (2024)"}
    ]  # fmt: skip


def test_plan_export_as_imeta_and_import_back(db: str, tmp_path: Path) -> None:
    out = tmp_path / "adm.csv"
    assert (
        runner.invoke(
            app, ["plans", "export", "adm2025", "--as", "imeta", "--out", str(out), "--db", db]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app, ["plans", "import", str(out), "--id", "adm2025-copy", "--name", "Copy", "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert "31 indicators" in result.output


def test_index_build_on_a_stored_plan(db: str) -> None:
    spec = Path(__file__).resolve().parents[2] / "examples" / "adm2025" / "spec.yaml"
    rows = _json(["index", "build", "--plan", "adm2025", "--spec", str(spec), "--db", db])
    assert [r["uCode"] for r in rows] == [
        "BRN",
        "KHM",
        "IDN",
        "LAO",
        "MYS",
        "MMR",
        "PHL",
        "SGP",
        "THA",
        "VNM",
        "TLS",
    ]
    scores = [r["ADM2025"] for r in rows]
    assert all(isinstance(s, float) and 0 <= s <= 100 for s in scores)
    both = runner.invoke(
        app, ["index", "build", "--plan", "adm2025", "--idata", "x.csv", "--spec", str(spec)]
    )
    assert both.exit_code == 2 and "either --idata and --imeta, or --plan" in both.output
