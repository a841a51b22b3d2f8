"""Progress verdicts of a plan: which targets apply, and indicators without a trend test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from admtrack.domain.framework import Indicator, Outcome, Plan
from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.domain.observations import Observation
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.scoring.model import OutcomeStatus, RegionalStatus, Verdict
from admtrack.services.scoring.progress import (
    ProgressYears,
    observation_panel,
    plan_progress,
    progress_years,
)

UNITS = ("KHM", "VNM")
PANEL = {
    ("IT.NET.USER.ZS", "KHM"): [(2020, 30.0), (2023, 40.0)],
    ("IT.NET.USER.ZS", "VNM"): [(2020, 70.0), (2023, 78.0)],
    ("NY.GDP.MKTP.KD.ZG", "KHM"): [(2020, 3.0), (2024, 1.0)],
    ("NY.GDP.MKTP.KD.ZG", "VNM"): [(2020, 2.9), (2024, 7.1)],
}


def _run(
    plan: Plan | None = None,
) -> tuple[list[Verdict], list[OutcomeStatus], list[RegionalStatus]]:
    plan = plan or builtin_plans()[0]
    return plan_progress(
        plan, PANEL, UNITS, COUNTRIES_BY_ISO3, baseline_year=2020, end_year=2025, current_year=2025
    )


def test_ldc_members_are_judged_against_the_ldc_target() -> None:
    verdicts, _, _ = _run()
    reference = {
        v.country: v
        for v in verdicts
        if v.indicator == "IT.NET.USER.ZS" and v.target_set is not None
    }
    assert reference["KHM"].target_value == 35.0 and reference["KHM"].category == "target achieved"
    assert reference["VNM"].target_value == 75.0 and reference["VNM"].target_met is True


def test_an_indicator_without_trend_test_gets_no_verdict_and_says_so_in_summaries() -> None:
    verdicts, outcomes, _ = _run()
    assert not [v for v in verdicts if v.indicator == "NY.GDP.MKTP.KD.ZG"]
    do1 = [o for o in outcomes if o.outcome == "DO1"]
    # without a coverage rule all three count: ICT service exports has a verdict, GDP growth and
    # FDI (no trend test, no target) have none, so 1 of 3 < half: no verdict, with the reasons
    assert sorted((o.country, o.n_indicators, o.n_no_verdict) for o in do1) == [
        ("KHM", 3, 3), ("VNM", 3, 3)
    ]  # fmt: skip
    assert all("NY.GDP.MKTP.KD.ZG: no target and no trend test" in o.reason for o in do1)
    plan = builtin_plans()[0]
    growth = replace(plan.indicator("NY.GDP.MKTP.KD.ZG"), trend_test=True)
    do1_outcome = replace(
        plan.outcome("DO1"), indicators=(growth, *plan.outcome("DO1").indicators[1:])
    )
    with_trend = replace(plan, outcomes=(do1_outcome, *plan.outcomes[1:]))
    verdicts, _, _ = _run(with_trend)
    khm = [v for v in verdicts if v.indicator == "NY.GDP.MKTP.KD.ZG" and v.country == "KHM"]
    assert khm and khm[0].category == "deterioration"  # what the trend test would have said


def _worked_example(
    red_thresholds: dict[str, float] | None,
) -> dict[str | None, Verdict]:
    """docs/methodology/progress.md's worked example: 40 in 2020, 55 in 2023, target 75 by 2025."""
    panel = {("IT.NET.USER.ZS", "VNM"): [(2020, 40.0), (2023, 55.0)]}
    verdicts, _, _ = plan_progress(
        builtin_plans()[0], panel, ("VNM",), COUNTRIES_BY_ISO3, baseline_year=2020,
        end_year=2025, current_year=2025, red_thresholds=red_thresholds,
    )  # fmt: skip
    return {v.target_set: v for v in verdicts if v.indicator == "IT.NET.USER.ZS"}


