from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from admtrack.analytics.progress import (
    IndicatorProgress,
    ProgressRules,
    indicator_progress,
    outcome_progress,
    regional_summary,
)
from admtrack.errors import MethodError

YEARS = [2019, 2020, 2021, 2022, 2023]
NAN = math.nan


def _one(row: list[float], **kwargs: object) -> IndicatorProgress:
    params: dict[str, object] = {"target": 75.0, "target_year": 2025, "baseline_year": 2020}
    params.update(kwargs)
    return indicator_progress(np.array([row]), YEARS, **params)  # type: ignore[arg-type]


def test_hand_computed_example() -> None:
    # baseline 40 in 2020, latest 55 in 2023, target 75 in 2025
    r = _one([NAN, 40, NAN, NAN, 55], red_threshold=30)
    cagr_a = (55 / 40) ** (1 / 3) - 1  # 0.11199
    cagr_r = (75 / 40) ** (1 / 5) - 1  # 0.13397
    assert r.baseline_year[0] == 2020 and r.baseline_value[0] == 40
    assert r.latest_year[0] == 2023 and r.latest_value[0] == 55
    assert r.cagr_actual[0] == pytest.approx(0.111990, abs=1e-6)
    assert r.cagr_required[0] == pytest.approx(0.133967, abs=1e-6)
    assert r.cagr_ratio[0] == pytest.approx(cagr_a / cagr_r)
    assert r.cagr_ratio[0] == pytest.approx(0.83595, abs=1e-5)
    assert r.cagr_category[0] == "acceleration needed"
    assert r.current_status[0] == pytest.approx(10 * 15 / 35)
    assert r.expected_status[0] == pytest.approx(6.0)
    assert r.distance_progress[0] == pytest.approx(15 / 35)
    assert r.annual_change[0] == 5 and r.required_change[0] == 7
    assert r.trend[0] == "moderately improving"  # 5/7 = 0.714 > 0.5
    assert r.traffic_light[0] == "yellow"  # 55 is past the midpoint 52.5 of red 30, green 75
    # only two observations: the weighted line is the straight line through them
    assert r.projected_value[0] == pytest.approx(55 + 2 * 5)
    assert r.anticipated_progress[0] == pytest.approx(25 / 35)
    assert r.anticipated_category[0] == "accelerate progress"
    assert r.reason[0] == ""


def test_weighted_projection_favours_recent_years() -> None:
    # 2019..2023 values 0, 0, 0, 10, 20; linear weights 1..5
    r = _one([0, 0, 0, 10, 20], target=100, baseline_year=2019)
    t = np.array(YEARS, float)
    x = np.array([0, 0, 0, 10, 20.0])
    slope, intercept = np.polyfit(t, x, 1, w=np.sqrt(t - 2018))
    assert r.projected_value[0] == pytest.approx(intercept + slope * 2025)
    assert r.projected_value[0] > np.polyval(np.polyfit(t, x, 1), 2025)


def test_baseline_window_prefers_earlier_year_on_ties() -> None:
    r = _one([30, NAN, 50, NAN, 60])
    assert r.baseline_year[0] == 2019 and r.baseline_value[0] == 30
    r = _one([NAN, NAN, NAN, 20, 60], baseline_year=2020)
    assert r.baseline_year[0] == 2022  # two years away, inside the window
    r = _one([NAN, NAN, NAN, NAN, 60], rules=ProgressRules(baseline_window=2))
    assert math.isnan(r.baseline_year[0])
    assert r.cagr_category[0] == "insufficient data"
    assert r.reason[0] == "one year only"  # one observation: no trend, whatever the baseline


def test_single_observation_and_no_data() -> None:
    r = _one([NAN, 40, NAN, NAN, NAN])
    assert r.cagr_category[0] == "insufficient data"
    assert r.reason[0] == "one year only"
    r = _one([40, NAN, NAN, 50, NAN], baseline_year=2022)  # baseline 2022, nothing later
    assert r.reason[0] == "no observation after the baseline"
    r = _one([NAN] * 5)
    assert r.cagr_category[0] == "insufficient data"
    assert r.trend[0] == "insufficient data"
    assert r.reason[0] == "no observation up to the current year"


def test_current_year_limits_latest() -> None:
    r = _one([NAN, 40, NAN, 50, 55], current_year=2022)
    assert r.latest_year[0] == 2022 and r.latest_value[0] == 50


