"""``admtrack progress`` on a database set up by ``admtrack init``'s service: every progress family
per verdict, equal to the analytics computed directly and to the dashboard's results."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from admtrack.analytics.progress import INDICATOR_STATUSES, STATUSES, indicator_progress
from admtrack.cli.app import app
from admtrack.cli.progress import MEASURE_COLUMNS, MeasureGroup
from admtrack.services.scoring import compute_results, series_codes
from admtrack.services.setup import initialise
from admtrack.store import create_engine_for
from admtrack.store.unit_of_work import Store

runner = CliRunner()
KEY = ["indicator", "country", "target_set"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("progress") / "admtrack.sqlite"
    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    initialise(engine)
    engine.dispose()
    return url


def _json(db: str, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["progress", "--db", db, *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert isinstance(rows, list)
    return rows


def test_viet_nam_internet_use_equals_the_analytics_computed_directly(db: str) -> None:
    rows = _json(db, "--indicator", "IT.NET.USER.ZS", "--country", "vnm", "--measures", "all")
    assert [r["target_set"] for r in rows] == ["trend", "broadband-commission-2025"]
    row = rows[1]
    engine = create_engine_for(db)
    with Store(engine).reader() as r:
        obs = [o for o in r.observations(indicator="IT.NET.USER.ZS") if o.country == "VNM"]
    engine.dispose()
    years = np.array(sorted(o.year for o in obs), dtype=float)
    by_year = {o.year: o.value for o in obs}
    values = np.array([[by_year[int(y)] for y in years]])
    # ADM2025: baseline 2020, target 75 % by 2025 (Broadband Commission), current year 2025
    direct = indicator_progress(
        values, years, target=75.0, target_year=2025, baseline_year=2020, current_year=2025
    )
    assert row["target_value"] == 75.0 and row["baseline_year"] == 2020
    assert row["baseline_value"] == direct.baseline_value[0] == by_year[2020]
    assert row["latest_year"] == direct.latest_year[0]
    for name in (
        "latest_value", "cagr_actual", "cagr_required", "cagr_ratio", "current_status",
        "expected_status", "projected_value", "anticipated_progress", "distance_progress",
        "annual_change", "trend_ratio",
    ):  # fmt: skip
        assert row[name] == pytest.approx(float(getattr(direct, name)[0]), rel=1e-12), name
    assert row["category"] == direct.cagr_category[0]
    assert row["anticipated_category"] == direct.anticipated_category[0]
    assert row["trend"] == direct.trend[0]
    assert row["traffic_light"] is None  # the plan sets no SDSN red threshold
    # hand check of the snapshot's figures: 70.3 % in 2020, 84.15 % in 2024 (the WDI vintage)
    assert (row["baseline_value"], row["latest_year"], row["latest_value"]) == (70.3, 2024, 84.15)
    assert row["cagr_actual"] == pytest.approx((84.15 / 70.3) ** (1 / 4) - 1)
    assert row["cagr_required"] == pytest.approx((75 / 70.3) ** (1 / 5) - 1)
    assert row["current_status"] == 10.0 and row["expected_status"] == pytest.approx(8.0)
    assert row["annual_change"] == pytest.approx((84.15 - 70.3) / 4)
    assert row["category"] == "target achieved" and row["trend"] == "on track"


def test_verdicts_equal_those_of_the_full_results(db: str) -> None:
    engine = create_engine_for(db)
    with Store(engine).reader() as r:
        plan = r.get_plan("adm2025")
        # the dashboard's series: the indicators and their denominators (a value without its
        # same-year denominator does not enter the score, so its outcome status leaves it out)
        observations = r.observations(indicator=list(series_codes(plan)))
        countries = r.countries()
    engine.dispose()
    results = compute_results(plan, observations, countries, "x", samples=20)
    expected = [asdict(v) | {"target_set": v.target_set or "trend"} for v in results.verdicts]
    assert _json(db, "--measures", "all") == json.loads(json.dumps(expected))
    by_outcome = _json(db, "--by", "outcome")
    # the summaries without the parts of their "no verdict" reason (the reason says them)
    assert by_outcome == [
        {k: v for k, v in asdict(s).items() if k != "missing"} for s in results.outcome_status
    ]
    assert _json(db, "--by", "region") == [asdict(s) for s in results.regional]


def test_region_counts_tally_the_outcome_summaries(db: str) -> None:
    outcomes = _json(db, "--by", "outcome")
    regional = _json(db, "--by", "region")
    judged = sorted({o["outcome"] for o in outcomes})  # outcomes with an indicator judged
    assert [r["outcome"] for r in regional] == judged and len(judged) >= 7
    units = {o["country"] for o in outcomes}
    assert len(units) == 11 and "TLS" in units  # Timor-Leste a member from 2025-10-26
    for region in regional:
        summaries = Counter(o["summary"] for o in outcomes if o["outcome"] == region["outcome"])
        for status in STATUSES:
            assert region[status.replace(" ", "_")] == summaries[status]
        assert sum(summaries.values()) == 11
        assert "lacks data" not in summaries


def test_filters_and_the_outcome_view_of_one_country(db: str) -> None:
    trend = _json(db, "--target-set", "trend", "--country", "KHM")
    assert trend and {(r["target_set"], r["country"]) for r in trend} == {("trend", "KHM")}
    assert all(r["anticipated_category"] is None and r["trend"] is None for r in trend)
    targeted = _json(db, "--target-set", "broadband-commission-2025", "--country", "KHM")
    assert {r["indicator"] for r in targeted} >= {"IT.NET.USER.ZS"}
    internet = next(r for r in targeted if r["indicator"] == "IT.NET.USER.ZS")
    assert internet["target_value"] == 35.0  # the least developed countries' target
    vnm = _json(db, "--by", "outcome", "--country", "VNM")
    judged = {r["outcome"] for r in _json(db, "--by", "region")}
    assert {r["outcome"] for r in vnm} == judged and {r["country"] for r in vnm} == {"VNM"}
    for r in vnm:
        counted = [r[f"n_{s.replace(' ', '_')}"] for s in INDICATOR_STATUSES]
        assert sum(counted) == r["n_indicators"]  # type: ignore[arg-type]
        assert (r["summary"] in ("no verdict", "not measured")) == bool(r["reason"])


@pytest.mark.parametrize("group", list(MeasureGroup))
def test_json_rows_hold_the_key_and_the_chosen_measures(db: str, group: MeasureGroup) -> None:
    rows = _json(db, "--country", "VNM", "--measures", group.value)
    assert rows and all(list(r) == [*KEY, *MEASURE_COLUMNS[group]] for r in rows)
    default = _json(db, "--country", "VNM")
    assert list(default[0]) == [*KEY, *MEASURE_COLUMNS[MeasureGroup.SUMMARY]]
    assert {"category", "anticipated_category", "trend"} <= set(default[0])


def test_table_shows_the_three_families_and_unknown_codes_are_refused(db: str) -> None:
    table = runner.invoke(
        app, ["progress", "--db", db, "--indicator", "IT.NET.USER.ZS", "--measures", "sdsn"]
    )
    assert table.exit_code == 0, table.output
    header = table.output.splitlines()[0].split()
    assert header == [*KEY, *MEASURE_COLUMNS[MeasureGroup.SDSN]]
    lines = table.output.splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    cells = [[line[a:b].strip() for a, b in spans] for line in lines[2:] if line.strip()]
    shown = {(c[1], c[2]): c[header.index("trend")] for c in cells}
    rows = _json(db, "--indicator", "IT.NET.USER.ZS", "--measures", "sdsn")
    assert shown == {(r["country"], r["target_set"]): r["trend"] or "" for r in rows}
    assert {"on track", ""} <= set(shown.values())  # targeted verdicts have arrows, trends none
    missing = runner.invoke(app, ["progress", "--db", db, "--indicator", "NOPE"])
    assert missing.exit_code == 2 and "no indicator 'NOPE'" in missing.output