def test_verdicts_carry_every_progress_family_of_the_worked_example() -> None:
    by_set = _worked_example({"IT.NET.USER.ZS": 30.0})
    v = by_set["broadband-commission-2025"]
    assert v.target_value == 75.0 and v.target_year == 2025
    assert v.cagr_actual == pytest.approx(
        (55 / 40) ** (1 / 3) - 1
    ) and v.cagr_actual == pytest.approx(0.11199, abs=1e-5)
    assert v.cagr_required == pytest.approx((75 / 40) ** (1 / 5) - 1)
    assert v.cagr_ratio == pytest.approx(0.8360, abs=1e-4) and v.category == "acceleration needed"
    assert v.current_status == pytest.approx(10 * 15 / 35) and v.expected_status == pytest.approx(
        6.0
    )
    assert v.distance_progress == pytest.approx(15 / 35)
    # two observations: the weighted line is the line through them, 5 a year -> 65 in 2025
    assert v.projected_value == pytest.approx(65.0)
    assert v.anticipated_progress == pytest.approx(25 / 35)
    assert v.anticipated_category == "accelerate progress"
    assert v.annual_change == pytest.approx(5.0) and v.trend_ratio == pytest.approx(5 / 7)
    assert v.trend == "moderately improving"
    assert v.traffic_light == "yellow"  # 55 between the midpoint (75 + 30) / 2 = 52.5 and 75


def test_trend_verdict_has_no_target_relative_measures_and_no_light_without_red_threshold() -> None:
    by_set = _worked_example(None)
    trend = by_set[None]
    assert trend.cagr_actual == pytest.approx(0.11199, abs=1e-5) and trend.category == "on track"
    assert trend.cagr_required is None and trend.cagr_ratio is None
    assert (trend.current_status, trend.anticipated_category, trend.trend) == (None, None, None)
    assert trend.distance_progress is None and trend.anticipated_progress is None
    assert trend.annual_change == pytest.approx(5.0) and trend.trend_ratio is None
    assert trend.projected_value == pytest.approx(65.0)  # the line at the plan's end year
    assert by_set["broadband-commission-2025"].traffic_light is None
    assert by_set["broadband-commission-2025"].trend == "moderately improving"


def test_target_met_at_baseline_reports_the_projection_category() -> None:
    verdicts, _, _ = _run()
    khm = next(
        v for v in verdicts
        if v.indicator == "IT.NET.USER.ZS" and v.country == "KHM" and v.target_set is not None
    )  # fmt: skip
    # 30 -> 40 against the LDC target 35: met at latest, not at baseline; line 30 + 10/3 (t - 2020)
    assert khm.current_status == 10.0 and khm.distance_progress == 1.0
    assert khm.projected_value == pytest.approx(30 + 10 / 3 * 5)
    assert khm.anticipated_progress == pytest.approx((30 + 50 / 3 - 30) / 5)
    assert khm.anticipated_category == "maintain progress" and khm.trend == "on track"


def test_progress_years_follow_the_plan_else_the_data() -> None:
    plan = builtin_plans()[0]  # ADM2025: period 2021-2025, baseline 2020
    assert progress_years(plan, []) == ProgressYears(baseline=2020, end=2025, current=2025)
    assert progress_years(plan, [], reference_year=2023).current == 2023
    bare = replace(plan, period=None, baseline_year=None)
    obs = [Observation("IT.NET.USER.ZS", "VNM", year, 1.0, source="s") for year in (2019, 2024)]
    assert progress_years(bare, obs) == ProgressYears(baseline=2019, end=2024, current=2024)
    growth = Indicator("G", "growth", "%", 1, "DO1")
    one_year = Plan("p", "p", (Outcome("DO1", "one", indicators=(growth,)),), period=(2021, 2021))
    short = replace(one_year, baseline_year=2021)
    assert progress_years(short, []) == ProgressYears(baseline=2021, end=2022, current=2021)


def test_observation_panel_sorts_each_series_by_year() -> None:
    obs = [
        Observation("IT.NET.USER.ZS", "VNM", 2023, 78.0, source="s"),
        Observation("IT.NET.USER.ZS", "VNM", 2020, 70.0, source="s"),
        Observation("IT.NET.USER.ZS", "KHM", 2021, 33.0, source="s"),
    ]
    assert observation_panel(obs) == {
        ("IT.NET.USER.ZS", "VNM"): [(2020, 70.0), (2023, 78.0)],
        ("IT.NET.USER.ZS", "KHM"): [(2021, 33.0)],
    }
