from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import rankdata

from admtrack.analytics.sensitivity import (
    index_sensitivity,
    ishigami,
    mean_rank_shift,
    saltelli_design,
    sobol_indices,
    sobol_of_model,
    split_runs,
)
from admtrack.errors import MethodError

ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def test_design_layout() -> None:
    design = saltelli_design(8, 3, np.random.default_rng(0))
    runs = design.runs()
    assert runs.shape == (8 * 5, 3)
    np.testing.assert_array_equal(runs[:8], design.a)
    np.testing.assert_array_equal(runs[8:16], design.b)
    ab_2 = runs[16 + 8 : 16 + 16]  # AB_2: A with column 2 from B
    np.testing.assert_array_equal(ab_2[:, [0, 2]], design.a[:, [0, 2]])
    np.testing.assert_array_equal(ab_2[:, 1], design.b[:, 1])
    assert np.all((runs >= 0) & (runs < 1))


def test_design_arguments() -> None:
    with pytest.raises(MethodError):
        saltelli_design(1, 3, np.random.default_rng(0))
    with pytest.raises(MethodError):
        saltelli_design(8, 3, np.random.default_rng(0), method="lhs")
    with pytest.raises(MethodError):
        split_runs(np.zeros(10), 4, 3)


@pytest.mark.parametrize("method", ["sobol", "random"])
def test_ishigami(method: str) -> None:
    rng = np.random.default_rng(20240601)
    design = saltelli_design(8192, 3, rng, method=method)
    result = sobol_of_model(ishigami, design, rng=rng, n_boot=200)
    np.testing.assert_allclose(result.first_order, ISHIGAMI_S1, atol=0.03)
    np.testing.assert_allclose(result.total, ISHIGAMI_ST, atol=0.03)
    low, high = result.total_ci
    assert np.all(low <= result.total) and np.all(result.total <= high)
    assert np.all(high - low < 0.1)
    assert result.n_used == 8192 and result.n_rows == 8192


def test_linear_model_per_output() -> None:
    """y_k = sum_i c_ki x_i with independent uniform inputs: S_i = S_Ti = c_ki^2 / sum_j c_kj^2."""
    coefs = np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 0.0]])  # two outputs ("units")
    rng = np.random.default_rng(7)
    design = saltelli_design(4096, 3, rng)
    result = sobol_of_model(lambda x: x @ coefs.T, design, rng=rng, n_boot=100)
    expected = (coefs**2 / (coefs**2).sum(axis=1, keepdims=True)).T  # (d, outputs)
    assert result.first_order.shape == (3, 2)
    np.testing.assert_allclose(result.first_order, expected, atol=0.02)
    np.testing.assert_allclose(result.total, expected, atol=0.02)
    assert result.first_order_ci.shape == (2, 3, 2)
    np.testing.assert_allclose(result.variance, (coefs**2).sum(axis=1) / 12, rtol=0.05)


def test_failed_runs_are_excluded_and_counted() -> None:
    rng = np.random.default_rng(3)
    design = saltelli_design(2048, 3, rng)
    y = ishigami(design.runs())
    y[[5, 2048 + 9, 4 * 2048 + 9, 4 * 2048 + 11]] = np.nan  # rows 5, 9 and 11 fail somewhere
    y_a, y_b, y_ab = split_runs(y, 2048, 3)
    result = sobol_indices(y_a, y_b, y_ab, rng=rng, n_boot=50)
    assert result.n_used == 2048 - 3
    assert np.all(np.isfinite(result.first_order))
    clean = np.delete(np.arange(2048), [5, 9, 11])
    reference = sobol_indices(y_a[clean], y_b[clean], y_ab[:, clean], rng=rng, n_boot=0)
    np.testing.assert_allclose(result.first_order, reference.first_order)
    np.testing.assert_allclose(result.total, reference.total)


def test_hand_computed_small_case() -> None:
    # N = 2, d = 1: y_A = (0, 2), y_B = (2, 0), y_AB = (2, 0) (the output depends on x1 alone)
    y_a, y_b, y_ab = np.array([0.0, 2.0]), np.array([2.0, 0.0]), np.array([[2.0, 0.0]])
    result = sobol_indices(y_a, y_b, y_ab, rng=np.random.default_rng(0), n_boot=0)
    # V = var(0, 2, 2, 0) = 1; S1 = mean(2*(2-0), 0*(0-2)) / 1 = 2; ST = mean(4, 4) / 2 = 2
    assert result.variance == pytest.approx(1.0)
    assert result.first_order[0] == pytest.approx(2.0)
    assert result.total[0] == pytest.approx(2.0)


