"""Uncertainty analysis: decoding of inputs, batched evaluation, failures, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.normalise import normalise
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.spec import (
    AggregateStage,
    LevelAggregation,
    NormaliseStage,
    PipelineSpec,
    TreatStage,
)
from admtrack.analytics.uncertain_inputs import (
    UncertaintySpec,
    decode_column,
    uncertainty_from_mapping,
    uncertainty_to_mapping,
    weight_bank,
)
from admtrack.analytics.uncertainty import (
    Prepared,
    Replications,
    evaluate,
    run_uncertainty,
    summarise,
)
from admtrack.errors import MethodError


def _tree() -> FrameworkTree:
    rows = [("a", 1, "P"), ("b", 1, "P"), ("c", 1, "Q"), ("d", 1, "Q"),
            ("P", 2, "I"), ("Q", 2, "I"), ("I", 3, "")]  # fmt: skip
    return read_imeta(
        [
            {"iCode": c, "Level": lv, "Parent": p, "Weight": 1, "Direction": 1,
             "Type": "Indicator" if lv == 1 else "Aggregate"}
            for c, lv, p in rows
        ]
    )  # fmt: skip


def _data() -> IndexData:
    values = np.array(
        [[1.0, 9.0, 4.0, 2.0], [5.0, 5.0, 6.0, 7.0], [9.0, 1.0, 2.0, 9.0], [3.0, 4.0, 8.0, 1.0],
         [7.0, 6.0, 5.0, 5.0]]
    )  # fmt: skip
    return IndexData.from_array(values, _tree(), ["A", "B", "C", "D", "E"])


SPEC = PipelineSpec(stages=[NormaliseStage(params={"l_u": [1.0, 100.0]}), AggregateStage()])

INPUTS = uncertainty_from_mapping(
    {
        "inputs": [
            {"kind": "normalisation", "alternatives": [
                {"method": "minmax", "params": {"l_u": [1, 100]}},
                {"method": "zscore", "params": {"m_sd": [10, 2]}}]},
            {"kind": "weights", "noise": {2: 0.25, 1: 0.5}, "sets": 20, "seed": 3},
            {"kind": "aggregation", "alternatives": [{"method": "amean"}, {"method": "gmean"}]},
        ]
    }
)  # fmt: skip


def test_decode_discrete_bins_and_continuous_range() -> None:
    item = INPUTS.inputs[0]
    np.testing.assert_array_equal(
        decode_column(item, np.array([0.0, 0.49, 0.5, 1.0])), [0, 0, 1, 1]
    )
    factor = uncertainty_from_mapping(
        {"inputs": [{"kind": "weight_factor", "name": "f", "codes": ["P"], "range": [0.5, 1.5]}]}
    ).inputs[0]
    np.testing.assert_allclose(decode_column(factor, np.array([0.0, 0.25, 1.0])), [0.5, 0.75, 1.5])
    with pytest.raises(MethodError):
        decode_column(item, np.array([1.5]))


def test_spec_round_trips_and_validates() -> None:
    assert uncertainty_from_mapping(uncertainty_to_mapping(INPUTS)) == INPUTS
    with pytest.raises(ValidationError):
        uncertainty_from_mapping({"inputs": [{"kind": "weights", "noise": {2: 2.0}}]})
    with pytest.raises(ValidationError):
        uncertainty_from_mapping({"inputs": [{"kind": "winsorisation", "values": [1]}] * 2})


def test_weight_bank_is_fixed_by_its_seed() -> None:
    item = INPUTS.inputs[1]
    assert item.kind == "weights"
    a = weight_bank(item, _tree(), np.ones(7))
    np.testing.assert_array_equal(a, weight_bank(item, _tree(), np.ones(7)))
    assert a.shape == (20, 7) and np.all((a[:, 4:6] >= 0.75) & (a[:, 4:6] <= 1.25))


def _one_at_a_time(x_row: np.ndarray) -> np.ndarray:
    """The index for one design point, built directly from its choices."""
    data = _data()
    alt = INPUTS.inputs[0].alternatives[int(decode_column(INPUTS.inputs[0], x_row[:1])[0])]
    bank = weight_bank(INPUTS.inputs[1], data.tree, np.ones(7))
    w = data.tree.weights * bank[int(decode_column(INPUTS.inputs[1], x_row[1:2])[0])]
    how = INPUTS.inputs[2].alternatives[int(decode_column(INPUTS.inputs[2], x_row[2:3])[0])]
    xn = normalise(data.values, data.tree, alt.method, alt.params)
    return aggregate_tree(xn, data.tree, w, AggregateStage(default=how))[:, -1]


@given(st.lists(st.tuples(*[st.floats(0, 1)] * 3), min_size=1, max_size=6))
@settings(max_examples=30, deadline=None)
def test_batched_evaluation_equals_one_at_a_time(points: list[tuple[float, ...]]) -> None:
    x = np.array(points)
    reps = evaluate(SPEC, _data(), INPUTS, x)
    for i, row in enumerate(x):
        expected = _one_at_a_time(row)
        if np.any(expected <= 0) and reps.failed[i]:
            continue
        np.testing.assert_allclose(reps.scores[i], expected, rtol=1e-12)
        np.testing.assert_array_equal(reps.ranks[i], rank_descending(expected))


def test_ranks_highest_first_ties_min() -> None:
    np.testing.assert_array_equal(rank_descending([[3.0, 9.0, 3.0, np.nan]]), [[2, 1, 2, np.nan]])


def test_geometric_mean_of_zeros_is_a_counted_failure() -> None:
    spec = PipelineSpec(stages=[NormaliseStage(), AggregateStage()])  # min-max [0, 100]
    inputs = uncertainty_from_mapping(
        {
            "inputs": [
                {"kind": "aggregation", "alternatives": [{"method": "amean"}, {"method": "gmean"}]}
            ]
        }
    )
    reps = evaluate(spec, _data(), inputs, np.array([[0.1], [0.9], [0.2], [0.7]]))
    assert reps.failed.tolist() == [False, True, False, True]
    assert np.isnan(reps.scores[1]).all() and not np.isnan(reps.scores[0]).any()
    counts = reps.failure_counts()
    assert sum(counts.values()) == 2 and "gmean" in next(iter(counts))
    result = run_uncertainty(spec, _data(), inputs, 200, np.random.default_rng(5))
    assert 0 < result.n_failed < 200 and result.n_runs == 200
    assert sum(result.failures.values()) == result.n_failed


def test_run_uncertainty_is_reproducible_with_a_seed() -> None:
    a = run_uncertainty(
        SPEC, _data(), INPUTS, 300, np.random.default_rng(42), keep_replications=True
    )
    b = run_uncertainty(
        SPEC, _data(), INPUTS, 300, np.random.default_rng(42), keep_replications=True
    )
    assert isinstance(a.replications, Replications)
    assert b.replications is not None
    np.testing.assert_array_equal(a.replications.scores, b.replications.scores)
    assert a.rows() == b.rows()
    c = run_uncertainty(SPEC, _data(), INPUTS, 300, np.random.default_rng(43))
    assert c.rows() != a.rows()


def test_rank_statistics_are_consistent() -> None:
    result = run_uncertainty(SPEC, _data(), INPUTS, 400, np.random.default_rng(0))
    assert result.n_failed == 0 and result.replications is None
    assert np.all(result.q05_rank <= result.median_rank)
    assert np.all(result.median_rank <= result.q95_rank)
    assert sorted(result.nominal_rank.tolist()) == [1, 2, 3, 4, 5]
    nominal = aggregate_tree(
        normalise(_data().values, _tree(), "minmax", {"l_u": [1, 100]}), _tree()
    )[:, -1]
    np.testing.assert_allclose(result.nominal_score, nominal)


def test_exclusion_and_weight_factor_inputs() -> None:
    inputs = UncertaintySpec.model_validate(
        {"inputs": [
            {"kind": "exclusion", "alternatives": [[], ["a", "b"]]},
            {"kind": "weight_factor", "name": "Q weight", "codes": ["Q"], "range": [1.0, 3.0]},
        ]}
    )  # fmt: skip
    reps = evaluate(SPEC, _data(), inputs, np.array([[0.9, 0.0], [0.1, 1.0]]))
    xn = normalise(_data().values, _tree(), "minmax", {"l_u": [1, 100]})
    only_q = xn[:, 2:4].mean(axis=1)  # P has no data left, so the index is Q
    np.testing.assert_allclose(reps.scores[0], only_q)
    agg = aggregate_tree(xn, _tree())
    np.testing.assert_allclose(reps.scores[1], (agg[:, 4] + 3 * agg[:, 5]) / 4)


def test_pre_normalisation_inputs_run_once_per_value() -> None:
    calls: list[int] = []

    def prepare(spec: PipelineSpec, data: IndexData) -> Prepared:
        stage = spec.stage("treat")
        assert isinstance(stage, TreatStage)
        calls.append(stage.winmax)
        return data.unit_codes, np.minimum(data.values, 10 - stage.winmax), data.tree

    spec = PipelineSpec(stages=[TreatStage(), NormaliseStage(), AggregateStage()])
    inputs = uncertainty_from_mapping({"inputs": [{"kind": "winsorisation", "values": [1, 2, 3]}]})
    reps = evaluate(
        spec, _data(), inputs, np.random.default_rng(1).random((50, 1)), prepare=prepare
    )
    assert sorted(calls) == [1, 2, 3, 5]  # the nominal units, then one call per value
    assert not reps.failed.any()


def test_design_shape_and_missing_stage_are_refused() -> None:
    with pytest.raises(MethodError, match="columns"):
        evaluate(SPEC, _data(), INPUTS, np.zeros((3, 2)))
    inputs = uncertainty_from_mapping({"inputs": [{"kind": "winsorisation", "values": [1, 2]}]})
    with pytest.raises(MethodError, match="treat"):
        evaluate(SPEC, _data(), inputs, np.zeros((2, 1)))


def test_copeland_alternative_runs_batched() -> None:
    inputs = uncertainty_from_mapping(
        {"inputs": [{"kind": "aggregation", "levels": [3],
                     "alternatives": [{"method": "amean"}, {"method": "copeland"}]}]}
    )  # fmt: skip
    reps = evaluate(SPEC, _data(), inputs, np.array([[0.9]]))
    xn = normalise(_data().values, _tree(), "minmax", {"l_u": [1, 100]})
    spec = AggregateStage(levels={3: LevelAggregation(method="copeland")})
    np.testing.assert_allclose(reps.scores[0], aggregate_tree(xn, _tree(), spec=spec)[:, -1])


def test_rank_statistics_hand_computed_and_failures_left_out() -> None:
    ranks = np.array([[2.0, 1], [2, 2], [3, 1], [2, 1], [5, 1], [np.nan, np.nan]])
    reps = Replications(
        unit_codes=("A", "B"),
        code="I",
        scores=np.where(np.isnan(ranks), np.nan, 10 - ranks),
        ranks=ranks,
        failed=np.array([False] * 5 + [True]),
        reason=np.array([-1] * 5 + [0]),
        reasons=("gmean of 'I' refused values <= 0",),
    )
    result = summarise(reps, np.array([8.0, 9.0]))
    np.testing.assert_allclose(result.median_rank, [2, 1])
    np.testing.assert_allclose(result.mean_rank, [2.8, 1.2])
    np.testing.assert_allclose(result.q05_rank, [2, 1])
    np.testing.assert_allclose(result.q95_rank, [4.6, 1.8])
    np.testing.assert_allclose(result.nominal_rank, [2, 1])
    assert result.n_failed == 1 and result.failures == {"gmean of 'I' refused values <= 0": 1}
