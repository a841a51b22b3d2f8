"""Weights: nominal, effective, noisy, PCA and optimised."""

from __future__ import annotations

import numpy as np
import pytest

from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.weights import (
    effective_weights,
    noisy_weights,
    nominal_weights,
    optimised_weights,
    pca_weights,
)
from admtrack.errors import MethodError


def _tree(weights: tuple[float, ...] = (1, 3, 1, 1, 1, 1)) -> FrameworkTree:
    """a, b -> P; c -> Q; P, Q -> I (weights in that order)."""
    rows = [("a", 1, "P"), ("b", 1, "P"), ("c", 1, "Q"), ("P", 2, "I"), ("Q", 2, "I"), ("I", 3, "")]
    return read_imeta(
        [
            {"iCode": c, "Level": lv, "Parent": p, "Weight": w, "Direction": 1,
             "Type": "Indicator" if lv == 1 else "Aggregate"}
            for (c, lv, p), w in zip(rows, weights, strict=True)
        ]
    )  # fmt: skip


def test_nominal_weights_sum_to_one_within_parent() -> None:
    np.testing.assert_allclose(nominal_weights(_tree()), [0.25, 0.75, 1, 0.5, 0.5, 1])
    np.testing.assert_allclose(nominal_weights(_tree(), {"c": 5})[2], 1.0)


def test_effective_weights_multiply_down_the_tree() -> None:
    eff = effective_weights(_tree((1, 3, 1, 2, 1, 1)))
    np.testing.assert_allclose(eff, [1 / 6, 0.5, 1 / 3, 2 / 3, 1 / 3, 1])
    assert eff[:3].sum() == pytest.approx(1.0)
    batched = effective_weights(_tree(), np.array([[1, 1, 1, 1, 1, 1], [1, 3, 1, 1, 1, 1.0]]))
    np.testing.assert_allclose(batched[:, 0], [0.25, 0.125])


def test_noisy_weights_stay_in_band_and_are_reproducible() -> None:
    tree = _tree()
    w = tree.weights
    a = noisy_weights(w, tree, {2: 0.25}, 500, np.random.default_rng(7))
    b = noisy_weights(w, tree, {2: 0.25}, 500, np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)
    assert a.shape == (500, 6)
    assert np.all(a[:, 3:5] >= 0.75) and np.all(a[:, 3:5] <= 1.25)
    np.testing.assert_array_equal(a[:, [0, 1, 2, 5]], np.broadcast_to(w[[0, 1, 2, 5]], (500, 4)))
    with pytest.raises(MethodError):
        noisy_weights(w, tree, {2: 1.5}, 2, np.random.default_rng(0))


def test_pca_weights_equal_for_perfectly_correlated_children() -> None:
    x = np.array([[1.0, 2.0, 0.0], [2.0, 4.0, 1.0], [3.0, 6.0, 5.0], [np.nan, 1.0, 2.0]])
    result = pca_weights(x, _tree(), level=1)
    np.testing.assert_allclose(result.weights[:2], [1 / np.sqrt(2)] * 2)
    assert result.explained["P"] == pytest.approx(1.0)
    assert any("1 unit(s) with missing values dropped" in n for n in result.notes)
    assert any("Q" in n and "too few" in n for n in result.notes)


def test_pca_weights_report_negative_loadings() -> None:
    # b moves against a: one loading must be negative whatever the sign convention
    x = np.array([[1.0, 3.0, 0.0], [2.0, 2.0, 0.0], [3.0, 1.5, 0.0], [4.0, 0.0, 0.0]])
    result = pca_weights(x, _tree(), level=1)
    # two children: the first component's loadings are +-1/sqrt(2), signs flipped to sum >= 0
    np.testing.assert_allclose(np.abs(result.weights[:2]), [1 / np.sqrt(2)] * 2)
    assert sorted(np.sign(result.weights[:2])) == [-1.0, 1.0]
    assert any("negative PCA weights" in n for n in result.notes)


def _data() -> np.ndarray:
    rng = np.random.default_rng(3)
    base = rng.uniform(0, 100, size=(30, 1))
    return np.hstack([base + rng.normal(0, 5, (30, 1)), base + rng.normal(0, 5, (30, 1)),
                      rng.uniform(0, 100, (30, 1))])  # fmt: skip


def test_balance_optimisation_evens_out_correlations() -> None:
    tree = _tree((1, 1, 1, 1, 1, 1))
    result = optimised_weights(_data(), tree, level=2, optype="balance")
    start = optimised_weights(_data(), tree, level=2, optype="balance", maxiter=1)
    assert result.objective <= start.objective
    c = result.correlations
    assert abs(c[0] / c.sum() - 0.5) < 0.05
    np.testing.assert_allclose(result.weights[3] + result.weights[4], 1.0)


def test_infomax_does_not_lower_total_correlation() -> None:
    tree = _tree((1, 1, 1, 1, 1, 1))
    best = optimised_weights(_data(), tree, level=2, optype="infomax")
    nominal = optimised_weights(_data(), tree, level=2, optype="infomax", maxiter=1)
    assert best.correlations.sum() >= nominal.correlations.sum() - 1e-12
