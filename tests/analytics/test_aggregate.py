"""Aggregation up the tree: hand-computed examples and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from admtrack.analytics.aggregate import (
    aggregate_tree,
    aggregate_tree_outcome,
    weights_with_overrides,
)
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.spec import AggregateStage, LevelAggregation
from admtrack.errors import MethodError

NAN = np.nan


def _tree(weights: tuple[float, float, float] = (1, 1, 1)) -> FrameworkTree:
    """a, b -> P; c -> Q; P, Q -> I."""
    rows = [
        ("a", 1, "P", weights[0]), ("b", 1, "P", weights[1]), ("c", 1, "Q", weights[2]),
        ("P", 2, "I", 1), ("Q", 2, "I", 1), ("I", 3, "", 1),
    ]  # fmt: skip
    return read_imeta(
        [
            {"iCode": c, "Level": lv, "Parent": p, "Weight": w, "Direction": 1,
             "Type": "Indicator" if lv == 1 else "Aggregate"}
            for c, lv, p, w in rows
        ]
    )  # fmt: skip


def _spec(method: str, **kw: float) -> AggregateStage:
    return AggregateStage(default=LevelAggregation(method=method, **kw))  # type: ignore[arg-type]


def test_arithmetic_mean_with_missing_child_renormalises() -> None:
    x = np.array([[1.0, 100.0, 10.0], [2.0, NAN, 4.0]])
    out = aggregate_tree(x, _tree())
    np.testing.assert_allclose(out[0], [1, 100, 10, 50.5, 10, 30.25])
    np.testing.assert_allclose(out[1, 3:], [2, 4, 3])


def test_weights_are_relative_within_parent() -> None:
    out = aggregate_tree(np.array([[0.0, 30.0, 5.0]]), _tree((1, 2, 7)))
    np.testing.assert_allclose(out[0, 3], 20.0)  # (0*1 + 30*2)/3


def test_geometric_mean_equal_weights() -> None:
    out = aggregate_tree(np.array([[1.0, 100.0, 4.0]]), _tree(), spec=_spec("gmean"))
    np.testing.assert_allclose(out[0, 3:], [10, 4, np.sqrt(40)])


def test_harmonic_mean() -> None:
    out = aggregate_tree(np.array([[1.0, 3.0, 2.0]]), _tree(), spec=_spec("hmean"))
    np.testing.assert_allclose(out[0, 3], 1.5)  # 2 / (1 + 1/3)


def test_generalised_mean() -> None:
    out = aggregate_tree(np.array([[1.0, 7.0, 2.0]]), _tree(), spec=_spec("genmean", p=2))
    np.testing.assert_allclose(out[0, 3], 5.0)  # sqrt((1 + 49)/2)
    with pytest.raises(MethodError, match="power"):
        aggregate_tree(np.ones((1, 3)), _tree(), spec=_spec("genmean", p=0))


def test_geometric_mean_refuses_zero_naming_aggregate_and_unit() -> None:
    x = np.array([[1.0, 2.0, 3.0], [0.0, 5.0, 3.0]])
    with pytest.raises(MethodError, match=r"gmean of aggregate 'P'.*units NLD"):
        aggregate_tree(x, _tree(), spec=_spec("gmean"), unit_codes=["CHE", "NLD"])
    with pytest.raises(MethodError, match="hmean"):
        aggregate_tree(x, _tree(), spec=_spec("hmean"))


def test_offset_allows_zeros() -> None:
    x = np.array([[0.0, 3.0, 3.0]])
    out = aggregate_tree(x, _tree(), spec=_spec("gmean", offset=1))
    np.testing.assert_allclose(out[0, 3], 1.0)  # sqrt(1 * 4) - 1


def test_outcome_marks_failed_replications_instead_of_raising() -> None:
    x = np.array([[[1.0, 2.0, 3.0]], [[0.0, 2.0, 3.0]], [[1.0, 2.0, 3.0]]])
    outcome = aggregate_tree_outcome(x, _tree(), spec=_spec("gmean"))
    assert outcome.failed.tolist() == [False, True, False]
    assert outcome.reason.tolist() == [-1, 0, -1]
    assert "'P'" in outcome.reasons[0]
    assert np.isnan(outcome.values[1, 0, 3]) and not np.isnan(outcome.values[0, 0, 3])


def test_dat_thresh_per_level() -> None:
    spec = AggregateStage(levels={2: LevelAggregation(dat_thresh=0.6)})
    out = aggregate_tree(np.array([[1.0, NAN, 4.0]]), _tree(), spec=spec)
    assert np.isnan(out[0, 3])  # 1 of 2 children available < 0.6
    np.testing.assert_allclose(out[0, 4:], [4, 4])


def test_copeland_outranking() -> None:
    x = np.array([[1.0, 100.0, 10.0], [2.0, NAN, 4.0], [0.0, 5.0, 3.0]])
    out = aggregate_tree(x, _tree(), spec=_spec("copeland"))
    # P: A vs B only on a (1 < 2), A beats C on both; B beats C on a
    np.testing.assert_allclose(out[:, 3], [0, 2, -2])
    np.testing.assert_allclose(out[:, 4], [2, 0, -2])
    np.testing.assert_allclose(out[:, 5], [1, 1, -2])  # A and B tie 1-1 on (P, Q)


def test_weight_overrides_and_batched_weights() -> None:
    tree = _tree()
    w = weights_with_overrides(tree, {"b": 3})
    assert w.tolist() == [1, 3, 1, 1, 1, 1]
    x = np.array([[0.0, 4.0, 8.0]])
    spec = AggregateStage(weights={"b": 3})
    np.testing.assert_allclose(aggregate_tree(x, tree, spec=spec)[0, 3], 3.0)
    batched = aggregate_tree(x, tree, np.stack([tree.weights, w]))
    assert batched.shape == (2, 1, 6)
    np.testing.assert_allclose(batched[:, 0, 3], [2, 3])


positive = arrays(
    np.float64, st.tuples(st.integers(1, 6)), elements=st.floats(0.1, 1e3, allow_nan=False)
)


@given(positive, st.sampled_from(["amean", "gmean", "hmean", "genmean"]))
@settings(max_examples=60)
def test_identical_children_return_their_value(v: np.ndarray, method: str) -> None:
    x = np.repeat(v[:, None], 3, axis=1)
    spec = _spec(method, p=3) if method == "genmean" else _spec(method)
    out = aggregate_tree(x, _tree((1, 2, 5)), spec=spec)
    np.testing.assert_allclose(out[:, 3:], np.repeat(v[:, None], 3, axis=1), rtol=1e-9)


@given(
    arrays(np.float64, st.tuples(st.integers(2, 6), st.just(3)), elements=st.floats(1, 100)),
    st.sampled_from(["amean", "gmean", "copeland"]),
    st.randoms(use_true_random=False),
)
@settings(max_examples=40)
def test_independent_of_unit_order(x: np.ndarray, method: str, rnd) -> None:  # type: ignore[no-untyped-def]
    perm = list(range(x.shape[0]))
    rnd.shuffle(perm)
    a = aggregate_tree(x, _tree(), spec=_spec(method))
    b = aggregate_tree(x[perm], _tree(), spec=_spec(method))
    np.testing.assert_allclose(a[perm], b, rtol=1e-12)