def test_target_met_at_baseline() -> None:
    r = _one([NAN, 80, NAN, NAN, 90])
    assert r.cagr_category[0] == "target achieved"
    assert math.isnan(r.cagr_ratio[0])
    assert r.current_status[0] == 10 and r.distance_progress[0] == 1
    assert r.anticipated_category[0] == "maintain progress"
    assert r.reason[0].startswith("target met at baseline")
    r = _one([NAN, 80, NAN, NAN, 70])
    assert r.cagr_category[0] == "deterioration"
    assert r.reason[0] == "target met at baseline but no longer met"
    assert r.anticipated_category[0] == "reverse trend"
    assert r.trend[0] == "decreasing"


def test_direction_minus_one() -> None:
    # lower is better: 20 -> 15 over 3 years, target 10 by 2025
    r = _one([NAN, 20, NAN, NAN, 15], target=10, direction=-1)
    assert r.cagr_ratio[0] == pytest.approx(((15 / 20) ** (1 / 3) - 1) / ((10 / 20) ** 0.2 - 1))
    assert r.current_status[0] == pytest.approx(10 * 5 / 10)
    assert r.distance_progress[0] == pytest.approx(0.5)
    r = _one([NAN, 20, NAN, NAN, 25], target=10, direction=-1)
    assert r.cagr_category[0] == "deterioration"
    assert r.current_status[0] == pytest.approx(-5.0)
    assert r.distance_progress[0] == 0
    assert r.trend[0] == "decreasing"


def test_non_positive_values_leave_cagr_undefined() -> None:
    r = _one([NAN, 0, NAN, NAN, 20])
    assert math.isnan(r.cagr_actual[0])
    assert r.cagr_category[0] == "insufficient data"
    assert "CAGR undefined" in r.reason[0]
    assert r.current_status[0] == pytest.approx(10 * 20 / 75)  # CS needs no logarithm


def test_no_target_uses_fixed_rates() -> None:
    r = _one([NAN, 100, NAN, NAN, 106.1208], target=NAN)  # 2 % a year
    assert r.cagr_actual[0] == pytest.approx(0.02, abs=1e-6)
    assert r.cagr_category[0] == "on track"
    assert math.isnan(r.current_status[0])
    r = _one([NAN, 100, NAN, NAN, 103], target=NAN, direction=-1)
    assert r.cagr_category[0] == "deterioration"
    r = _one([NAN, 100, NAN, NAN, 103], target=NAN, rules=ProgressRules(limit_factor=0.5))
    assert r.cagr_category[0] == "on track"  # 0.99 % >= 1.5 % x 0.5


def test_category_thresholds() -> None:
    x0, years_needed = 40.0, 5
    cagr_r = (75 / x0) ** (1 / years_needed) - 1
    rows = [[NAN, x0, NAN, NAN, x0 * (1 + k * cagr_r) ** 3] for k in (1.0, 0.7, 0.3, -0.2)]
    r = indicator_progress(np.array(rows), YEARS, target=75, target_year=2025, baseline_year=2020)
    assert list(r.cagr_category) == [
        "on track",
        "acceleration needed",
        "limited progress",
        "deterioration",
    ]


def test_vectorised_over_indicators() -> None:
    values = np.array([[[NAN, 40, NAN, NAN, 55]], [[NAN, 20, NAN, NAN, 15]]])  # (2, 1, 5)
    r = indicator_progress(
        values,
        YEARS,
        target=[[75], [10]],
        direction=[[1], [-1]],
        target_year=2025,
        baseline_year=2020,
    )
    assert r.cagr_ratio.shape == (2, 1)
    single = _one([NAN, 20, NAN, NAN, 15], target=10, direction=-1)
    assert r.cagr_ratio[1, 0] == pytest.approx(single.cagr_ratio[0])


def test_bad_arguments() -> None:
    with pytest.raises(MethodError):
        _one([1, 2, 3, 4, 5], target_year=2020)
    with pytest.raises(MethodError):
        indicator_progress(
            np.ones((1, 3)), [2020, 2019, 2021], target=1, target_year=2025, baseline_year=2020
        )
    with pytest.raises(MethodError):
        _one([1, 2, 3, 4, 5], direction=0)


series = st.lists(st.floats(1.0, 1e3), min_size=5, max_size=5)


