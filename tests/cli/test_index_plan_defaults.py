"""``admtrack index ... --plan`` without ``--spec`` runs the plan's own spec, the dashboard's:
the build is the dashboard's scores and the uncertainty analysis gives its rank intervals."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from admtrack.cli.app import app
from admtrack.services.scoring import PlanResults, compute_results
from admtrack.services.stored_data import open_database, plan_inputs

runner = CliRunner()
SAMPLES, SEED = 60, 11


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('plan-defaults') / 'admtrack.sqlite'}"
    result = runner.invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def dashboard(db: str) -> PlanResults:
    engine = open_database(db)
    stored = plan_inputs(engine, "adm2025")
    engine.dispose()
    return compute_results(
        stored.plan, stored.observations, stored.countries, "r", samples=SAMPLES, seed=SEED
    )


def test_build_prints_the_dashboards_scores(db: str, dashboard: PlanResults) -> None:
    result = runner.invoke(app, ["index", "build", "--plan", "adm2025", "--db", db,
                                 "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {row["uCode"]: row for row in json.loads(result.stdout)}
    assert tuple(rows) == dashboard.units
    for code in (dashboard.index_code, *dashboard.outcomes, *dashboard.indicators):
        assert [rows[u][code] for u in dashboard.units] == list(dashboard.scores[code]), code


def test_uncertainty_gives_the_dashboards_rank_intervals(db: str, dashboard: PlanResults) -> None:
    args = ["index", "uncertainty", "--plan", "adm2025", "--db", db, "--format", "csv",
            "--samples", str(SAMPLES), "--seed", str(SEED)]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = {r["uCode"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    for unit in dashboard.units:
        band = dashboard.interval(dashboard.index_code, unit)
        assert band is not None
        got = rows[unit]
        assert (float(got["q05_rank"]), float(got["median_rank"]), float(got["q95_rank"])) == (
            band.p05,
            band.median,
            band.p95,
        ), unit
        assert float(got["nominal_rank"]) == dashboard.rank(dashboard.index_code, unit)
    assert f"0 of {SAMPLES} replications failed" in result.stderr


def test_audit_and_sensitivity_run_on_the_plans_spec(db: str) -> None:
    audit = runner.invoke(app, ["index", "audit", "--plan", "adm2025", "--db", db,
                                "--section", "aggregates", "--format", "csv"])  # fmt: skip
    assert audit.exit_code == 0, audit.output
    assert [r["code"] for r in csv.DictReader(io.StringIO(audit.stdout))][-1] == "ADM2025"
    sens = runner.invoke(app, ["index", "sensitivity", "--plan", "adm2025", "--db", db,
                               "--samples", "8", "--bootstrap", "5", "--format", "csv"])  # fmt: skip
    assert sens.exit_code == 0, sens.output
    inputs = [r["input"] for r in csv.DictReader(io.StringIO(sens.stdout))]
    assert inputs[:3] == ["normalisation", "aggregation", "indicator weights"]


def test_csv_input_still_needs_a_spec(tmp_path) -> None:  # type: ignore[no-untyped-def]
    idata, imeta = tmp_path / "d.csv", tmp_path / "m.csv"
    imeta.write_text("Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type\n"
                     "1,a,A,1,1,,,,I,Indicator\n2,I,Index,1,1,,,,,Aggregate\n")  # fmt: skip
    idata.write_text("uCode,a\nU1,1\nU2,2\n")
    result = runner.invoke(app, ["index", "build", "--idata", str(idata), "--imeta", str(imeta)])
    assert result.exit_code == 2 and "give --spec" in result.stderr
