"""Normalisation methods: hand-computed examples and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.normalise import normalise, normalise_stage
from admtrack.analytics.spec import NormaliseOverride, NormaliseStage
from admtrack.errors import MethodError

NAN = np.nan


def _col(values: list[float]) -> np.ndarray:
    return np.array(values, dtype=np.float64)[:, None]


def _norm(values: list[float], method: str, params: dict | None = None, direction: int = 1):
    return normalise(_col(values), [direction], method, params)[:, 0]  # type: ignore[arg-type]


def test_minmax_default_range() -> None:
    np.testing.assert_allclose(_norm([2, 4, 6], "minmax"), [0, 50, 100])


def test_minmax_custom_range_and_direction() -> None:
    np.testing.assert_allclose(_norm([2, 4, 6], "minmax", {"l_u": [1, 100]}), [1, 50.5, 100])
    np.testing.assert_allclose(_norm([2, 4, 6], "minmax", direction=-1), [100, 50, 0])


def test_minmax_zero_range_is_nan() -> None:
    assert np.isnan(_norm([3, 3, 3], "minmax")).all()


def test_zscore_uses_sample_sd() -> None:
    # mean 4, sample sd 2 -> z = -1, 0, 1 -> 10 + 2 z
    np.testing.assert_allclose(_norm([2, 4, 6], "zscore", {"m_sd": [10, 2]}), [8, 10, 12])
    with pytest.raises(MethodError):
        _norm([2, 4, 6], "zscore", {"m_sd": [0, 0]})


def test_scaled_fixed_bounds_no_truncation() -> None:
    np.testing.assert_allclose(_norm([5, 15], "scaled", {"l": 0, "u": 10}), [50, 150])
    # lower is better: bounds mirror with the data -> (u - x) / (u - l)
    np.testing.assert_allclose(_norm([5, 15], "scaled", {"l": 0, "u": 10}, -1), [50, -50])


def test_goalposts_truncation_and_scale() -> None:
    gp = {"lower": 0, "upper": 10, "scale": 1}
    np.testing.assert_allclose(_norm([-5, 5, 20], "goalposts", gp), [0, 0.5, 1])
    np.testing.assert_allclose(
        _norm([-5, 5, 20], "goalposts", {**gp, "trunc": False}), [-0.5, 0.5, 2]
    )
    np.testing.assert_allclose(_norm([2, 8], "goalposts", gp, -1), [0.8, 0.2])


def test_goalposts_per_indicator_mapping() -> None:
    x = np.array([[5.0, 5.0]])
    out = normalise(
        x,
        [1, 1],
        "goalposts",
        {"lower": {"a": 0, "b": 5}, "upper": {"a": 10, "b": 10}},
        codes=["a", "b"],
    )
    np.testing.assert_allclose(out, [[50, 0]])


def test_dist2targ_from_tree_targets_with_cap() -> None:
    tree = read_imeta(
        [
            {"Level": 1, "iCode": "up", "Parent": "I", "Type": "Indicator", "Weight": 1,
             "Direction": 1, "Target": 8},
            {"Level": 1, "iCode": "down", "Parent": "I", "Type": "Indicator", "Weight": 1,
             "Direction": -1, "Target": 2},
            {"Level": 2, "iCode": "I", "Parent": "", "Type": "Aggregate", "Weight": 1,
             "Direction": 1},
        ]
    )  # fmt: skip
    x = np.array([[0.0, 10.0], [4.0, 6.0], [10.0, 1.0]])
    out = normalise(x, tree, "dist2targ")
    # up: (x - 0)/(8 - 0); down: (max - x)/(max - targ) = (10 - x)/8
    np.testing.assert_allclose(out, [[0, 0], [0.5, 0.5], [1.25, 1.125]])
    capped = normalise(x, tree, "dist2targ", {"cap_max": True})
    np.testing.assert_allclose(capped[2], [1, 1])


def test_dist2targ_without_target_is_refused() -> None:
    with pytest.raises(MethodError, match="target"):
        _norm([1, 2], "dist2targ")


def test_dist2ref_by_unit_code() -> None:
    out = normalise(_col([2, 4, 6]), [1], "dist2ref", {"ref": "B"}, unit_codes=["A", "B", "C"])
    np.testing.assert_allclose(out[:, 0], [0, 1, 2])
    capped = normalise(_col([2, 4, 6]), [1], "dist2ref", {"ref": 1, "cap_max": True})
    np.testing.assert_allclose(capped[:, 0], [0, 1, 1])
    with pytest.raises(MethodError):
        normalise(_col([2, 4, 6]), [1], "dist2ref", {"ref": "Z"}, unit_codes=["A", "B", "C"])


def test_dist2max_and_fracmax() -> None:
    np.testing.assert_allclose(_norm([2, 4, 6], "dist2max"), [0, 0.5, 1])
    np.testing.assert_allclose(_norm([2, 4, 8], "fracmax"), [0.25, 0.5, 1])


def test_rank_borda_prank_ties_min_and_nan_kept() -> None:
    values = [3, 1, 3, NAN, 2]
    np.testing.assert_allclose(_norm(values, "rank"), [3, 1, 3, NAN, 2])
    np.testing.assert_allclose(_norm(values, "borda"), [2, 0, 2, NAN, 1])
    np.testing.assert_allclose(_norm(values, "prank"), [2 / 3, 0, 2 / 3, NAN, 1 / 3])


def test_nan_preserved_and_input_not_mutated() -> None:
    x = np.array([[1.0, NAN], [3.0, 2.0], [NAN, 4.0]])
    before = x.copy()
    out = normalise(x, [1, 1], "minmax")
    np.testing.assert_array_equal(np.isnan(out), np.isnan(x))
    np.testing.assert_array_equal(x, before)


def test_per_indicator_override() -> None:
    stage = NormaliseStage(
        method="minmax",
        per_indicator={"b": NormaliseOverride(method="rank")},
    )
    tree = read_imeta(
        [
            {"Level": 1, "iCode": "a", "Parent": "I", "Type": "Indicator", "Weight": 1, "Direction": 1},
            {"Level": 1, "iCode": "b", "Parent": "I", "Type": "Indicator", "Weight": 1, "Direction": 1},
            {"Level": 2, "iCode": "I", "Parent": "", "Type": "Aggregate", "Weight": 1, "Direction": 1},
        ]
    )  # fmt: skip
    out = normalise_stage(np.array([[2.0, 5.0], [6.0, 7.0]]), tree, stage)
    np.testing.assert_allclose(out, [[0, 1], [100, 2]])
    with pytest.raises(MethodError):
        normalise(np.ones((2, 2)), tree, per_indicator={"zz": NormaliseOverride(method="rank")})


def test_batch_axes_normalise_each_replication_separately() -> None:
    x = np.stack([_col([2, 4, 6]), _col([0, 10, 5])])
    out = normalise(x, [1])
    np.testing.assert_allclose(out[..., 0], [[0, 50, 100], [0, 100, 50]])


finite_matrix = arrays(
    np.float64,
    st.tuples(st.integers(2, 8), st.integers(1, 4)),
    elements=st.floats(-1e6, 1e6, allow_nan=False),
)


@given(finite_matrix, st.floats(-50, 50), st.floats(1, 100))
@settings(max_examples=60)
def test_minmax_stays_in_range(x: np.ndarray, lower: float, width: float) -> None:
    out = normalise(x, np.ones(x.shape[1]), "minmax", {"l_u": [lower, lower + width]})
    ok = ~np.isnan(out)
    assert np.all(out[ok] >= lower - 1e-9 * width) and np.all(out[ok] <= lower + width * (1 + 1e-9))


@given(finite_matrix)
@settings(max_examples=60)
def test_direction_flip_mirrors_minmax(x: np.ndarray) -> None:
    dirs = np.ones(x.shape[1])
    up = normalise(x, dirs, "minmax")
    down = normalise(x, -dirs, "minmax")
    np.testing.assert_allclose(up + down, np.where(np.isnan(up), np.nan, 100.0), atol=1e-6)


@given(finite_matrix, st.randoms(use_true_random=False))
@settings(max_examples=40)
def test_independent_of_unit_order(x: np.ndarray, rnd) -> None:  # type: ignore[no-untyped-def]
    perm = list(range(x.shape[0]))
    rnd.shuffle(perm)
    for method in ("minmax", "zscore", "prank", "dist2max"):
        a = normalise(x, np.ones(x.shape[1]), method)  # type: ignore[arg-type]
        b = normalise(x[perm], np.ones(x.shape[1]), method)  # type: ignore[arg-type]
        np.testing.assert_allclose(a[perm], b, atol=1e-9)