@settings(max_examples=60, deadline=None)
@given(series, st.floats(1.0, 1e3), st.floats(0.01, 100.0))
def test_cagr_ratio_is_scale_invariant(row: list[float], target: float, scale: float) -> None:
    a = _one(row, target=target)
    b = _one([v * scale for v in row], target=target * scale)
    np.testing.assert_allclose(b.cagr_ratio, a.cagr_ratio, rtol=1e-9, atol=1e-12)
    assert list(a.cagr_category) == list(b.cagr_category)
    np.testing.assert_allclose(b.current_status, a.current_status, rtol=1e-9, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(series, st.floats(1.0, 1e3))
def test_direction_symmetry(row: list[float], target: float) -> None:
    """Negating values and target and flipping the direction leaves the linear measures alone."""
    a = _one(row, target=target)
    b = _one([-v for v in row], target=-target, direction=-1)
    for name in ("current_status", "distance_progress", "anticipated_progress", "trend_ratio"):
        np.testing.assert_allclose(getattr(b, name), getattr(a, name), rtol=1e-9, atol=1e-9)
    assert list(a.anticipated_category) == list(b.anticipated_category)
    assert list(a.trend) == list(b.trend)


def _three_indicators() -> dict[str, IndicatorProgress]:
    kw = {"target_year": 2025, "baseline_year": 2020, "red_threshold": 30}
    on = [[NAN, 40, NAN, NAN, 70], [NAN, 40, NAN, NAN, 50]]  # unit A on track, B slow
    slow = [[NAN, 40, NAN, NAN, 55], [NAN, 40, NAN, NAN, 25]]  # A slow, B regressed
    gone = [[NAN, 40, NAN, NAN, 60], [NAN] * 5]  # B without data
    return {
        code: indicator_progress(np.array(v), YEARS, target=75, **kw)  # type: ignore[arg-type]
        for code, v in (("i1", on), ("i2", slow), ("i3", gone))
    }


def test_outcome_progress_and_regional_summary() -> None:
    results = _three_indicators()
    frame = outcome_progress(results, {"i1": "DO1", "i2": "DO1", "i3": "DO2"}, ["A", "B"])
    do1 = {r["uCode"]: r for r in frame.filter(frame["outcome"] == "DO1").to_dicts()}
    assert do1["A"]["n_on_track"] == 1 and do1["A"]["n_needs_acceleration"] == 1
    assert do1["A"]["summary"] == "needs acceleration"  # lower median of (2, 1)
    assert do1["A"]["share_on_track"] == 0.5
    assert do1["B"]["summary"] == "regressed"  # lower median of (1, 0)
    assert do1["B"]["dashboard_colour"] == "red"  # two worst: orange (1) and red (0) -> 0.5
    do2 = {r["uCode"]: r for r in frame.filter(frame["outcome"] == "DO2").to_dicts()}
    assert do2["B"]["summary"] == "no verdict" and do2["B"]["n_no_verdict"] == 1
    assert do2["B"]["reason"] == (
        "verdicts for 0 of 1 indicators (i3: no observation up to the current year)"
    )
    summary = regional_summary(frame).to_dicts()
    assert summary[0] == {
        "outcome": "DO1",
        "n_units": 2,
        "on_track": 0,
        "at_ceiling": 0,
        "stable": 0,
        "needs_acceleration": 1,
        "regressed": 1,
        "no_verdict": 0,
        "not_measured": 0,
    }
    assert summary[1]["no_verdict"] == 1


def test_frame_has_one_row_per_unit() -> None:
    r = _one([NAN, 40, NAN, NAN, 55])
    frame = r.frame(["THA"])
    assert frame["uCode"].to_list() == ["THA"]
    assert frame["cagr_category"].to_list() == ["acceleration needed"]
    with pytest.raises(MethodError):
        r.frame(["THA", "VNM"])


def test_an_outcome_without_indicators_is_not_measured_for_every_unit() -> None:
    years = np.array([2020.0, 2023.0])
    one = indicator_progress(
        np.array([[40.0, 55.0], [50.0, 52.0]]),
        years,
        target=75.0,
        target_year=2025,
        baseline_year=2020,
    )
    frame = outcome_progress({"A": one}, {"A": "O1", "B": "O2"}, ["X", "Y"])
    o2 = frame.filter(frame["outcome"] == "O2")
    assert o2["uCode"].to_list() == ["X", "Y"]
    assert o2["summary"].to_list() == ["not measured", "not measured"]
    assert o2["n_indicators"].to_list() == [0, 0]
    assert regional_summary(frame).filter(pl.col("outcome") == "O2")["not_measured"].item() == 2
