"""The coverage table agrees with counts made directly from the raw public files."""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.domain.geography import ASEAN_MEMBERS, COUNTRIES
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


WDI_COLUMNS = ("Country Code", "Year", "Value")
M49 = {c.m49: c.iso3 for c in COUNTRIES if c.m49 is not None}


def _raw_counts(path: Path, code_col: str, year_col: str, value_col: str) -> dict[int, set[str]]:
    counts: dict[int, set[str]] = defaultdict(set)
    with path.open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            code = row[code_col].strip().upper()
            code = M49.get(int(code), code) if code.isdigit() else code
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
    # the evaluation window is the plan period 2021-2025: only THA 2023 is inside it
    assert internet.window_states == frozenset({"THA"}) and internet.countries_in_window == 1
    assert summary["DO8"]["window"] == "2021-2025"
    assert summary["DO8"]["states_in_window"] == 1
    assert summary["DO8"]["well_covered_9_of_11"] == 0


def test_an_indicator_is_well_covered_with_window_data_for_nine_states() -> None:
    plan = builtin_plans()[0]
    nine = ASEAN_MEMBERS[:9]
    obs = [Observation("EGOV.EGDI", c, 2022, 0.5, "un-egdi") for c in nine]
    obs += [Observation("EGOV.OSI", c, 2024, 0.5, "un-egdi") for c in nine[:8]]
    obs += [Observation("EGOV.OSI", "TLS", 2020, 0.5, "un-egdi")]  # before the window
    obs += [Observation("EGOV.EPI", c, 2026, 0.5, "un-egdi") for c in ASEAN_MEMBERS]  # after
    summary = {s["outcome"]: s for s in outcome_summary(plan, plan_coverage(plan, obs), 11)}
    assert summary["DO5"]["well_covered_9_of_11"] == 1
    assert summary["DO5"]["states_in_window"] == 9
    assert summary["DO4"]["thinly_measured"] is True


@needs_raw
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    ("indicator", "files"),
    [
        ("IT.CEL.SETS.P2", (("worldbank_wdi_datahub/it.cel.sets.p2/data.csv", WDI_COLUMNS),)),
        ("SE.TER.ENRR", (("worldbank_wdi_datahub/se.ter.enrr/data.csv", WDI_COLUMNS),)),
        ("LP.LPI.OVRL.XQ", (("worldbank_wdi_datahub/lp.lpi.ovrl.xq/data.csv", WDI_COLUMNS),)),
        (
            "IT.NET.USER.ZS",  # two vintages: every value of either counts, once
            (
                (
                    "owid_itu_internet_users/share-of-individuals-using-the-internet.csv",
                    ("Code", "Year", "Individuals using the Internet (% of population)"),
                ),
                (
                    "worldbank_wdi_open_numbers_2/ddf--datapoints--it_net_user_zs--by--geo--time.csv",
                    ("geo", "time", "it_net_user_zs"),
                ),
            ),
        ),
        (
            "IT_MOB_4GNTWK",  # three vintages
            (
                (
                    "un_sdg_open_numbers/ddf--datapoints--it_mob_4gntwk--by--geo_area--nature--units--year.csv",
                    ("geo_area", "year", "it_mob_4gntwk"),
                ),
                (
                    "un_sdg_open_numbers_2023/ddf--datapoints--it_mob_4gntwk--by--geo_area--nature--units--year.csv",
                    ("geo_area", "year", "it_mob_4gntwk"),
                ),
                (
                    "owid_sdg_mobile_coverage/population-covered-by-mobile-network-by-network-capability.csv",
                    ("Code", "Year", "_9_c_1__it_mob_4gntwk"),
                ),
            ),
        ),
    ],
)
def test_coverage_agrees_with_the_raw_files(
    engine: sa.Engine, indicator: str, files: tuple[tuple[str, tuple[str, str, str]], ...]
) -> None:
    initialise(engine)
    plan = builtin_plans()[0]
    with Store(engine).reader() as r:
        observations = r.observations(indicator=indicator, countries=ASEAN_MEMBERS)
    (row,) = [r for r in plan_coverage(plan, observations) if r.indicator == indicator]
    raw: dict[int, set[str]] = defaultdict(set)
    for relative, columns in files:
        for year, found in _raw_counts(RAW / relative, *columns).items():
            raw[year] |= found
    for year, n in row.countries_by_year.items():
        assert n == len(raw.get(year, ())), (indicator, year)
    assert row.latest_year == max(raw)
    assert row.countries_in_latest_year == len(raw[max(raw)])
