"""Indicators with a denominator are ranked relative to it (percent of GDP) of the same year,
shown as observed; the engine's denominate stage does the division."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from admtrack.analytics.pipeline import build
from admtrack.domain.geography import COUNTRIES
from admtrack.domain.observations import Observation
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.scoring import (
    IndexMethod,
    compute_results,
    denominator_codes,
    plan_index_data,
    plan_spec,
    series_codes,
)
from admtrack.services.scoring.data import denominator_column

_ADM2025 = next(p for p in builtin_plans() if p.id == "adm2025")
# Four member states only: rank every outcome with a score (the plan's minimum is for all 11)
PLAN = replace(_ADM2025, evaluation=replace(_ADM2025.evaluation, min_states_ranked=1))
ICT, GDP = "IE.PPN.ICTI.CD", "NY.GDP.MKTP.CD"
OBS = [
    Observation(ICT, "MYS", 2023, 2.0e9, "wdi"),
    Observation(ICT, "IDN", 2023, 3.0e9, "wdi"),
    Observation(ICT, "THA", 2023, 1.0e9, "wdi"),  # no GDP in 2023 nor earlier: missing
    Observation(ICT, "VNM", 2022, 1.0e9, "wdi"),  # GDP of 2022 exists: used
    Observation(ICT, "VNM", 2024, 9.0e9, "wdi"),  # newer, but no GDP in 2024: skipped
    Observation(GDP, "MYS", 2023, 4.0e11, "wdi"),
    Observation(GDP, "MYS", 2024, 8.0e11, "wdi"),  # a later GDP year is not mixed in
    Observation(GDP, "IDN", 2023, 1.2e12, "wdi"),
    Observation(GDP, "VNM", 2022, 4.0e11, "wdi"),
    Observation(GDP, "VNM", 2023, 4.3e11, "wdi"),
    Observation("IT.NET.USER.ZS", "MYS", 2023, 97.0, "owid"),
]


def _denominated() -> dict[str, float]:
    prepared = plan_index_data(PLAN, OBS, list(COUNTRIES))
    result = build(plan_spec(PLAN, IndexMethod(), prepared.data.tree), prepared.data)
    column = result.stage("Denominated").values[:, prepared.data.tree.index_of(ICT)]
    return dict(zip(prepared.data.unit_codes, column.tolist(), strict=True))


def test_series_are_the_indicators_then_the_denominators() -> None:
    assert denominator_codes(PLAN) == (GDP, "SP.POP.TOTL")
    assert series_codes(PLAN)[-2:] == denominator_codes(PLAN)


def test_values_become_percent_of_the_same_years_denominator() -> None:
    out = _denominated()
    assert out["MYS"] == pytest.approx(0.5)  # 2e9 / 4e11 (2023), not / 8e11 (2024)
    assert out["IDN"] == pytest.approx(0.25)
    assert out["VNM"] == pytest.approx(0.25)  # 2022: 1e9 / 4e11; 2024 has no GDP
    assert np.isnan(out["THA"])


def test_the_engine_input_pairs_each_value_with_its_years_denominator() -> None:
    prepared = plan_index_data(PLAN, OBS, list(COUNTRIES))
    column = prepared.data.denominators[denominator_column(GDP, ICT)]
    gdp = dict(zip(prepared.data.unit_codes, column.tolist(), strict=True))
    assert gdp["MYS"] == 4.0e11 and gdp["VNM"] == 4.0e11 and np.isnan(gdp["THA"])
    used = {(v.country, v.year) for v in prepared.latest if v.indicator == ICT}
    assert used == {("MYS", 2023), ("IDN", 2023), ("VNM", 2022)}


def test_the_index_ranks_the_share_and_shows_the_amount() -> None:
    results = compute_results(PLAN, OBS, list(COUNTRIES), "r", samples=10)
    # MYS invests less in US$ than IDN but more as a share of GDP: it ranks first on DO4
    assert results.rank("DO4", "MYS") == 1 and results.rank("DO4", "IDN") == 2
    shown = results.latest_value(ICT, "MYS")
    assert shown is not None and shown.value == 2.0e9 and shown.year == 2023
    vnm = results.latest_value(ICT, "VNM")
    assert vnm is not None and vnm.year == 2022  # the value the rank was built on
