"""The evaluation rules of the progress engine, on hand-computed series: ceilings, the tolerance
band of relative indices, "one year only", and outcome summaries that rest on the indicators of
the score ("no verdict" and "not measured" with their reasons)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from admtrack.analytics.progress import (
    AT_CEILING,
    FELL,
    ROSE,
    STATUS_OF,
    WITHIN_TOLERANCE,
    IndicatorProgress,
    indicator_progress,
    outcome_progress,
    regional_summary,
)

NAN = math.nan
YEARS = np.array([2020.0, 2023.0])


def _trend(values: list[float], **kw: object) -> IndicatorProgress:
    return indicator_progress(
        np.array([values]), YEARS, target=kw.pop("target", NAN), target_year=2025,
        baseline_year=2020, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def test_access_near_its_bound_is_at_ceiling_not_limited_progress() -> None:
    # 99.5 -> 99.8 in 3 years: CAGR (99.8/99.5)^(1/3) - 1 = 0.1004 %, below the 0.5 % rate
    plain = _trend([99.5, 99.8])
    assert plain.cagr_actual[0] == pytest.approx((99.8 / 99.5) ** (1 / 3) - 1)
    assert plain.cagr_actual[0] == pytest.approx(0.001004, abs=1e-6)
    assert plain.cagr_category[0] == "limited progress"
    ruled = _trend([99.5, 99.8], bound=100.0, ceiling_distance=1.0)
    assert ruled.cagr_category[0] == AT_CEILING and STATUS_OF[AT_CEILING] == "at ceiling"
    assert ruled.reason[0] == "within the ceiling distance of its natural bound"
    # 98.5 is 1.5 points from the bound: outside a distance of 1, the trend test stands
    # (CAGR (98.5/97)^(1/3) - 1 = 0.51 %, between 0.5 % and 1.5 %)
    assert _trend([97.0, 98.5], bound=100.0, ceiling_distance=1.0).cagr_category[0] == (
        "acceleration needed"
    )


def test_a_gap_near_parity_is_at_ceiling_and_a_met_target_stays_achieved() -> None:
    # lower is better, bound 0: a gap of 0.6 points is within 1 of parity
    gap = _trend([3.0, 0.6], direction=-1, bound=0.0, ceiling_distance=1.0)
    assert gap.cagr_category[0] == AT_CEILING
    # 1.5 points from parity: the trend test, d CAGR = -((1.5/3)^(1/3) - 1) = 20.6 % >= 1.5 %
    wide = _trend([3.0, 1.5], direction=-1, bound=0.0, ceiling_distance=1.0)
    assert -wide.cagr_actual[0] == pytest.approx(1 - 0.5 ** (1 / 3))
    assert wide.cagr_category[0] == "on track"
    met = _trend([98.0, 99.8], target=99.0, bound=100.0, ceiling_distance=1.0)
    assert met.cagr_category[0] == "target achieved"
    exact = _trend([3.0, 4.0], bound=4.0, ceiling_distance=0.0)  # a count reaching its maximum
    assert exact.cagr_category[0] == AT_CEILING
    assert _trend([3.0, 3.0], bound=4.0, ceiling_distance=0.0).cagr_category[0] != AT_CEILING


def test_relative_indices_are_judged_with_a_tolerance_band() -> None:
    kw = {"relative": True, "relative_tolerance": 0.05}
    # 0.80 -> 0.78: r = 0.78/0.80 - 1 = -2.5 %, inside +-5 %: within tolerance (stable)
    small = _trend([0.80, 0.78], **kw)
    assert small.cagr_category[0] == WITHIN_TOLERANCE and STATUS_OF[WITHIN_TOLERANCE] == "stable"
    assert _trend([0.80, 0.78]).cagr_category[0] == "deterioration"  # raw growth: regressed
    fell = _trend([0.80, 0.74], **kw)  # r = -7.5 %
    assert fell.cagr_category[0] == FELL and STATUS_OF[FELL] == "regressed"
    rose = _trend([0.80, 0.86], **kw)  # r = +7.5 %
    assert rose.cagr_category[0] == ROSE and STATUS_OF[ROSE] == "on track"
    # lower is better: a fall of 7.5 % is an improvement
    assert _trend([0.80, 0.74], direction=-1, **kw).cagr_category[0] == ROSE
    # with a target the target rules apply, not the band
    targeted = _trend([0.80, 0.78], target=0.9, **kw)
    assert targeted.cagr_category[0] == "deterioration"


def test_one_observation_reads_one_year_only() -> None:
    r = _trend([NAN, 55.0])
    assert r.cagr_category[0] == "insufficient data" and r.reason[0] == "one year only"
    assert STATUS_OF[str(r.cagr_category[0])] == "no verdict"


def _pair() -> dict[str, IndicatorProgress]:
    a = indicator_progress(
        np.array([[40.0, 70.0], [40.0, 42.0]]), YEARS, target=75.0, target_year=2025,
        baseline_year=2020,
    )  # fmt: skip
    # X: R = ((70/40)^(1/3) - 1) / ((75/40)^(1/5) - 1) = 1.53 on track; Y: 40 -> 42, R = 0.12
    b = indicator_progress(np.array([[NAN, 50.0], [30.0, 20.0]]), YEARS, target=NAN,
                           target_year=2025, baseline_year=2020)  # fmt: skip
    return {"a": a, "b": b}


def test_the_summary_rests_on_the_indicators_of_the_score() -> None:
    results = _pair()
    outcome_of = {"a": "O", "b": "O", "c": "O"}
    # c has no verdict by design; X's score holds a and c, Y's holds a, b and c
    in_score = {
        "a": np.array([True, True]),
        "b": np.array([False, True]),
        "c": np.array([True, True]),
    }
    frame = outcome_progress(
        results, outcome_of, ["X", "Y"], no_verdict={"c": "no target and no trend test"},
        in_score=in_score,
    )  # fmt: skip
    x, y = frame.to_dicts()
    assert (x["n_indicators"], x["n_assessed"], x["n_on_track"], x["n_no_verdict"]) == (2, 1, 1, 1)
    assert x["summary"] == "on track" and x["reason"] == ""  # 1 of 2 >= half
    # Y: a needs acceleration, b regressed (30 -> 20 without target), c none: lower median of
    # (1, 0) is 0
    assert (y["n_indicators"], y["n_assessed"], y["n_regressed"]) == (3, 2, 1)
    assert y["summary"] == "regressed"


def test_not_measured_and_no_verdict_carry_their_reasons() -> None:
    results = _pair()
    frame = outcome_progress(
        results, {"a": "O", "b": "O"}, ["X", "Y"],
        in_score={"a": np.array([False, True]), "b": np.array([True, True])},
        not_measured={"O": ["", "1 of 2 indicators have 2021-2025 data; the plan needs 2"]},
    )  # fmt: skip
    x, y = frame.to_dicts()
    # X's score holds b only; b is a single observation: no verdict, with its reason
    assert x["summary"] == "no verdict"
    assert x["reason"] == "verdicts for 0 of 1 indicators (b: one year only)"
    assert y["summary"] == "not measured" and y["n_indicators"] == 0
    assert y["reason"] == "1 of 2 indicators have 2021-2025 data; the plan needs 2"
    region = regional_summary(frame).to_dicts()[0]
    assert (region["no_verdict"], region["not_measured"], region["n_units"]) == (1, 1, 2)


def test_a_share_rule_of_the_plan_is_used() -> None:
    results = _pair()
    strict = outcome_progress(
        results, {"a": "O", "b": "O"}, ["X"], min_assessed_share=1.0,
    )  # fmt: skip
    assert strict.to_dicts()[0]["summary"] == "no verdict"  # 1 of 2 < all
    loose = outcome_progress(results, {"a": "O", "b": "O"}, ["X"], min_assessed_share=0.5)
    assert loose.to_dicts()[0]["summary"] == "on track"
