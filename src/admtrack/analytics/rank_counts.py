"""Rank statistics accumulated block by block, in memory that does not grow with the number of
replications.

Ranks are integers 1..U (U units, ties share the smallest rank), so how often each unit took
each rank, ``counts[target, unit, rank - 1]``, holds everything the median, the percentiles and
the mean of the ranks need: the k-th smallest rank of a unit is the first rank whose cumulative
count exceeds k. The statistics are therefore exactly those of the full (replications x units)
rank table, whatever the blocks; counts of separate blocks merge by addition, so blocks may run
anywhere (other processes, a Dask cluster) and be merged in any order.

The mean common-scale score (:func:`admtrack.analytics.uncertainty.common_scale_mean`) is kept
as a running sum and count per unit, equal to the full table's up to floating-point rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
Counts = NDArray[np.int64]


def scaled_scores(scores: Array) -> Array:
    """Each replication's (row's) scores rescaled to [0, 100] across units; NaN for rows whose
    units all score the same and for units without a score."""
    valid = ~np.isnan(scores)
    low = np.min(scores, axis=-1, keepdims=True, initial=np.inf, where=valid)
    high = np.max(scores, axis=-1, keepdims=True, initial=-np.inf, where=valid)
    spread = high - low
    usable = np.isfinite(spread) & (spread > 0)
    with np.errstate(invalid="ignore"):
        out: Array = np.where(
            usable, 100.0 * (scores - low) / np.where(usable, spread, 1.0), np.nan
        )
    return out


@dataclass
class RankCounts:
    """Rank counts, score sums and failures of ``targets`` over the replications added so far."""

    targets: tuple[str, ...]
    n_units: int
    counts: Counts = field(init=False)  # (targets, units, ranks)
    score_sum: Array = field(init=False)  # (targets, units)
    score_n: Counts = field(init=False)  # (targets, units)
    n_runs: int = 0
    n_failed_any: int = 0  # replications that failed for at least one target
    failures: list[dict[str, int]] = field(init=False)  # per target: reason -> count

    def __post_init__(self) -> None:
        t, u = len(self.targets), self.n_units
        self.counts = np.zeros((t, u, u), dtype=np.int64)
        self.score_sum = np.zeros((t, u))
        self.score_n = np.zeros((t, u), dtype=np.int64)
        self.failures = [{} for _ in self.targets]

    def add(
        self,
        ranks: Array,
        scores: Array,
        reason: NDArray[np.int64],
        reasons: tuple[str, ...],
    ) -> None:
        """Add a block: ``ranks`` and ``scores`` (rows, units, targets), ``reason`` (rows,
        targets) an index into ``reasons`` for failed rows (whose ranks are NaN), else -1."""
        rows, units = ranks.shape[0], self.n_units
        self.n_runs += rows
        self.n_failed_any += int((reason >= 0).any(axis=1).sum())
        for t in range(len(self.targets)):
            ok = reason[:, t] < 0
            r = ranks[ok, :, t]
            seen = ~np.isnan(r)
            unit = np.broadcast_to(np.arange(units), r.shape)[seen]
            flat = unit * units + (r[seen].astype(np.int64) - 1)
            self.counts[t] += np.bincount(flat, minlength=units * units).reshape(units, units)
            scaled = scaled_scores(scores[ok, :, t])
            self.score_sum[t] += np.nansum(scaled, axis=0)
            self.score_n[t] += np.sum(~np.isnan(scaled), axis=0)
            bad = reason[~ok, t]
            for code, count in zip(*np.unique(bad, return_counts=True), strict=True):
                why = reasons[int(code)]
                self.failures[t][why] = self.failures[t].get(why, 0) + int(count)

    def merge(self, other: RankCounts) -> None:
        """Add the counts of ``other`` (same targets and units) to these."""
        if other.targets != self.targets or other.n_units != self.n_units:
            raise ValueError("rank counts of different targets or units do not merge")
        self.counts += other.counts
        self.score_sum += other.score_sum
        self.score_n += other.score_n
        self.n_runs += other.n_runs
        self.n_failed_any += other.n_failed_any
        for mine, theirs in zip(self.failures, other.failures, strict=True):
            for why, count in theirs.items():
                mine[why] = mine.get(why, 0) + count

    def n_failed(self, t: int) -> int:
        return sum(self.failures[t].values())

    def quantile(self, t: int, q: float) -> Array:
        """Per-unit linear-interpolation quantile (R type 7) of the ranks; NaN without ranks."""
        counts = self.counts[t]
        total = counts.sum(axis=1)
        cumulative = np.cumsum(counts, axis=1)
        pos = np.maximum(total - 1, 0) * q
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, np.maximum(total - 1, 0))
        frac = pos - lo
        out = (
            self._order_stat(cumulative, lo) * (1 - frac) + self._order_stat(cumulative, hi) * frac
        )
        return np.where(total > 0, out, np.nan)

    @staticmethod
    def _order_stat(cumulative: Counts, k: NDArray[np.int64]) -> Array:
        """The k-th smallest rank (0-based) per unit: the first rank whose cumulative count > k."""
        first = np.argmax(cumulative > k[:, None], axis=1)
        out: Array = (first + 1).astype(np.float64)
        return out

    def mean_rank(self, t: int) -> Array:
        counts = self.counts[t]
        total = counts.sum(axis=1)
        weighted = counts @ np.arange(1, self.n_units + 1, dtype=np.int64)
        return np.where(total > 0, weighted.astype(np.float64) / np.maximum(total, 1), np.nan)

    def mean_score(self, t: int) -> Array:
        n = self.score_n[t]
        return np.where(n > 0, self.score_sum[t] / np.maximum(n, 1), np.nan)
