"""Variance-based sensitivity analysis: first-order and total Sobol indices from a Saltelli design
(docs/methodology/audit-sensitivity.md; COINr ``get_sensitivity(SA_type = "SA")``).

Design: two (N, d) matrices A and B of points in [0, 1)^d (the two halves of a 2d-dimensional
scrambled Sobol sequence, or plain uniform draws) and, for each input i, AB_i = A with column i
taken from B: N (d + 2) model runs, stacked as rows [A; B; AB_1; ...; AB_d].

Estimators, per output element (any trailing shape, e.g. one scalar or one value per unit):

* V = variance (ddof = 0) of the 2N outputs y_A and y_B together,
* S_i = mean(y_B (y_ABi - y_A)) / V (Saltelli et al. 2010),
* S_Ti = mean((y_A - y_ABi)^2) / (2 V) (Jansen 1999).

Failed runs are NaN outputs. A base row n is used for an output element only when all of its
d + 2 runs gave a finite value there; every mean above is then taken over the rows used, and the
number used is reported (``n_used``), so failures are counted, never silently dropped. An
output that never varies (V = 0, e.g. ranks no input can change) has NaN indices.

Confidence intervals: the N base rows are resampled with replacement ``n_boot`` times. Each
estimator is a ratio of row means, so a resample is a vector of row counts c (n_boot, N) and its
means are c @ terms / c @ used: one matrix product for all resamples, outputs and inputs.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.stats import qmc

from admtrack.errors import MethodError

F64 = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SaltelliDesign:
    a: F64  # (N, d)
    b: F64  # (N, d)

    @property
    def n(self) -> int:
        return int(self.a.shape[0])

    @property
    def d(self) -> int:
        return int(self.a.shape[1])

    def runs(self) -> F64:
        """All N (d + 2) points, rows ordered [A; B; AB_1; ...; AB_d]."""
        ab = np.repeat(self.a[None], self.d, axis=0)  # (d, N, d)
        idx = np.arange(self.d)
        ab[idx, :, idx] = self.b.T
        return np.concatenate([self.a, self.b, ab.reshape(-1, self.d)])


def saltelli_design(
    n: int, d: int, rng: np.random.Generator, method: str = "sobol"
) -> SaltelliDesign:
    """A and B from a scrambled Sobol sequence in 2d dimensions (``method="sobol"``; the first n
    points of the next power-of-two block) or from independent uniforms (``"random"``)."""
    if n < 2 or d < 1:
        raise MethodError("a Saltelli design needs n >= 2 base rows and d >= 1 inputs")
    if method == "sobol":
        m = int(np.ceil(np.log2(n)))
        points = qmc.Sobol(2 * d, scramble=True, seed=rng).random_base2(m)[:n]
    elif method == "random":
        points = rng.random((n, 2 * d))
    else:
        raise MethodError(f"unknown design method {method!r}; use 'sobol' or 'random'")
    return SaltelliDesign(a=points[:, :d].copy(), b=points[:, d:].copy())


@dataclass(frozen=True, eq=False)
class SobolIndices:
    """Indices of shape (d, *output_shape); CIs (2, d, *output_shape) as (low, high)."""

    first_order: F64
    total: F64
    first_order_ci: F64
    total_ci: F64
    variance: F64  # (*output_shape)
    n_used: NDArray[np.int64]  # base rows used, (*output_shape)
    n_rows: int
    confidence: float


def split_runs(y: F64, n: int, d: int) -> tuple[F64, F64, F64]:
    """(y_A (N, ...), y_B (N, ...), y_AB (d, N, ...)) from outputs stacked as in the design."""
    y = np.asarray(y, dtype=np.float64)
    if y.shape[0] != n * (d + 2):
        raise MethodError(f"expected {n * (d + 2)} runs for n={n}, d={d}; got {y.shape[0]}")
    return y[:n], y[n : 2 * n], y[2 * n :].reshape((d, n, *y.shape[1:]))


def _estimate(
    counts: F64, y_a: F64, y_b: F64, y_ab: F64, used: NDArray[np.bool_]
) -> tuple[F64, F64, F64]:
    """Weighted-row estimators; ``counts`` (R, N) row weights. Returns S1, ST (R, d, K), V (R, K)."""
    u = used.astype(np.float64)
    a, b, ab = np.where(used, y_a, 0.0), np.where(used, y_b, 0.0), np.where(used, y_ab, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        k = counts @ u  # (R, K)
        mean = (counts @ (a + b)) / (2 * k)
        var = (counts @ (a * a + b * b)) / (2 * k) - mean**2
        s1_num = np.tensordot(counts, b * (ab - a), axes=([1], [1])) / k[:, None]
        st_num = np.tensordot(counts, (a - ab) ** 2, axes=([1], [1])) / (2 * k[:, None])
        return s1_num / var[:, None], st_num / var[:, None], var


def sobol_indices(
    y_a: F64,
    y_b: F64,
    y_ab: F64,
    *,
    rng: np.random.Generator,
    n_boot: int = 1000,
    confidence: float = 0.90,
) -> SobolIndices:
    """S_i, S_Ti and bootstrap percentile CIs for outputs y_A (N, ...), y_B (N, ...), y_AB (d, N, ...)."""
    y_a, y_b, y_ab = (np.asarray(v, dtype=np.float64) for v in (y_a, y_b, y_ab))
    n, out_shape, d = y_a.shape[0], y_a.shape[1:], y_ab.shape[0]
    if y_b.shape != y_a.shape or y_ab.shape[1:] != y_a.shape:
        raise MethodError("y_A, y_B and y_AB shapes disagree")
    flat = (n, int(np.prod(out_shape, dtype=np.int64)))
    a, b = y_a.reshape(flat), y_b.reshape(flat)
    ab = y_ab.reshape((d, *flat))
    used = np.isfinite(a) & np.isfinite(b) & np.all(np.isfinite(ab), axis=0)
    s1, st, var = _estimate(np.ones((1, n)), a, b, ab, used)
    boot_s1, boot_st = np.empty((n_boot, d, flat[1])), np.empty((n_boot, d, flat[1]))
    chunk = max(1, 2**22 // max(n, d * flat[1]))  # bounds each chunk to about 32 MB
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        rows = rng.integers(0, n, size=(stop - start, n))
        counts = np.zeros((stop - start, n))
        np.add.at(counts, (np.arange(stop - start)[:, None], rows), 1.0)
        boot_s1[start:stop], boot_st[start:stop], _ = _estimate(counts, a, b, ab, used)
    tail = (1.0 - confidence) / 2.0 * 100.0
    with warnings.catch_warnings():  # an output that never varies has NaN indices (V = 0)
        warnings.simplefilter("ignore", RuntimeWarning)
        s1_ci = (
            np.nanpercentile(boot_s1, [tail, 100.0 - tail], axis=0)
            if n_boot
            else np.full((2, d, flat[1]), np.nan)
        )
        st_ci = (
            np.nanpercentile(boot_st, [tail, 100.0 - tail], axis=0)
            if n_boot
            else np.full((2, d, flat[1]), np.nan)
        )
    return SobolIndices(
        first_order=s1[0].reshape((d, *out_shape)),
        total=st[0].reshape((d, *out_shape)),
        first_order_ci=s1_ci.reshape((2, d, *out_shape)),
        total_ci=st_ci.reshape((2, d, *out_shape)),
        variance=var[0].reshape(out_shape),
        n_used=used.sum(axis=0).reshape(out_shape).astype(np.int64),
        n_rows=n,
        confidence=confidence,
    )


def mean_rank_shift(ranks: F64, nominal: F64) -> F64:
    """COINr's scalar SA output: mean over units of |rank - nominal rank|, per run (..., units)
    -> (...). NaN for a run whose ranks are all missing (a failed run)."""
    shift = np.abs(np.asarray(ranks, dtype=np.float64) - np.asarray(nominal, dtype=np.float64))
    available = np.isfinite(shift)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(available, shift, 0.0).sum(axis=-1) / available.sum(axis=-1)
    return np.asarray(mean, dtype=np.float64)


def sobol_of_model(
    model: Callable[[F64], F64],
    design: SaltelliDesign,
    *,
    rng: np.random.Generator,
    n_boot: int = 1000,
    confidence: float = 0.90,
) -> SobolIndices:
    """Run ``model`` once on all N (d + 2) points (rows -> outputs (runs, ...)) and estimate."""
    y = np.asarray(model(design.runs()), dtype=np.float64)
    y_a, y_b, y_ab = split_runs(y, design.n, design.d)
    return sobol_indices(y_a, y_b, y_ab, rng=rng, n_boot=n_boot, confidence=confidence)


class RunResults(Protocol):
    """What a model of the index returns for a batch of design points (``uncertainty.Replications``)."""

    @property
    def scores(self) -> F64: ...  # (runs, units)
    @property
    def ranks(self) -> F64: ...  # (runs, units)
    @property
    def failed(self) -> NDArray[np.bool_]: ...  # (runs,)
    def failure_counts(self) -> dict[str, int]: ...


@dataclass(frozen=True, eq=False)
class IndexSensitivity:
    """Sobol indices of an index: ``scalar`` for COINr's output (mean |rank shift| over units,
    indices (d,)); ``scores`` and ``ranks`` per unit (indices (d, units)) when asked for."""

    input_names: tuple[str, ...]
    scalar: SobolIndices
    scores: SobolIndices | None
    ranks: SobolIndices | None
    n_runs: int
    n_failed_runs: int
    failure_counts: dict[str, int]


def index_sensitivity(
    run: Callable[[F64], RunResults],
    design: SaltelliDesign,
    nominal_ranks: Sequence[float] | F64,
    input_names: Sequence[str],
    *,
    rng: np.random.Generator,
    n_boot: int = 1000,
    confidence: float = 0.90,
    per_unit: bool = False,
) -> IndexSensitivity:
    """Run the index on every design point in one call (``run`` is e.g.
    ``lambda X: uncertainty.evaluate(spec, data, inputs, X)``) and estimate the indices.
    Failed runs become NaN outputs and exclude their base rows (counted in ``n_used``)."""
    if len(input_names) != design.d:
        raise MethodError(f"{len(input_names)} input names for a design with {design.d} columns")
    result = run(design.runs())
    failed = np.asarray(result.failed, dtype=bool)
    scores = np.where(failed[:, None], np.nan, np.asarray(result.scores, dtype=np.float64))
    ranks = np.where(failed[:, None], np.nan, np.asarray(result.ranks, dtype=np.float64))
    shift = mean_rank_shift(ranks, np.asarray(nominal_ranks, dtype=np.float64))

    def estimate(y: F64) -> SobolIndices:
        parts = split_runs(y, design.n, design.d)
        return sobol_indices(*parts, rng=rng, n_boot=n_boot, confidence=confidence)

    return IndexSensitivity(
        input_names=tuple(input_names),
        scalar=estimate(shift),
        scores=estimate(scores) if per_unit else None,
        ranks=estimate(ranks) if per_unit else None,
        n_runs=int(failed.size),
        n_failed_runs=int(failed.sum()),
        failure_counts=dict(result.failure_counts()),
    )


def ishigami(x: F64, a: float = 7.0, b: float = 0.1) -> F64:
    """The Ishigami test function on [0, 1)^3 mapped to [-pi, pi)^3:
    sin x1 + a sin^2 x2 + b x3^4 sin x1. Analytical S1 = (0.3139, 0.4424, 0), ST = (0.5576,
    0.4424, 0.2437) for a = 7, b = 0.1."""
    z = -np.pi + 2.0 * np.pi * np.asarray(x, dtype=np.float64)
    y = np.sin(z[:, 0]) + a * np.sin(z[:, 1]) ** 2 + b * z[:, 2] ** 4 * np.sin(z[:, 0])
    return np.asarray(y, dtype=np.float64)
