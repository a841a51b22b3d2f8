"""Progress verdicts of a plan: which targets apply, and indicators without a trend test."""

from __future__ import annotations

from dataclasses import replace

from admtrack.domain.framework import Plan
from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.results_model import OutcomeStatus, RegionalStatus, Verdict
from admtrack.services.results_progress import plan_progress

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


def test_an_indicator_without_trend_test_gets_no_trend_verdict_and_stays_out_of_summaries() -> None:
    verdicts, outcomes, _ = _run()
    assert not [v for v in verdicts if v.indicator == "NY.GDP.MKTP.KD.ZG"]
    do1 = [o for o in outcomes if o.outcome == "DO1"]
    assert all(o.n_indicators == 1 for o in do1)  # ICT service exports only (FDI: no trend test)
    plan = builtin_plans()[0]
    growth = replace(plan.indicator("NY.GDP.MKTP.KD.ZG"), trend_test=True)
    do1_outcome = replace(
        plan.outcome("DO1"), indicators=(growth, *plan.outcome("DO1").indicators[1:])
    )
    with_trend = replace(plan, outcomes=(do1_outcome, *plan.outcomes[1:]))
    verdicts, _, _ = _run(with_trend)
    khm = [v for v in verdicts if v.indicator == "NY.GDP.MKTP.KD.ZG" and v.country == "KHM"]
    assert khm and khm[0].category == "deterioration"  # what the trend test would have said
