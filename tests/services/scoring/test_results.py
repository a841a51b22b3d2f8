"""Results of a plan for a release: hand-computed index, ranks, verdicts and the cache."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.spec import AggregateStage, NormaliseStage, PipelineSpec
from admtrack.analytics.uncertain_inputs import (
    AggregationInput,
    ExclusionInput,
    NormalisationInput,
    WeightsInput,
)
from admtrack.analytics.uncertainty import evaluate, summarise
from admtrack.domain.geography import COUNTRIES
from admtrack.domain.observations import Observation
from admtrack.domain.plan_mapping import plan_from_mapping
from admtrack.ingest.plan_files import builtin_plans
from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.scoring import (
    IndexMethod,
    PlanResults,
    RankInterval,
    ResultsCache,
    compute_results,
    member_units,
    plan_tree,
)
from admtrack.services.scoring.intervals import uncertain_inputs
from admtrack.services.scoring.plan_spec import aggregation_stage
from admtrack.services.setup import bundled_data_dir

PLAN = plan_from_mapping(
    {
        "id": "mini",
        "name": "Mini plan",
        "period": [2021, 2025],
        "baseline_year": 2020,
        "aggregates": [{"code": "IDX", "name": "Index", "level": 3}],
        "target_sets": [{"id": "t", "name": "Targets", "attribution": "test"}],
        "outcomes": [
            {
                "id": "DO1",
                "name": "One",
                "parent": "IDX",
                "indicators": [
                    {"code": "A", "name": "A", "unit": "%", "direction": 1,
                     "targets": [{"set": "t", "value": 25, "year": 2025}]},
                    {"code": "B", "name": "B", "unit": "%", "direction": -1},
                ],
            },
            {
                "id": "DO2",
                "name": "Two",
                "parent": "IDX",
                "indicators": [
                    {"code": "C", "name": "C", "unit": "%", "direction": 1, "goalposts": [0, 100]},
                ],
            },
        ],
    }
)  # fmt: skip
UNITS = ("BRN", "KHM", "IDN")
COUNTRY_SET = [c for c in COUNTRIES if c.iso3 in UNITS + ("CHN",)]
LATEST = {"A": (10, 20, 30), "B": (5, 1, 3), "C": (40, 80, 60)}
BASE = {"A": (5, 22, 10), "B": (6, 2, 3), "C": (30, 90, 50)}


def _observations() -> list[Observation]:
    obs = []
    for code in LATEST:
        for unit, old, new in zip(UNITS, BASE[code], LATEST[code], strict=True):
            obs.append(Observation(code, unit, 2020, float(old), "test"))
            obs.append(Observation(code, unit, 2024, float(new), "test"))
    obs.append(Observation("A", "CHN", 2024, 99.0, "test"))  # not a member: ignored
    return obs


@pytest.fixture(scope="module")
def results():  # type: ignore[no-untyped-def]
    return compute_results(PLAN, _observations(), COUNTRY_SET, "r1", samples=200, seed=7)


def test_units_are_the_member_states_in_secretariat_order(results) -> None:  # type: ignore[no-untyped-def]
    assert results.units == UNITS
    assert member_units(COUNTRIES, __import__("datetime").date(2025, 1, 1))[-1] == "VNM"


def test_minmax_scores_and_ranks_match_hand_computation(results) -> None:  # type: ignore[no-untyped-def]
    # A -> 0, 50, 100; B (lower is better) -> 0, 100, 50; C -> 0, 100, 50
    assert results.scores["DO1"] == pytest.approx((0.0, 75.0, 75.0))
    assert results.scores["DO2"] == pytest.approx((0.0, 100.0, 50.0))
    assert results.scores["IDX"] == pytest.approx((0.0, 87.5, 62.5))
    assert results.ranks["IDX"] == (3, 1, 2)
    assert results.ranks["DO1"] == (3, 1, 1)  # ties share the best rank
    assert results.outcome_scores["goalposts"]["DO2"] == pytest.approx((40.0, 80.0, 60.0))


def test_rank_intervals_bracket_the_median_and_are_reproducible(results) -> None:  # type: ignore[no-untyped-def]
    for band in results.intervals["IDX"]:
        assert band is not None and band.p05 <= band.median <= band.p95
    again = compute_results(PLAN, _observations(), COUNTRY_SET, "r1", samples=200, seed=7)
    assert again.intervals == results.intervals
    # BRN is last on every indicator: last in every replication
    assert results.interval("IDX", "BRN").p05 == 3.0  # type: ignore[union-attr]
    assert results.interval("DO1", "BRN") == RankInterval(median=3.0, p05=3.0, p95=3.0)
    other = compute_results(PLAN, _observations(), COUNTRY_SET, "r1", samples=200, seed=8)
    assert other.intervals != results.intervals


def test_nominal_rank_lies_inside_its_interval(results) -> None:  # type: ignore[no-untyped-def]
    for code in (*results.outcomes, results.index_code):
        for unit in results.units:
            band, rank = results.interval(code, unit), results.rank(code, unit)
            assert band is not None and rank is not None
            assert band.p05 <= rank <= band.p95


def test_intervals_are_the_engines_rank_statistics(results) -> None:  # type: ignore[no-untyped-def]
    """Every interval equals run-of-the-engine statistics over the full design (seed 7: the
    weight sets' seeds first, then the design), also for outcomes, whose design rows that leave
    out another outcome's indicator are re-coded to 'nothing left out'."""
    tree = plan_tree(PLAN)
    x = np.array([LATEST[c] for c in tree.indicator_codes], dtype=float).T
    rng = np.random.default_rng(7)
    inputs = uncertain_inputs(PLAN, tree, x, IndexMethod(), 200, rng)
    design = rng.random((200, inputs.d))
    spec = PipelineSpec(stages=[NormaliseStage(), aggregation_stage(IndexMethod(), tree)])
    data = IndexData.from_array(x, tree, list(UNITS))
    for code in ("DO1", "DO2", "IDX"):
        nominal = np.array(results.scores[code], dtype=float)
        stats = summarise(evaluate(spec, data, inputs, design, code=code), nominal)
        expected = tuple(
            RankInterval(median=m, p05=lo, p95=hi)
            for m, lo, hi in zip(stats.median_rank, stats.q05_rank, stats.q95_rank, strict=True)
        )
        assert results.intervals[code] == expected
    assert results.failed_replications == 0


def test_declared_uncertain_inputs() -> None:
    tree = plan_tree(PLAN)
    x = np.array([LATEST[c] for c in tree.indicator_codes], dtype=float).T
    inputs = uncertain_inputs(PLAN, tree, x, IndexMethod(), 50, np.random.default_rng(0))
    assert inputs.names == (
        "normalisation", "aggregation", "indicator weights", "outcome weights", "exclusion",
    )  # fmt: skip
    norm, agg, ind_w, out_w, excl = inputs.inputs
    assert isinstance(norm, NormalisationInput) and isinstance(agg, AggregationInput)
    assert [a.method for a in norm.alternatives] == ["minmax", "goalposts"]
    # observed range where the plan gives no goalposts, the plan's goalposts for C
    goal = norm.alternatives[1].params
    assert goal["lower"] == {"A": 10.0, "B": 1.0, "C": 0.0}
    assert goal["upper"] == {"A": 30.0, "B": 5.0, "C": 100.0}
    assert [(a.method, a.offset) for a in agg.alternatives] == [("amean", None), ("gmean", 1.0)]
    assert agg.levels == [2, 3]
    assert isinstance(ind_w, WeightsInput) and ind_w.noise == {1: 0.25} and ind_w.sets == 50
    assert isinstance(out_w, WeightsInput) and out_w.noise == {2: 0.25}
    # C is DO2's only indicator: leaving it out would drop the outcome, so it stays
    assert isinstance(excl, ExclusionInput) and excl.alternatives == [[], ["A"], ["B"]]
    split = uncertain_inputs(PLAN, tree, x, IndexMethod(index_dat_thresh=0.6, exclude_one_indicator=False),
                             50, np.random.default_rng(0))  # fmt: skip
    assert split.names[-1] == "outcome weights" and split.inputs[1].levels == [3]  # type: ignore[union-attr]


def test_engine_replications_reproduce_the_declared_alternatives() -> None:
    """Without weight noise, a design row that picks goalposts reproduces the goalposts build,
    and one that picks the geometric mean gives exp(mean ln(s + 1)) - 1 at both levels."""
    tree = plan_tree(PLAN)
    x = np.array([LATEST[c] for c in tree.indicator_codes], dtype=float).T
    inputs = uncertain_inputs(PLAN, tree, x, IndexMethod(weight_noise=0.0), 4,
                              np.random.default_rng(0))  # fmt: skip
    spec = PipelineSpec(stages=[NormaliseStage(), AggregateStage()])
    data = IndexData.from_array(x, tree, list(UNITS))
    # columns: normalisation, aggregation, indicator weights, outcome weights, exclusion
    design = np.array([[0.9, 0.1, 0.0, 0.0, 0.0], [0.1, 0.9, 0.0, 0.0, 0.0],
                       [0.1, 0.1, 0.0, 0.0, 0.5]])  # fmt: skip
    do1 = evaluate(spec, data, inputs, design, code="DO1").scores
    assert do1[0] == pytest.approx((0.0, 75.0, 75.0))  # A and B have no goalposts
    assert evaluate(spec, data, inputs, design[:1], code="DO2").scores[0] == pytest.approx(
        (40.0, 80.0, 60.0)
    )
    assert do1[1] == pytest.approx((0.0, np.sqrt(51 * 101) - 1, np.sqrt(101 * 51) - 1))
    assert do1[2] == pytest.approx((0.0, 100.0, 50.0))  # A left out: B alone
    index = evaluate(spec, data, inputs, design[1:2]).scores[0]
    assert index[1] == pytest.approx(np.sqrt(np.sqrt(51 * 101) * 101) - 1)


def test_leaving_one_indicator_out_widens_an_outcome_interval() -> None:
    """KHM and IDN tie on DO1 (A: 50, 100; B: 100, 50) under both normalisations and both
    means, so without weight noise only leaving A out (one alternative in three) moves IDN to
    rank 2: 5th percentile 1, median 1, 95th percentile 2."""
    method = IndexMethod(weight_noise=0.0)
    res = compute_results(PLAN, _observations(), COUNTRY_SET, "r1", samples=300, seed=5,
                          method=method)  # fmt: skip
    assert res.interval("DO1", "IDN") == RankInterval(median=1.0, p05=1.0, p95=2.0)
    assert res.interval("DO1", "KHM") == RankInterval(median=1.0, p05=1.0, p95=2.0)
    assert res.failed_replications == 0
    kept = compute_results(PLAN, _observations(), COUNTRY_SET, "r1", samples=300, seed=5,
                           method=replace(method, exclude_one_indicator=False))  # fmt: skip
    assert kept.interval("DO1", "IDN") == RankInterval(median=1.0, p05=1.0, p95=1.0)


@pytest.fixture(scope="module")
def bundled() -> PlanResults:
    plan = next(p for p in builtin_plans() if p.id == "adm2025")
    return compute_results(plan, read_snapshot(bundled_data_dir()), COUNTRIES, "b", samples=400)


def test_bundled_outcome_intervals_vary_and_bracket_the_nominal_rank(bundled: PlanResults) -> None:
    widths = [
        band.p95 - band.p05 for code in bundled.outcomes for band in bundled.intervals[code] if band
    ]
    assert sum(w > 0 for w in widths) >= len(widths) // 3
    assert bundled.failed_replications == 0  # geometric means take an offset: nothing fails
    for code in (*bundled.outcomes, bundled.index_code):
        for unit in bundled.units:
            band, rank = bundled.interval(code, unit), bundled.rank(code, unit)
            assert (band is None) == (rank is None)
            if band is not None and rank is not None:
                assert band.p05 <= band.median <= band.p95 and band.p05 <= rank <= band.p95


def test_verdicts_against_target_and_trend(results) -> None:  # type: ignore[no-untyped-def]
    target = {v.country: v for v in results.verdicts_for(indicator="A") if v.target_set == "t"}
    assert target["KHM"].target_met is False and target["IDN"].target_met is True
    assert target["IDN"].category == "target achieved"
    assert target["KHM"].status == "regressed"  # 22 -> 20 while the target is 25
    assert target["KHM"].latest_year == 2024 and target["KHM"].baseline_value == 22.0
    trend = [v for v in results.verdicts_for(indicator="B") if v.target_set is None]
    assert len(trend) == 3 and all(v.target_value is None for v in trend)
    counts = {r.outcome: r for r in results.regional}
    assert counts["DO1"].total == 3


def test_old_values_fall_outside_the_latest_window() -> None:
    obs = [o for o in _observations() if not (o.indicator == "C" and o.country == "IDN")]
    obs.append(Observation("C", "IDN", 2012, 70.0, "test"))
    res = compute_results(PLAN, obs, COUNTRY_SET, "r1", samples=20, seed=1,
                          method=IndexMethod(latest_window=10))  # fmt: skip
    assert res.score("DO2", "IDN") is None
    assert res.latest_value("C", "IDN") is None
    # one of two outcomes meets the 0.5 threshold: the index is DO1 alone
    assert res.score("IDX", "IDN") == pytest.approx(75.0)
    strict = compute_results(PLAN, obs, COUNTRY_SET, "r1", samples=20, seed=1,
                             method=IndexMethod(index_dat_thresh=0.6))  # fmt: skip
    assert strict.rank("IDX", "IDN") is None


def test_cache_computes_once_and_reloads_from_disk(tmp_path: Path) -> None:
    calls = []

    def load():  # type: ignore[no-untyped-def]
        calls.append(1)
        return PLAN, _observations(), COUNTRY_SET

    cache = ResultsCache(tmp_path, samples=20, seed=3)
    first = cache.get("mini", "r1", load)
    assert cache.get("mini", "r1", load) is first
    assert cache.computations == 1 and len(calls) == 1
    assert len(list(tmp_path.glob("results-mini-r1-*.pickle"))) == 1
    fresh = ResultsCache(tmp_path, samples=20, seed=3)
    assert fresh.get("mini", "r1", load).scores == first.scores
    assert fresh.computations == 0 and len(calls) == 1
    other = fresh.get("mini", "r2", load)
    assert other.release_id == "r2" and fresh.computations == 1


def test_reweight_reproduces_the_nominal_index_and_moves_with_weights(results) -> None:  # type: ignore[no-untyped-def]
    from admtrack.services.scoring import reweight

    nominal = reweight(results)
    assert nominal.scores == pytest.approx(results.scores["IDX"])
    # DO2 twice as heavy: (2 * DO2 + DO1) / 3 -> BRN 0, KHM 275/3, IDN 175/3
    heavy = reweight(results, {"DO2": 2.0})
    assert heavy.scores == pytest.approx((0.0, 275 / 3, 175 / 3))
    geo = reweight(results, aggregation="gmean")
    assert geo.scores[1] == pytest.approx(np.sqrt(76.0 * 101.0) - 1.0)
    goal = reweight(results, normalisation="goalposts")
    assert goal.scores[0] == pytest.approx((0.0 + 40.0) / 2)


def test_reweight_refuses_unknown_outcomes_and_negative_weights(results) -> None:  # type: ignore[no-untyped-def]
    from admtrack.errors import ValidationError
    from admtrack.services.scoring import reweight

    with pytest.raises(ValidationError) as err:
        reweight(results, {"DO9": 1.0, "DO1": -1.0}, aggregation="median")
    assert len(err.value.problems) == 3


def test_at_least_one_replication_is_required() -> None:
    from admtrack.errors import MethodError

    with pytest.raises(MethodError, match="at least 1"):
        compute_results(PLAN, _observations(), COUNTRY_SET, "r1", samples=0)
