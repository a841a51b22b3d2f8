"""Uncertainty analysis of an index (COINr ``get_sensitivity(SA_type = "UA")``), vectorised.

``evaluate(spec, data, inputs, X)`` runs one replication per row of the design X (N x d, one
column per uncertain input, see :mod:`admtrack.analytics.uncertain_inputs`) without rebuilding
the index per replication (:mod:`admtrack.analytics.replication_engine`: the nominal data are
prepared once, normalisation runs once per distinct choice, aggregation is batched).

``rank_statistics(spec, data, inputs, X, codes=...)`` gives the rank statistics of several
aggregates from one pass over the design. Unless replications are kept, it accumulates rank
counts block by block (:mod:`admtrack.analytics.rank_counts`), so its memory does not grow with
N, and the blocks can run on an executor (``concurrent.futures`` or a Dask
``distributed.Client``): their counts merge exactly, so the statistics equal a local run with the
same design, bit for bit.

A replication fails when a stage refuses its data (e.g. a geometric mean of zeros); its scores
and ranks are NaN, ``failed`` is True and ``reason`` says why. Failures are counted, never
dropped silently. Ranks: 1 = highest score, ties share the smallest rank ("min").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Protocol

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.rank_counts import RankCounts, scaled_scores
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.replication_engine import (
    BlockScores,
    Prepare,
    Prepared,
    ReplicationEngine,
    prepare_with_pipeline,
)
from admtrack.analytics.spec import PipelineSpec
from admtrack.analytics.uncertain_inputs import UncertaintySpec
from admtrack.errors import MethodError

__all__ = [
    "Executor",
    "Prepare",
    "Prepared",
    "Replications",
    "UncertaintyResult",
    "common_scale_mean",
    "evaluate",
    "nominal_scores",
    "prepare_with_pipeline",
    "rank_statistics",
    "run_uncertainty",
    "summarise",
]

Array = NDArray[np.float64]
BLOCK_BUDGET = 128 * 2**20  # bytes of scores, ranks and temporaries per block of replications
#: OpenBLAS threads while scoring blocks; None: one thread below BLAS_SMALL units x indicators
#: (small products run several times slower on two threads than on one), the library's own
#: default above it (bench/bench_engine_scale.py measures both).
BLAS_THREADS: int | None = None
BLAS_SMALL = 1_000_000


class Executor(Protocol):
    """Anything with ``submit(fn, *args)`` returning a future with ``result()``: a
    ``concurrent.futures`` executor or a Dask ``distributed.Client``."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


@dataclass(frozen=True, eq=False)
class Replications:
    """Scores and ranks of one aggregate (default: the index) per replication and unit."""

    unit_codes: tuple[str, ...]
    code: str
    scores: Array  # (N, units)
    ranks: Array  # (N, units)
    failed: NDArray[np.bool_]  # (N,)
    reason: NDArray[np.int64]  # (N,) index into reasons, -1 when the replication succeeded
    reasons: tuple[str, ...]

    def failure_counts(self) -> dict[str, int]:
        counts = np.bincount(self.reason[self.reason >= 0], minlength=len(self.reasons))
        return {r: int(c) for r, c in zip(self.reasons, counts, strict=True) if c}


def block_size(units: int, targets: int) -> int:
    """Replications per block so that a block's arrays stay near BLOCK_BUDGET."""
    return max(1, BLOCK_BUDGET // (max(units, 1) * targets * 8 * 6))


def _blocks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


def _ranks(scores: Array) -> Array:
    """Ranks over units of (rows, units, targets) scores."""
    return np.moveaxis(rank_descending(np.moveaxis(scores, -1, 1)), 1, -1)


def _limited(fn: Callable[[], Any], engine: ReplicationEngine) -> Any:
    from threadpoolctl import threadpool_limits

    threads = BLAS_THREADS
    if threads is None:
        size = len(engine.unit_codes) * engine.data.tree.n_indicators
        if size >= BLAS_SMALL:
            return fn()
        threads = 1
    with threadpool_limits(limits=threads, user_api="blas"):
        return fn()


def _count_block(engine: ReplicationEngine, grid: Array) -> RankCounts:
    """Rank counts of one block of design rows (runs wherever the executor puts it)."""

    def run() -> RankCounts:
        block = engine.run(grid)
        counts = RankCounts(engine.targets, len(engine.unit_codes))
        counts.add(_ranks(block.scores), block.scores, block.reason, block.reasons)
        return counts

    result: RankCounts = _limited(run, engine)
    return result


def _check(grid: Array, inputs: UncertaintySpec) -> None:
    if grid.shape[1] != inputs.d:
        raise MethodError(f"design has {grid.shape[1]} columns for {inputs.d} inputs")


def _kept(engine: ReplicationEngine, grid: Array) -> list[Replications]:
    """Every replication's scores and ranks, block by block (the blocks of :func:`_count_block`)."""
    n, units = grid.shape[0], len(engine.unit_codes)
    size = block_size(units, len(engine.targets))
    parts: list[BlockScores] = [
        _limited(partial(engine.run, grid[b]), engine) for b in _blocks(n, size)
    ]
    texts: dict[str, int] = {}
    scores = np.concatenate([p.scores for p in parts]) if parts else np.empty((0, units, 1))
    reason = np.concatenate(
        [
            np.where(
                p.reason >= 0,
                np.array([texts.setdefault(r, len(texts)) for r in p.reasons] + [-1])[p.reason],
                -1,
            )
            for p in parts
        ]
    )
    ranks = _ranks(scores)
    return [
        Replications(
            unit_codes=engine.unit_codes,
            code=code,
            scores=scores[:, :, t],
            ranks=ranks[:, :, t],
            failed=reason[:, t] >= 0,
            reason=reason[:, t],
            reasons=tuple(texts),
        )
        for t, code in enumerate(engine.targets)
    ]


def _quantile(ranks: Array, q: float) -> Array:
    """Per-column linear-interpolation quantile (R type 7) ignoring NaN; NaN for empty columns."""
    ordered = np.sort(ranks, axis=0)  # NaN sorts last
    count = np.sum(~np.isnan(ranks), axis=0)
    pos = np.maximum(count - 1, 0) * q
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(count - 1, 0))
    cols = np.arange(ranks.shape[1])
    frac = pos - lo
    out = ordered[lo, cols] * (1 - frac) + ordered[hi, cols] * frac
    return np.where(count > 0, out, np.nan)