def test_mean_rank_shift() -> None:
    ranks = np.array(
        [[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [np.nan, np.nan, np.nan], [2.0, 1.0, np.nan]]
    )
    shift = mean_rank_shift(ranks, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(shift[[0, 1, 3]], [0.0, 4.0 / 3.0, 1.0])
    assert np.isnan(shift[2])


@settings(max_examples=20, deadline=None)
@given(st.floats(0.1, 100.0), st.floats(-50.0, 50.0))
def test_indices_invariant_to_affine_output_change(scale: float, shift: float) -> None:
    rng = np.random.default_rng(11)
    design = saltelli_design(256, 3, rng)
    y = ishigami(design.runs())
    a = sobol_indices(*split_runs(y, 256, 3), rng=np.random.default_rng(1), n_boot=0)
    b = sobol_indices(
        *split_runs(scale * y + shift, 256, 3), rng=np.random.default_rng(1), n_boot=0
    )
    np.testing.assert_allclose(b.total, a.total, rtol=1e-7, atol=1e-9)
    # S_i's estimator is shift-invariant only in expectation; its scale invariance is exact
    c = sobol_indices(*split_runs(scale * y, 256, 3), rng=np.random.default_rng(1), n_boot=0)
    np.testing.assert_allclose(c.first_order, a.first_order, rtol=1e-7, atol=1e-9)


@dataclass(frozen=True)
class _Runs:
    scores: np.ndarray
    ranks: np.ndarray
    failed: np.ndarray

    def failure_counts(self) -> dict[str, int]:
        return {"refused": int(self.failed.sum())} if self.failed.any() else {}


def _toy_index(x: np.ndarray) -> _Runs:
    """Four units; input 0 moves unit scores a lot, input 1 a little, input 2 not at all.
    Runs whose input 2 is above 0.98 fail."""
    base = np.array([4.0, 3.0, 2.0, 1.0])
    scores = base + 3.0 * x[:, [0]] * np.array([-1.0, 1.0, -1.0, 1.0]) + 0.2 * x[:, [1]]
    failed = x[:, 2] > 0.98
    scores = np.where(failed[:, None], np.nan, scores)
    return _Runs(scores, rank_scores_desc(scores), failed)


def rank_scores_desc(scores: np.ndarray) -> np.ndarray:
    return np.asarray(rankdata(-scores, axis=-1, method="min", nan_policy="omit"), dtype=float)


def test_index_sensitivity_scalar_and_per_unit() -> None:
    rng = np.random.default_rng(2)
    design = saltelli_design(1024, 3, rng)
    result = index_sensitivity(
        _toy_index, design, [1.0, 2.0, 3.0, 4.0], ["weights", "noise", "idle"],
        rng=rng, n_boot=100, per_unit=True,
    )  # fmt: skip
    assert result.input_names == ("weights", "noise", "idle")
    assert result.n_runs == 1024 * 5
    assert result.n_failed_runs == int(np.sum(design.runs()[:, 2] > 0.98))
    assert result.failure_counts == {"refused": result.n_failed_runs}
    assert result.scalar.n_used < 1024  # base rows with a failed run are excluded
    assert result.scalar.total[0] > 0.9 and abs(result.scalar.total[2]) < 0.02
    assert result.scores is not None and result.scores.first_order.shape == (3, 4)
    # each unit's score is linear: S_i = c_i^2 / sum c^2 with c = (3, 0.2, 0) times sign
    np.testing.assert_allclose(result.scores.first_order[0], 9 / 9.04, atol=0.03)
    np.testing.assert_allclose(result.scores.total[1], 0.04 / 9.04, atol=0.01)
    assert result.ranks is not None and result.ranks.total.shape == (3, 4)
    with pytest.raises(MethodError):
        index_sensitivity(_toy_index, design, [1.0, 2.0, 3.0, 4.0], ["a"], rng=rng)


def test_constant_output_gives_nan_without_warnings() -> None:
    rng = np.random.default_rng(0)
    design = saltelli_design(64, 2, rng)
    result = sobol_of_model(lambda x: np.ones(x.shape[0]), design, rng=rng, n_boot=20)
    assert np.all(np.isnan(result.first_order)) and np.all(np.isnan(result.total_ci))
    assert result.variance == 0.0
