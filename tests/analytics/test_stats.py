"""Tests of indicator statistics against hand-computed values and scipy."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats as sps

from admtrack.analytics.stats import get_stats, nan_median, skew_kurt


def test_hand_computed_skew_and_kurtosis() -> None:
    # x = 1, 2, 3, 10: mean 4, deviations -3 -2 -1 6; S2 = 50, S3 = -27-8-1+216 = 180,
    # S4 = 81+16+1+1296 = 1394. g1 = 2*180/50^1.5 = 1.01823; skew = g1*sqrt(12)/2 = 1.76363.
    # r = 4*1394/2500 = 2.2304; kurt = ((5*(-0.7696))+6)*3/(2*1) = 3.2280
    skew, kurt = skew_kurt(np.array([[1.0], [2.0], [3.0], [10.0]]))
    assert skew[0] == pytest.approx(1.763633, rel=1e-6)
    assert kurt[0] == pytest.approx(3.228, rel=1e-9)


def test_missing_values_are_ignored_and_batch_axes_kept() -> None:
    x = np.array([[[1.0, 5.0], [np.nan, 5.0], [2.0, 5.0], [3.0, 5.0], [10.0, 5.0]]] * 3)
    s = get_stats(x)
    assert s.mean.shape == (3, 2)
    np.testing.assert_allclose(s.mean[:, 0], 4.0)
    np.testing.assert_allclose(s.median[:, 0], 2.5)
    np.testing.assert_allclose(s.n_available[:, 0], 4)
    np.testing.assert_allclose(s.frc_available[:, 0], 0.8)
    assert np.all(np.isnan(s.skew[:, 1]))  # constant column
    np.testing.assert_allclose(s.sd[:, 0], np.sqrt(50 / 3))
    np.testing.assert_allclose(s.min[:, 0], 1.0)
    np.testing.assert_allclose(s.max[:, 0], 10.0)
    np.testing.assert_allclose(s.n_unique[:, 1], 1.0)
    assert s.flag_low[0, 1]  # one unique value out of 5 available: LOW
    assert not s.flag_low[0, 0]


def test_outlier_flag_and_empty_columns_raise_no_warning() -> None:
    x = np.column_stack([np.r_[np.arange(1.0, 11.0), 30.0, 100.0], np.full(12, np.nan)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = get_stats(x)
    assert s.flag_out.tolist() == [True, False]
    assert s.flag_low.tolist() == [False, True]
    assert np.isnan(s.mean[1]) and np.isnan(s.median[1]) and np.isnan(s.min[1])


def test_zero_share_is_of_available_values() -> None:
    s = get_stats(np.array([[0.0], [0.0], [np.nan], [1.0]]))
    assert s.n_nonzero[0] == 1
    assert s.frc_nonzero[0] == pytest.approx(1 / 3)
    assert s.flag_low[0]


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(4, 12), st.integers(1, 3)),
        elements=st.floats(-1e3, 1e3) | st.just(np.nan),
    )
)
def test_matches_scipy_and_numpy(x: np.ndarray) -> None:
    skew, kurt = skew_kurt(x)
    med = nan_median(x)
    for j in range(x.shape[1]):
        col = x[~np.isnan(x[:, j]), j]
        if col.size:
            assert med[j] == pytest.approx(np.median(col))
        if col.size >= 4 and np.ptp(col) > 1e-6 * max(1.0, np.abs(col).max()):
            assert skew[j] == pytest.approx(sps.skew(col, bias=False), rel=1e-6, abs=1e-8)
            assert kurt[j] == pytest.approx(
                sps.kurtosis(col, fisher=True, bias=False), rel=1e-6, abs=1e-8
            )


@settings(max_examples=40, deadline=None)
@given(
    arrays(
        np.float64, st.tuples(st.integers(2, 10), st.integers(1, 3)), elements=st.floats(-50, 50)
    ),
    st.integers(0, 1000),
)
def test_statistics_do_not_depend_on_unit_order(x: np.ndarray, seed: int) -> None:
    perm = np.random.default_rng(seed).permutation(x.shape[0])
    a, b = get_stats(x), get_stats(x[perm])
    for name in ("mean", "median", "sd", "skew", "kurt", "n_unique", "min", "max"):
        np.testing.assert_allclose(getattr(a, name), getattr(b, name), rtol=1e-9, atol=1e-9)
