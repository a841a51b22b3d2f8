"""Indicator statistics (COINr ``get_stats``), NaN-aware and vectorised.

Every function takes ``x`` shaped (..., units, indicators) and reduces the units axis
(``axis=-2``), so leading batch axes (replications, years) are kept. Missing values (NaN) are
ignored; a statistic that needs more points than are available is NaN. No warnings are raised
for empty or constant columns.

With n available values, mean m, and central sums S_k = sum (x - m)^k:

- skew (adjusted Fisher-Pearson G1, COINr ``skew``, scipy ``skew(bias=False)``)::

      g1 = sqrt(n) * S_3 / S_2^(3/2);   skew = g1 * sqrt(n (n - 1)) / (n - 2)      (n >= 3)

- kurtosis (sample excess kurtosis G2, COINr ``kurt``, scipy ``kurtosis(bias=False)``)::

      r = n * S_4 / S_2^2;   kurt = ((n + 1) (r - 3) + 6) (n - 1) / ((n - 2) (n - 3))   (n >= 4)

- sd is the sample standard deviation sqrt(S_2 / (n - 1)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]


def count_available(x: Array) -> Array:
    """Number of non-missing values per indicator."""
    counts: Array = np.sum(~np.isnan(x), axis=-2, dtype=np.float64)
    return counts


def _divide(num: Array, den: Array) -> Array:
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.true_divide(num, den)
    return np.where(den == 0, np.nan, out)


def nan_mean(x: Array) -> Array:
    """Mean over units of the available values; NaN for an empty column."""
    return _divide(np.sum(np.where(np.isnan(x), 0.0, x), axis=-2), count_available(x))


def _central_sums(x: Array) -> tuple[Array, Array, Array, Array]:
    n = count_available(x)
    d = np.where(np.isnan(x), 0.0, x - np.expand_dims(nan_mean(x), -2))
    d2 = d * d
    return n, np.sum(d2, axis=-2), np.sum(d2 * d, axis=-2), np.sum(d2 * d2, axis=-2)


def nan_sd(x: Array) -> Array:
    """Sample standard deviation (denominator n - 1); NaN when fewer than 2 values."""
    n, s2, _, _ = _central_sums(x)
    return np.sqrt(_divide(s2, np.where(n >= 2, n - 1, 0.0)))


def skew_kurt(x: ArrayLike) -> tuple[Array, Array]:
    """Bias-corrected skewness and excess kurtosis per indicator (formulas in the module doc).

    Constant columns (S_2 = 0) and columns with too few values give NaN."""
    arr = np.asarray(x, dtype=np.float64)
    n, s2, s3, s4 = _central_sums(arr)
    with np.errstate(divide="ignore", invalid="ignore"):
        g1 = np.sqrt(n) * s3 / s2**1.5
        skew = g1 * np.sqrt(n * (n - 1)) / (n - 2)
        r = n * s4 / (s2 * s2)
        kurt = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    # a relative tolerance: a column of equal floats can leave rounding noise in S_2
    constant = s2 <= 1e-24 * np.maximum(1.0, np.sum(np.where(np.isnan(arr), 0, arr**2), axis=-2))
    skew = np.where((n >= 3) & ~constant, skew, np.nan)
    kurt = np.where((n >= 4) & ~constant, kurt, np.nan)
    return skew, kurt


def nan_median(x: Array) -> Array:
    """Median over units of the available values; NaN for an empty column."""
    ordered = np.sort(x, axis=-2)  # NaN sorts last
    n = np.sum(~np.isnan(x), axis=-2)
    lo = np.expand_dims(np.maximum((n - 1) // 2, 0), -2)
    hi = np.where(np.expand_dims(n % 2 == 0, -2), np.expand_dims(n // 2, -2), lo)
    a = np.take_along_axis(ordered, lo, axis=-2)[..., 0, :]
    b = np.take_along_axis(ordered, np.minimum(hi, x.shape[-2] - 1), axis=-2)[..., 0, :]
    return np.where(n > 0, (a + b) / 2, np.nan)


def count_unique(x: Array) -> Array:
    """Number of distinct available values per indicator."""
    ordered = np.sort(x, axis=-2)
    n = np.sum(~np.isnan(x), axis=-2)
    later_present = ~np.isnan(ordered[..., 1:, :])
    steps = np.sum((np.diff(ordered, axis=-2) != 0) & later_present, axis=-2)
    return np.where(n > 0, steps + 1, 0).astype(np.float64)


@dataclass(frozen=True)
class IndicatorStats:
    """COINr ``get_stats`` columns, each an array (..., indicators)."""

    min: Array
    max: Array
    mean: Array
    median: Array
    sd: Array
    skew: Array
    kurt: Array
    n_available: Array
    frc_available: Array
    n_nonzero: Array
    frc_nonzero: Array
    n_unique: Array
    frc_unique: Array
    flag_low: NDArray[np.bool_]  # LOW: availability, non-zero or unique share under threshold
    flag_out: NDArray[np.bool_]  # OUT: |skew| > t_skew AND kurt > t_kurt


def get_stats(
    x: ArrayLike,
    *,
    t_skew: float = 2.0,
    t_kurt: float = 3.5,
    t_avail: float = 0.65,
    t_zero: float = 0.5,
    t_unq: float = 0.5,
) -> IndicatorStats:
    """Statistics of every indicator over units (COINr ``get_stats`` with its default thresholds).

    Shares: availability = n_available / n_units; non-zero and unique shares are taken of the
    available values. LOW if any share is below its threshold; OUT if |skew| > t_skew and
    kurt > t_kurt (COINr ``check_SkewKurt`` fails)."""
    arr = np.asarray(x, dtype=np.float64)
    n = count_available(arr)
    present = ~np.isnan(arr)
    skew, kurt = skew_kurt(arr)
    n_nonzero = np.sum(present & (arr != 0), axis=-2).astype(np.float64)
    n_unique = count_unique(arr)
    frc_available = n / arr.shape[-2] if arr.shape[-2] else np.full_like(n, np.nan)
    frc_nonzero, frc_unique = _divide(n_nonzero, n), _divide(n_unique, n)
    with np.errstate(invalid="ignore"):
        low = (frc_available < t_avail) | (frc_nonzero < t_zero) | (frc_unique < t_unq)
        out = (np.abs(skew) > t_skew) & (kurt > t_kurt)
    big, small = np.where(present, arr, -np.inf), np.where(present, arr, np.inf)
    return IndicatorStats(
        min=np.where(n > 0, np.min(small, axis=-2, initial=np.inf), np.nan),
        max=np.where(n > 0, np.max(big, axis=-2, initial=-np.inf), np.nan),
        mean=nan_mean(arr),
        median=nan_median(arr),
        sd=nan_sd(arr),
        skew=skew,
        kurt=kurt,
        n_available=n,
        frc_available=np.asarray(frc_available, dtype=np.float64),
        n_nonzero=n_nonzero,
        frc_nonzero=frc_nonzero,
        n_unique=n_unique,
        frc_unique=frc_unique,
        flag_low=np.asarray(low | (n == 0)),
        flag_out=np.asarray(out),
    )