def _column_mean(values: Array) -> Array:
    count = np.sum(~np.isnan(values), axis=0)
    total = np.nansum(values, axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


@dataclass(frozen=True, eq=False)
class UncertaintyResult:
    """Rank statistics per unit (COINr ``RankStats``), over the successful replications."""

    unit_codes: tuple[str, ...]
    code: str
    nominal_score: Array
    nominal_rank: Array
    median_rank: Array
    mean_rank: Array
    q05_rank: Array
    q95_rank: Array
    mean_score: Array
    n_runs: int
    n_failed: int
    failures: dict[str, int]
    replications: Replications | None = None
    #: Replications that failed for at least one of the codes analysed together (the same on
    #: every code's result of one :func:`rank_statistics` call).
    n_failed_any: int = 0

    def rows(self) -> list[dict[str, object]]:
        """One record per unit: uCode, nominal and summary ranks, scores."""
        out: list[dict[str, object]] = []
        for i, unit in enumerate(self.unit_codes):
            out.append(
                {
                    "uCode": unit,
                    "nominal_rank": _num(self.nominal_rank[i]),
                    "median_rank": _num(self.median_rank[i]),
                    "mean_rank": _num(self.mean_rank[i]),
                    "q05_rank": _num(self.q05_rank[i]),
                    "q95_rank": _num(self.q95_rank[i]),
                    "nominal_score": _num(self.nominal_score[i]),
                    "mean_score": _num(self.mean_score[i]),
                }
            )
        return out


def _num(value: np.floating | float) -> float | None:
    return None if np.isnan(value) else float(value)


def common_scale_mean(scores: Array) -> Array:
    """Each unit's mean score over replications (rows of ``scores``), every replication's scores first
    rescaled to [0, 100] across units: ``100 (s_ru - min_u s_ru) / (max_u s_ru - min_u s_ru)``.

    Replications normalised differently (min-max [1, 100], z-score around 10) give scores on
    different scales, so their raw mean means nothing; the rescaled score says where a unit stands
    between the lowest (0) and highest (100) unit of each replication. A replication whose units
    all score the same carries no position and is left out; a unit without a score in a
    replication is left out of that replication's average; NaN when nothing is left."""
    scaled = scaled_scores(scores)
    count = np.sum(~np.isnan(scaled), axis=0)
    total = np.nansum(scaled, axis=0)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def summarise(reps: Replications, nominal_score: Array) -> UncertaintyResult:
    ok = ~reps.failed
    ranks, scores = reps.ranks[ok], reps.scores[ok]
    return UncertaintyResult(
        unit_codes=reps.unit_codes,
        code=reps.code,
        nominal_score=nominal_score,
        nominal_rank=rank_descending(nominal_score),
        median_rank=_quantile(ranks, 0.5),
        mean_rank=_column_mean(ranks),
        q05_rank=_quantile(ranks, 0.05),
        q95_rank=_quantile(ranks, 0.95),
        mean_score=common_scale_mean(scores),
        n_runs=int(reps.failed.size),
        n_failed=int(reps.failed.sum()),
        failures=reps.failure_counts(),
    )


def _from_counts(
    counts: RankCounts, t: int, nominal: Array, units: tuple[str, ...]
) -> UncertaintyResult:
    return UncertaintyResult(
        unit_codes=units,
        code=counts.targets[t],
        nominal_score=nominal,
        nominal_rank=rank_descending(nominal),
        median_rank=counts.quantile(t, 0.5),
        mean_rank=counts.mean_rank(t),
        q05_rank=counts.quantile(t, 0.05),
        q95_rank=counts.quantile(t, 0.95),
        mean_score=counts.mean_score(t),
        n_runs=counts.n_runs,
        n_failed=counts.n_failed(t),
        failures=dict(counts.failures[t]),
        n_failed_any=counts.n_failed_any,
    )


def count_ranks(
    engine: ReplicationEngine, grid: Array, executor: Executor | None = None
) -> RankCounts:
    """Rank counts of every row of ``grid``, block by block, on ``executor`` when given."""
    n, units = grid.shape[0], len(engine.unit_codes)
    size = block_size(units, len(engine.targets))
    total = RankCounts(engine.targets, units)
    if executor is None:
        for b in _blocks(n, size):
            total.merge(_count_block(engine, grid[b]))
        return total
    scatter = getattr(executor, "scatter", None)
    shipped: Any = scatter(engine, broadcast=True) if scatter is not None else engine
    futures = [executor.submit(_count_block, shipped, grid[b]) for b in _blocks(n, size)]
    for future in futures:
        total.merge(future.result())
    return total


def evaluate(
    spec: PipelineSpec,
    data: IndexData,
    inputs: UncertaintySpec,
    x: ArrayLike,
    *,
    code: str | None = None,
    prepare: Prepare = prepare_with_pipeline,
) -> Replications:
    """Scores and ranks of aggregate ``code`` (default: the index) for every row of ``x``.

    ``x`` (N, d) holds design points in [0, 1], one column per input of ``inputs``, in order.
    Units are those kept by the unperturbed spec; a unit a variant screens out scores NaN."""
    grid = np.atleast_2d(np.asarray(x, dtype=np.float64))
    _check(grid, inputs)
    engine = ReplicationEngine(spec, data, inputs, [code] if code else None, prepare)
    return _kept(engine, grid)[0]


def rank_statistics(
    spec: PipelineSpec,
    data: IndexData,
    inputs: UncertaintySpec,
    x: ArrayLike,
    *,
    codes: Sequence[str] | None = None,
    prepare: Prepare = prepare_with_pipeline,
    keep_replications: bool = False,
    executor: Executor | None = None,
) -> dict[str, UncertaintyResult]:
    """Rank statistics of every aggregate in ``codes`` (default: the index) over the rows of
    the design ``x`` (N, d), from one pass: each replication is aggregated once for all codes.

    Without ``keep_replications`` the ranks are counted block by block (memory independent of
    N: U x U counts per code for U units; blocks run on ``executor`` when given), except that up
    to U replications are ranked whole, which takes no more memory; with it, every
    replication's scores and ranks are kept on the results. The statistics are the same either way. The nominal scores and ranks
    come from the unperturbed spec, whose data are prepared once for the whole analysis."""
    grid = np.atleast_2d(np.asarray(x, dtype=np.float64))
    _check(grid, inputs)
    engine = ReplicationEngine(spec, data, inputs, codes, prepare)
    nominal = engine.nominal_scores()
    out: dict[str, UncertaintyResult] = {}
    if keep_replications or (executor is None and grid.shape[0] <= len(engine.unit_codes)):
        # Up to U replications, their ranks take no more memory than U x U counts would.
        kept = _kept(engine, grid)
        any_failed = int(np.any([reps.failed for reps in kept], axis=0).sum())
        for t, reps in enumerate(kept):
            result = replace(summarise(reps, nominal[:, t]), n_failed_any=any_failed)
            out[reps.code] = replace(result, replications=reps) if keep_replications else result
        return out
    counts = count_ranks(engine, grid, executor)
    for t, target in enumerate(engine.targets):
        out[target] = _from_counts(counts, t, nominal[:, t], engine.unit_codes)
    return out


def nominal_scores(
    spec: PipelineSpec,
    data: IndexData,
    *,
    code: str | None = None,
    prepare: Prepare = prepare_with_pipeline,
) -> tuple[tuple[str, ...], Array]:
    """Unit codes and scores of ``code`` (default: the index) under the unperturbed spec."""
    engine = ReplicationEngine(
        spec, data, UncertaintySpec(inputs=[]), [code] if code else None, prepare
    )
    return engine.unit_codes, engine.nominal_scores()[:, 0]


def run_uncertainty(
    spec: PipelineSpec,
    data: IndexData,
    inputs: UncertaintySpec,
    n: int,
    rng: np.random.Generator,
    keep_replications: bool = False,
    *,
    code: str | None = None,
    prepare: Prepare = prepare_with_pipeline,
    executor: Executor | None = None,
) -> UncertaintyResult:
    """Plain Monte Carlo: X = rng.random((n, d)), then :func:`rank_statistics` of ``code``.

    Without ``keep_replications`` memory does not grow with ``n`` beyond the design itself."""
    if n < 1:
        raise MethodError("the number of replications must be at least 1")
    design = rng.random((n, inputs.d))
    results = rank_statistics(
        spec, data, inputs, design, codes=[code] if code else None, prepare=prepare,
        keep_replications=keep_replications, executor=executor,
    )  # fmt: skip
    return next(iter(results.values()))
