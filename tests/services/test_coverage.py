"""The coverage table agrees with counts made directly from the raw public files."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.domain.observations import Observation
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.coverage import coverage_years, outcome_summary, plan_coverage
from admtrack.services.setup import initialise
from admtrack.store.unit_of_work import Store

RAW = Path(
    os.environ.get(
        "ADMTRACK_RAW_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "raw"
    )
)
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw public files not at {RAW}")


def _raw_counts(path: Path, code_col: str, year_col: str, value_col: str) -> dict[int, set[str]]:
    counts: dict[int, set[str]] = defaultdict(set)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            code = row[code_col].strip().upper()
            if code in ASEAN_MEMBERS and row[value_col].strip():
                counts[int(row[year_col])].add(code)
    return counts


def test_counts_per_year_and_latest_year_by_hand() -> None:
    plan = builtin_plans()[0]
    obs = [
        Observation("IT.NET.USER.ZS", "VNM", 2020, 70.3, "owid"),
        Observation("IT.NET.USER.ZS", "THA", 2020, 77.8, "owid"),
        Observation("IT.NET.USER.ZS", "THA", 2023, 88.0, "owid"),
        Observation("IT.NET.USER.ZS", "CHN", 2024, 90.0, "owid"),  # not a member state
    ]
    rows = {r.indicator: r for r in plan_coverage(plan, obs)}
    internet = rows["IT.NET.USER.ZS"]
    assert coverage_years(plan) == (2020, 2023, 2024, 2025)
    assert internet.countries_by_year == {2020: 2, 2023: 1, 2024: 0, 2025: 0}
    assert internet.latest_year == 2023 and internet.countries_in_latest_year == 1
    assert internet.latest_year_in_period == 2023
    assert rows["EGOV.EGDI"].latest_year is None
    summary = {s["outcome"]: s for s in outcome_summary(plan, list(rows.values()), 11)}
    assert summary["DO8"]["with_baseline_data"] == 1
    assert summary["DO4"]["thinly_measured"] is True


@needs_raw
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("indicator", "relative", "columns"),
    [
        (
            "IT.CEL.SETS.P2",
            "worldbank_wdi_datahub/it.cel.sets.p2/data.csv",
            ("Country Code", "Year", "Value"),
        ),
        (
            "SE.TER.ENRR",
            "worldbank_wdi_datahub/se.ter.enrr/data.csv",
            ("Country Code", "Year", "Value"),
        ),
        (
            "LP.LPI.OVRL.XQ",
            "worldbank_wdi_datahub/lp.lpi.ovrl.xq/data.csv",
            ("Country Code", "Year", "Value"),
        ),
        (
            "IT.NET.USER.ZS",
            "owid_itu_internet_users/share-of-individuals-using-the-internet.csv",
            ("Code", "Year", "Individuals using the Internet (% of population)"),
        ),
    ],
)
def test_coverage_agrees_with_the_raw_files(
    engine: sa.Engine, indicator: str, relative: str, columns: tuple[str, str, str]
) -> None:
    initialise(engine)
    plan = builtin_plans()[0]
    with Store(engine).reader() as r:
        observations = r.observations(indicator=indicator, countries=ASEAN_MEMBERS)
    (row,) = [r for r in plan_coverage(plan, observations) if r.indicator == indicator]
    raw = _raw_counts(RAW / relative, *columns)
    for year, n in row.countries_by_year.items():
        assert n == len(raw.get(year, ())), (indicator, year)
    assert row.latest_year == max(raw)
    assert row.countries_in_latest_year == len(raw[max(raw)])
