"""The plan's one pipeline spec, and the weights panel as the engine's aggregation with the
plan's method (mean and offset), on a plan small enough to compute by hand."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from admtrack.analytics.pipeline import build
from admtrack.analytics.spec import AggregateStage, DenominateStage, NormaliseStage
from admtrack.domain.geography import COUNTRIES
from admtrack.domain.observations import Observation
from admtrack.domain.plan_mapping import plan_from_mapping
from admtrack.errors import ValidationError
from admtrack.services.scoring import (
    IndexMethod,
    compute_results,
    plan_index_data,
    plan_spec,
    reweight,
)

PLAN = plan_from_mapping(
    {
        "id": "mini",
        "name": "Mini plan",
        "period": [2021, 2025],
        "baseline_year": 2020,
        "aggregates": [{"code": "IDX", "name": "Index", "level": 3}],
        "variables": [{"code": "GDP", "name": "GDP", "kind": "Denominator", "unit": "US$"}],
        "outcomes": [
            {"id": "DO1", "name": "One", "parent": "IDX", "weight": 1, "indicators": [
                {"code": "A", "name": "A", "unit": "%", "direction": 1},
                {"code": "B", "name": "B", "unit": "US$", "direction": 1, "denominator": "GDP",
                 "trend_test": False},
            ]},
            {"id": "DO2", "name": "Two", "parent": "IDX", "weight": 3, "indicators": [
                {"code": "C", "name": "C", "unit": "%", "direction": 1, "goalposts": [0, 100]},
            ]},
        ],
    }
)  # fmt: skip
UNITS = ("BRN", "KHM", "IDN")
COUNTRY_SET = [c for c in COUNTRIES if c.iso3 in UNITS]
# A: 0, 50, 100 after min-max; B / GDP = 1, 2, 3 % -> 0, 50, 100; C: 40, 80, 60 -> 0, 100, 50
VALUES = {"A": (10, 20, 30), "B": (1e9, 4e9, 9e9), "GDP": (1e11, 2e11, 3e11), "C": (40, 80, 60)}


def _observations() -> list[Observation]:
    return [
        Observation(code, unit, 2024, float(v), "test")
        for code, values in VALUES.items()
        for unit, v in zip(UNITS, values, strict=True)
    ]


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return compute_results(PLAN, _observations(), COUNTRY_SET, "r", samples=20, seed=1)


def test_the_spec_denominates_normalises_and_aggregates_with_the_method() -> None:
    data = plan_index_data(PLAN, _observations(), COUNTRY_SET).data
    method = IndexMethod(aggregation="gmean", gmean_offset=2.0, outcome_dat_thresh=0.4)
    spec = plan_spec(PLAN, method, data.tree)
    denominate, normalise, aggregate = spec.stages
    assert isinstance(denominate, DenominateStage) and denominate.scale == {"B": 100.0}
    assert isinstance(normalise, NormaliseStage) and normalise.method == "minmax"
    assert normalise.per_indicator == {}
    assert isinstance(aggregate, AggregateStage)
    outcome, index = aggregate.for_level(2), aggregate.for_level(3)
    assert (outcome.method, outcome.offset, outcome.dat_thresh) == ("gmean", 2.0, 0.4)
    assert (index.method, index.offset, index.dat_thresh) == ("gmean", 2.0, 0.5)
    goal = plan_spec(PLAN, method, data.tree, normalisation="goalposts").stages[1]
    assert isinstance(goal, NormaliseStage)
    assert goal.per_indicator["C"].params == {"lower": 0.0, "upper": 100.0}
    built = build(spec, data)
    assert built.stage("Denominated").values[:, 1] == pytest.approx((1.0, 2.0, 3.0))


def test_scores_follow_the_plans_weights(results) -> None:  # type: ignore[no-untyped-def]
    assert results.scores["DO1"] == pytest.approx((0.0, 50.0, 100.0))
    assert results.scores["DO2"] == pytest.approx((0.0, 100.0, 50.0))
    # DO2 weighs 3: (DO1 + 3 DO2) / 4
    assert results.scores["IDX"] == pytest.approx((0.0, 87.5, 62.5))
    assert results.ranks["IDX"] == (3, 1, 2)


def test_the_what_if_at_nominal_weights_is_the_index_exactly(results) -> None:  # type: ignore[no-untyped-def]
    nominal = reweight(results)
    assert nominal.scores == results.scores["IDX"] and nominal.ranks == results.ranks["IDX"]
    assert nominal.weights == {"DO1": 1.0, "DO2": 3.0}


def test_the_geometric_what_if_takes_the_methods_offset(results) -> None:  # type: ignore[no-untyped-def]
    # DO1 weight 2, DO2 nominal 3: exp((2 ln(s1 + c) + 3 ln(s2 + c)) / 5) - c
    for offset in (1.0, 5.0):
        res = replace(results, method=replace(results.method, gmean_offset=offset))
        geo = reweight(res, {"DO1": 2.0}, aggregation="gmean")
        expected = [
            np.exp((2 * np.log(a + offset) + 3 * np.log(b + offset)) / 5) - offset
            for a, b in zip(results.scores["DO1"], results.scores["DO2"], strict=True)
        ]
        assert geo.scores == pytest.approx(expected, abs=1e-12)
    one = reweight(results, {"DO1": 2.0}, aggregation="gmean").scores[1]
    five = reweight(
        replace(results, method=replace(results.method, gmean_offset=5.0)), {"DO1": 2.0},
        aggregation="gmean",
    ).scores[1]  # fmt: skip
    assert one != pytest.approx(five)


def test_the_what_if_keeps_the_data_threshold(results) -> None:  # type: ignore[no-untyped-def]
    obs = [o for o in _observations() if not (o.indicator == "C" and o.country == "IDN")]
    res = compute_results(PLAN, obs, COUNTRY_SET, "r", samples=5, seed=1,
                          method=IndexMethod(index_dat_thresh=0.6))  # fmt: skip
    assert res.scores["IDX"][2] is None  # one outcome of two: below 60 %
    assert reweight(res, {"DO2": 0.0}).scores[2] is None
    low = compute_results(PLAN, obs, COUNTRY_SET, "r", samples=5, seed=1)
    assert reweight(low, {"DO2": 0.0}).scores == pytest.approx(low.scores["DO1"])


def test_bad_choices_are_refused_together(results) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        reweight(results, {"DO9": 1.0, "DO1": float("nan")}, "zscore", "median")
    assert len(err.value.problems) == 4
