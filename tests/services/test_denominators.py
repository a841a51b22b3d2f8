"""Indicators with a denominator are ranked relative to it (percent of GDP), shown as observed."""

from __future__ import annotations

import pytest

from admtrack.domain.geography import COUNTRIES
from admtrack.domain.observations import Observation
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.denominators import denominator_codes, per_denominator, series_codes
from admtrack.services.index_data import plan_index_data
from admtrack.services.results import compute_results

PLAN = builtin_plans()[0]
OBS = [
    Observation("IE.PPN.ICTI.CD", "MYS", 2023, 2.0e9, "wdi"),
    Observation("IE.PPN.ICTI.CD", "IDN", 2023, 3.0e9, "wdi"),
    Observation("IE.PPN.ICTI.CD", "THA", 2023, 1.0e9, "wdi"),  # no GDP that year: dropped
    Observation("NY.GDP.MKTP.CD", "MYS", 2023, 4.0e11, "wdi"),
    Observation("NY.GDP.MKTP.CD", "IDN", 2023, 1.2e12, "wdi"),
    Observation("IT.NET.USER.ZS", "MYS", 2023, 97.0, "owid"),
]


def test_values_become_percent_of_the_denominator() -> None:
    assert denominator_codes(PLAN) == ("NY.GDP.MKTP.CD", "SP.POP.TOTL")
    assert series_codes(PLAN)[-2:] == denominator_codes(PLAN)
    out = {(o.indicator, o.country): o.value for o in per_denominator(PLAN, OBS)}
    assert out[("IE.PPN.ICTI.CD", "MYS")] == pytest.approx(0.5)  # 2e9 / 4e11 = 0.5 %
    assert out[("IE.PPN.ICTI.CD", "IDN")] == pytest.approx(0.25)
    assert ("IE.PPN.ICTI.CD", "THA") not in out
    assert out[("IT.NET.USER.ZS", "MYS")] == 97.0
    assert not any(code == "NY.GDP.MKTP.CD" for code, _ in out)


def test_the_index_ranks_the_share_and_shows_the_amount() -> None:
    results = compute_results(PLAN, OBS, list(COUNTRIES), "r", samples=10)
    # MYS invests less in US$ than IDN but more as a share of GDP: it ranks first on DO4
    assert results.rank("DO4", "MYS") == 1 and results.rank("DO4", "IDN") == 2
    shown = results.latest_value("IE.PPN.ICTI.CD", "MYS")
    assert shown is not None and shown.value == 2.0e9


def test_engine_input_carries_the_denominators() -> None:
    data = plan_index_data(PLAN, OBS, list(COUNTRIES))
    gdp = dict(zip(data.unit_codes, data.denominators["NY.GDP.MKTP.CD"], strict=True))
    assert gdp["MYS"] == 4.0e11 and gdp["IDN"] == 1.2e12
