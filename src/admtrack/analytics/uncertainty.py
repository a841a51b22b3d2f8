"""Uncertainty analysis of an index (COINr ``get_sensitivity(SA_type = "UA")``), vectorised.

``evaluate(spec, data, inputs, X)`` runs one replication per row of the design X (N x d, one
column per uncertain input, see :mod:`admtrack.analytics.uncertain_inputs`). It never rebuilds
the index per replication:

1. the stages before normalisation (denominate, impute, screen, treat) run once per distinct
   value of the inputs that act on them (winsorisation limit, imputation method);
2. normalisation runs once per distinct normalisation x exclusion alternative (it is
   deterministic given them);
3. aggregation runs for all replications sharing those choices at once, with their weight sets
   as a batch axis ``(replications, units, nodes)``, in chunks that bound memory.

A replication fails when a stage refuses its data (e.g. a geometric mean of zeros); its scores
and ranks are NaN, ``failed`` is True and ``reason`` says why. Failures are counted, never
dropped silently. Ranks: 1 = highest score, ties share the smallest rank ("min").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.aggregate import (
    aggregate_tree,
    aggregate_tree_outcome,
    weights_with_overrides,
)
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.normalise import normalise
from admtrack.analytics.pipeline import build
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.spec import (
    AggregateStage,
    ImputeStage,
    NormaliseStage,
    PipelineSpec,
    TreatStage,
)
from admtrack.analytics.uncertain_inputs import (
    AggregationInput,
    ExclusionInput,
    ImputationInput,
    NormalisationInput,
    UncertaintySpec,
    WeightFactorInput,
    WeightsInput,
    WinsorisationInput,
    decode_column,
    weight_bank,
)
from admtrack.errors import AdmtrackError, MethodError

Array = NDArray[np.float64]
#: The data entering normalisation: unit codes kept, values (units, indicators), framework.
Prepared = tuple[tuple[str, ...], Array, FrameworkTree]
Prepare = Callable[[PipelineSpec, IndexData], Prepared]
PRE_NORMALISATION = ("denominate", "impute", "screen", "treat")
MEMORY_BUDGET = 64 * 2**20  # bytes of working arrays per aggregation chunk


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


def prepare_with_pipeline(spec: PipelineSpec, data: IndexData) -> Prepared:
    """The data entering normalisation: the identity when the spec has no earlier stage,
    otherwise the data set before ``Normalised`` of a pipeline build (with the framework as
    left by screening). The build's own normalisation and aggregation are swapped for min-max
    and arithmetic means, which cannot fail, since only their input is used here."""
    if not any(spec.stage(kind) is not None for kind in PRE_NORMALISATION):
        return data.unit_codes, np.asarray(data.values, dtype=np.float64), data.tree
    safe = spec.replaced(NormaliseStage()).replaced(AggregateStage())
    result = build(safe, data)
    names = list(result.stages)
    before = result.stages[names[names.index("Normalised") - 1]]
    return before.unit_codes, before.values, result.tree


@dataclass
class _Collector:
    reasons: dict[str, int] = field(default_factory=dict)

    def index(self, message: str) -> int:
        return self.reasons.setdefault(message, len(self.reasons))


def _variant(spec: PipelineSpec, item: object, choice: int) -> PipelineSpec:
    """The spec with a discrete pre-normalisation input set to alternative ``choice``."""
    if isinstance(item, WinsorisationInput):
        stage = spec.stage("treat")
        if not isinstance(stage, TreatStage):
            raise MethodError(
                f"input {item.name!r} varies winsorisation but the spec has no treat stage"
            )
        return spec.replaced(stage.model_copy(update={"winmax": item.values[choice]}))
    if isinstance(item, ImputationInput):
        stage = spec.stage("impute")
        if not isinstance(stage, ImputeStage):
            raise MethodError(
                f"input {item.name!r} varies imputation but the spec has no impute stage"
            )
        return spec.replaced(stage.model_copy(update={"method": item.alternatives[choice]}))
    raise MethodError(f"input {item!r} does not act before normalisation")


def _stages(spec: PipelineSpec) -> tuple[NormaliseStage, AggregateStage]:
    norm, agg = spec.stage("normalise"), spec.stage("aggregate")
    if not isinstance(norm, NormaliseStage) or not isinstance(agg, AggregateStage):
        raise MethodError("the spec needs a normalise and an aggregate stage")
    return norm, agg


def _aggregation_variant(
    agg: AggregateStage, item: AggregationInput, choice: int
) -> AggregateStage:
    how = item.alternatives[choice]
    if item.levels is None:
        return agg.model_copy(update={"default": how, "levels": {}})
    return agg.model_copy(update={"levels": {**agg.levels, **dict.fromkeys(item.levels, how)}})


def _chunk_size(tree: FrameworkTree, units: int, agg: AggregateStage) -> int:
    """Replications per aggregation call so that working arrays stay near MEMORY_BUDGET."""
    width = max(int(tree.nodes_at(level).size) for level in range(2, tree.max_level + 1))
    per_rep = units * width * 8 * 8  # a few (replications, units, parents) temporaries
    if agg.default.method == "copeland" or any(
        lv.method == "copeland" for lv in agg.levels.values()
    ):
        max_children = int(np.bincount(tree.parents[tree.parents >= 0]).max())
        per_rep += units * units * max_children * 8 * 4
    return max(1, MEMORY_BUDGET // per_rep)


@dataclass(frozen=True, eq=False)
class _Design:
    """Decoded design: per-replication weights over the full framework and discrete choices."""

    weights: Array  # (N, n_nodes) of the input framework
    choice: NDArray[np.int64]  # (N, d) alternative index of each discrete input
    pre_cols: tuple[int, ...]  # inputs acting before normalisation
    norm_col: int
    excl_col: int
    agg_col: int


def _decode(design: Array, inputs: UncertaintySpec, tree: FrameworkTree, base: Array) -> _Design:
    n = design.shape[0]
    weights = np.broadcast_to(base, (n, base.size)).copy()
    choice = np.zeros((n, inputs.d), dtype=np.int64)
    pre_cols: list[int] = []
    cols = {"normalisation": -1, "exclusion": -1, "aggregation": -1}
    for j, item in enumerate(inputs.inputs):
        decoded = decode_column(item, design[:, j])
        if isinstance(item, WeightFactorInput):
            weights[:, [tree.index_of(c) for c in item.codes]] *= decoded[:, None]
            continue
        choice[:, j] = decoded.astype(np.int64)
        if isinstance(item, WeightsInput):
            weights *= weight_bank(item, tree, np.ones(base.size))[choice[:, j]]
        elif isinstance(item, WinsorisationInput | ImputationInput):
            pre_cols.append(j)
        else:
            if cols[item.kind] >= 0:
                raise MethodError(f"only one {item.kind} input is allowed")
            cols[item.kind] = j
    return _Design(
        weights,
        choice,
        tuple(pre_cols),
        cols["normalisation"],
        cols["exclusion"],
        cols["aggregation"],
    )


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
    if grid.shape[1] != inputs.d:
        raise MethodError(f"design has {grid.shape[1]} columns for {inputs.d} inputs")
    if data.is_panel:
        raise MethodError("uncertainty analysis runs on one cross-section, not a panel")
    norm0, agg0 = _stages(spec)
    target_code = code or data.tree.codes[int(np.flatnonzero(data.tree.parents < 0)[0])]
    plan = _decode(grid, inputs, data.tree, weights_with_overrides(data.tree, agg0.weights))
    nominal_units = prepare(spec, data)[0]
    position = {u: i for i, u in enumerate(nominal_units)}
    n = grid.shape[0]
    scores = np.full((n, len(nominal_units)), np.nan)
    reason = np.full(n, -1, dtype=np.int64)
    collector = _Collector()
    structural = [*plan.pre_cols, plan.norm_col, plan.excl_col, plan.agg_col]
    keys = np.stack([plan.choice[:, j] if j >= 0 else np.zeros(n, np.int64) for j in structural], 1)
    combos, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    n_pre = len(plan.pre_cols)
    prepared: dict[tuple[int, ...], Prepared | str] = {}
    normalised: dict[tuple[int, ...], Array | str] = {}
    for k, combo in enumerate(combos):
        rows = np.flatnonzero(inverse == k)
        pre_key = tuple(int(c) for c in combo[:n_pre])
        if pre_key not in prepared:
            prepared[pre_key] = _prepare_variant(
                spec, data, inputs, plan.pre_cols, pre_key, prepare
            )
        pre = prepared[pre_key]
        if isinstance(pre, str):
            reason[rows] = collector.index(pre)
            continue
        units, values, tree = pre
        ni, ei, ai = (int(c) for c in combo[n_pre:])
        if (*pre_key, ni, ei) not in normalised:
            normalised[(*pre_key, ni, ei)] = _normalised(
                values, tree, units, norm0, inputs, plan, ni, ei
            )
        xn = normalised[(*pre_key, ni, ei)]
        if isinstance(xn, str) or target_code not in tree.codes:
            reason[rows] = collector.index(
                xn if isinstance(xn, str) else f"{target_code!r} left the framework"
            )
            continue
        agg = agg0
        if plan.agg_col >= 0:
            item = inputs.inputs[plan.agg_col]
            assert isinstance(item, AggregationInput)
            agg = _aggregation_variant(agg0, item, ai)
        node_map = np.array([data.tree.index_of(c) for c in tree.codes])
        cols = np.array([position.get(u, -1) for u in units], dtype=np.int64)
        keep = cols >= 0
        target = tree.index_of(target_code)
        for chunk in np.array_split(rows, -(-rows.size // _chunk_size(tree, len(units), agg))):
            try:
                outcome = aggregate_tree_outcome(
                    xn, tree, plan.weights[chunk][:, node_map], agg, only=target
                )
            except MethodError as exc:
                reason[chunk] = collector.index(f"aggregation failed: {exc}")
                continue
            scores[chunk[:, None], cols[keep][None, :]] = outcome.values[:, keep]
            for r in np.flatnonzero(outcome.failed):
                reason[chunk[r]] = collector.index(outcome.reasons[outcome.reason[r]])
    failed_mask = reason >= 0
    scores[failed_mask] = np.nan
    return Replications(
        unit_codes=tuple(nominal_units),
        code=target_code,
        scores=scores,
        ranks=rank_descending(scores),
        failed=failed_mask,
        reason=reason,
        reasons=tuple(collector.reasons),
    )


def _prepare_variant(
    spec: PipelineSpec,
    data: IndexData,
    inputs: UncertaintySpec,
    pre_cols: tuple[int, ...],
    pre_key: tuple[int, ...],
    prepare: Prepare,
) -> Prepared | str:
    variant = spec
    for j, c in zip(pre_cols, pre_key, strict=True):
        variant = _variant(variant, inputs.inputs[j], c)
    try:
        return prepare(variant, data)
    except AdmtrackError as exc:
        return f"preparing the data failed: {exc}"


def _normalised(
    values: Array,
    tree: FrameworkTree,
    units: Sequence[str],
    norm0: NormaliseStage,
    inputs: UncertaintySpec,
    plan: _Design,
    ni: int,
    ei: int,
) -> Array | str:
    method, params = norm0.method, norm0.params
    if plan.norm_col >= 0:
        item = inputs.inputs[plan.norm_col]
        assert isinstance(item, NormalisationInput)
        method, params = item.alternatives[ni].method, item.alternatives[ni].params
    overrides = {c: o for c, o in norm0.per_indicator.items() if c in tree.indicator_codes}
    try:
        xn = normalise(values, tree, method, params, overrides, unit_codes=units)
    except MethodError as exc:
        return f"normalisation failed: {exc}"
    if plan.excl_col >= 0:
        item = inputs.inputs[plan.excl_col]
        assert isinstance(item, ExclusionInput)
        dropped = [tree.index_of(c) for c in item.alternatives[ei] if c in tree.indicator_codes]
        xn[:, dropped] = np.nan
    return xn


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
    low = np.min(scores, axis=1, keepdims=True, initial=np.inf, where=~np.isnan(scores))
    high = np.max(scores, axis=1, keepdims=True, initial=-np.inf, where=~np.isnan(scores))
    spread = high - low
    usable = np.isfinite(spread) & (spread > 0)
    scaled = np.where(usable, 100.0 * (scores - low) / np.where(usable, spread, 1.0), np.nan)
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


def nominal_scores(
    spec: PipelineSpec,
    data: IndexData,
    *,
    code: str | None = None,
    prepare: Prepare = prepare_with_pipeline,
) -> tuple[tuple[str, ...], Array]:
    """Unit codes and scores of ``code`` (default: the index) under the unperturbed spec."""
    units, values, tree = prepare(spec, data)
    norm, agg = _stages(spec)
    xn = normalise(values, tree, norm.method, norm.params, norm.per_indicator, unit_codes=units)
    target = tree.index_of(code) if code else int(np.flatnonzero(tree.parents < 0)[0])
    return units, aggregate_tree(xn, tree, spec=agg, unit_codes=units)[:, target]


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
) -> UncertaintyResult:
    """Plain Monte Carlo: X = rng.random((n, d)), then :func:`evaluate` and rank statistics.

    The nominal score and rank come from the unperturbed spec."""
    if n < 1:
        raise MethodError("the number of replications must be at least 1")
    reps = evaluate(spec, data, inputs, rng.random((n, inputs.d)), code=code, prepare=prepare)
    units, nominal = nominal_scores(spec, data, code=code, prepare=prepare)
    lookup = dict(zip(units, nominal, strict=True))
    aligned = np.array([lookup.get(u, np.nan) for u in reps.unit_codes])
    result = summarise(reps, aligned)
    if keep_replications:
        return replace(result, replications=reps)
    return result
