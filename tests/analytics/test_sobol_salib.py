"""SALib's Sobol indices through admtrack's wrapper: the Ishigami function's analytical indices,
a linear model whose indices are worked out by hand, failed runs counted and their base rows
left out, and an output that never varies."""

from __future__ import annotations

import numpy as np
import pytest

from admtrack.analytics.sensitivity import ishigami
from admtrack.analytics.sobol_salib import analyse, design, sobol
from admtrack.errors import MethodError

NAMES3 = ("x1", "x2", "x3")


def test_ishigami_matches_its_analytical_indices() -> None:
    # a = 7, b = 0.1: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2; S1 = (0.3139, 0.4424, 0),
    # ST = (0.5576, 0.4424, 0.2437) (Ishigami and Homma 1990; Saltelli et al. 2008).
    r = sobol(ishigami, NAMES3, 1024, seed=1)
    assert r.first_order == pytest.approx([0.3139, 0.4424, 0.0], abs=0.03)
    assert r.total == pytest.approx([0.5576, 0.4424, 0.2437], abs=0.03)
    assert r.n_runs == 1024 * 5 and r.n_used == 1024 and r.n_failed_runs == 0
    assert np.all(r.first_order_conf > 0) and np.all(r.total_conf < 0.1)


def test_linear_model_indices_by_hand() -> None:
    # y = x1 + 2 x2 (x3 unused), x ~ U(0, 1): Var(a x) = a^2 / 12, so V = 5/12,
    # S1 = ST = (1/12, 4/12, 0) / (5/12) = (0.2, 0.8, 0); additive, so no interactions.
    r = sobol(lambda x: x[:, 0] + 2.0 * x[:, 1], NAMES3, 512, seed=3)
    assert r.first_order == pytest.approx([0.2, 0.8, 0.0], abs=0.01)
    assert r.total == pytest.approx([0.2, 0.8, 0.0], abs=0.01)
    assert r.variance == pytest.approx(5 / 12, rel=0.02)


def test_failed_runs_are_counted_and_their_base_rows_left_out() -> None:
    x = design(NAMES3, 256, seed=2)
    y = x[:, 0] + 2.0 * x[:, 1]
    y[[0, 1, 7]] = np.nan  # runs 0 and 1 in base row 0, run 7 in base row 1 (d + 2 = 5 per row)
    y[12] = np.inf  # base row 2
    r = analyse(NAMES3, y, seed=2)
    assert r.n_failed_runs == 4 and r.n_used == 253 and r.n_base == 256
    assert r.first_order == pytest.approx([0.2, 0.8, 0.0], abs=0.02)


def test_an_output_that_never_varies_has_no_indices() -> None:
    r = sobol(lambda x: np.zeros(x.shape[0]), NAMES3, 8, seed=0)
    assert not r.varies and np.all(np.isnan(r.first_order)) and np.all(np.isnan(r.total))


def test_design_size_must_be_a_power_of_two() -> None:
    assert design(NAMES3, 8, seed=0).shape == (8 * 5, 3)
    with pytest.raises(MethodError, match="power of two"):
        design(NAMES3, 100, seed=0)
    with pytest.raises(MethodError, match="N \\(d \\+ 2\\)"):
        analyse(NAMES3, np.zeros(11), seed=0)
