"""The batched replication engine behind uncertainty analysis (used by
:mod:`admtrack.analytics.uncertainty`).

A :class:`ReplicationEngine` is built once per analysis: it checks the spec, prepares the
nominal data (the stages before normalisation) once, decodes the inputs that do not depend on
the design (weight banks) once, and then scores any block of design rows for one or more
aggregates at a time:

1. the stages before normalisation run once per distinct value of the inputs that act on them;
2. normalisation runs once per distinct normalisation x exclusion alternative (a bounded cache
   keeps the latest ones);
3. aggregation runs for all rows sharing those choices at once, with their weight sets as a
   batch axis ``(replications, units, nodes)``, in chunks that bound memory.

The engine is picklable (its caches are not sent), so blocks can run in other processes or on
a Dask cluster; a block's scores depend only on the block's rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.aggregate import (
    aggregate_tree,
    aggregate_tree_outcome,
    weights_with_overrides,
)
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.normalise import normalise
from admtrack.analytics.pipeline import build
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
NORMALISED_CACHE = 256 * 2**20  # bytes of normalised data sets kept between blocks


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


@dataclass(frozen=True, eq=False)
class BlockScores:
    """Scores of a block of design rows: ``scores`` (rows, units, targets), ``reason``
    (rows, targets) an index into ``reasons`` for a failed row and target, -1 otherwise."""

    scores: Array
    reason: NDArray[np.int64]
    reasons: tuple[str, ...]


def stages_of(spec: PipelineSpec) -> tuple[NormaliseStage, AggregateStage]:
    norm, agg = spec.stage("normalise"), spec.stage("aggregate")
    if not isinstance(norm, NormaliseStage) or not isinstance(agg, AggregateStage):
        raise MethodError("the spec needs a normalise and an aggregate stage")
    return norm, agg


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


class _Reasons:
    def __init__(self) -> None:
        self.by_text: dict[str, int] = {}

    def index(self, message: str) -> int:
        return self.by_text.setdefault(message, len(self.by_text))


class ReplicationEngine:
    """Scores of aggregates ``codes`` (default: the index) for blocks of design rows."""

    def __init__(
        self,
        spec: PipelineSpec,
        data: IndexData,
        inputs: UncertaintySpec,
        codes: Sequence[str] | None = None,
        prepare: Prepare = prepare_with_pipeline,
    ) -> None:
        if data.is_panel:
            raise MethodError("uncertainty analysis runs on one cross-section, not a panel")
        self.norm0, self.agg0 = stages_of(spec)
        tree = data.tree
        root = tree.codes[int(np.flatnonzero(tree.parents < 0)[0])]
        self.targets: tuple[str, ...] = tuple(codes) if codes else (root,)
        for code in self.targets:
            tree.index_of(code)  # raises for an unknown code
        self.spec, self.data, self.inputs, self.prepare = spec, data, inputs, prepare
        self.base = weights_with_overrides(tree, self.agg0.weights)
        self.pre_cols: tuple[int, ...] = ()
        self.banks: dict[int, Array] = {}
        cols = {"normalisation": -1, "exclusion": -1, "aggregation": -1}
        pre: list[int] = []
        for j, item in enumerate(inputs.inputs):
            if isinstance(item, WeightsInput):
                self.banks[j] = weight_bank(item, tree, np.ones(self.base.size))
            elif isinstance(item, WinsorisationInput | ImputationInput):
                pre.append(j)
            elif not isinstance(item, WeightFactorInput):
                if cols[item.kind] >= 0:
                    raise MethodError(f"only one {item.kind} input is allowed")
                cols[item.kind] = j
        self.pre_cols = tuple(pre)
        self.norm_col, self.excl_col, self.agg_col = (
            cols["normalisation"],
            cols["exclusion"],
            cols["aggregation"],
        )
        self.nominal: Prepared = prepare(spec, data)
        self.unit_codes: tuple[str, ...] = tuple(self.nominal[0])
        self._reset_caches()

    def _reset_caches(self) -> None:
        self._prepared: dict[tuple[int, ...], Prepared | str] = {}
        self._normalised: OrderedDict[tuple[int, ...], Array | str] = OrderedDict()

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_prepared", None)
        state.pop("_normalised", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._reset_caches()

    # -- nominal -----------------------------------------------------------------------------

    def nominal_scores(self) -> Array:
        """Scores (units, targets) under the unperturbed spec, units as :attr:`unit_codes`."""
        units, values, tree = self.nominal
        norm, agg = self.norm0, self.agg0
        xn = normalise(values, tree, norm.method, norm.params, norm.per_indicator, unit_codes=units)
        scores = aggregate_tree(xn, tree, spec=agg, unit_codes=units)
        return np.stack([scores[:, tree.index_of(c)] for c in self.targets], axis=-1)

    # -- blocks ------------------------------------------------------------------------------

    def _choices(self, grid: Array) -> tuple[NDArray[np.int64], Array]:
        """Alternative index of each discrete input (rows, d) and weights (rows, n_nodes)."""
        n = grid.shape[0]
        tree = self.data.tree
        weights = np.broadcast_to(self.base, (n, self.base.size)).copy()
        choice = np.zeros((n, self.inputs.d), dtype=np.int64)
        for j, item in enumerate(self.inputs.inputs):
            decoded = decode_column(item, grid[:, j])
            if isinstance(item, WeightFactorInput):
                weights[:, [tree.index_of(c) for c in item.codes]] *= decoded[:, None]
                continue
            choice[:, j] = decoded.astype(np.int64)
            if j in self.banks:
                weights *= self.banks[j][choice[:, j]]
        return choice, weights

    def run(self, grid: Array) -> BlockScores:
        """Scores of every row of ``grid`` (rows, d) for every target."""
        n, n_t = grid.shape[0], len(self.targets)
        choice, weights = self._choices(grid)
        scores = np.full((n, len(self.unit_codes), n_t), np.nan)
        reason = np.full((n, n_t), -1, dtype=np.int64)
        reasons = _Reasons()
        structural = [*self.pre_cols, self.norm_col, self.excl_col, self.agg_col]
        keys = np.stack([choice[:, j] if j >= 0 else np.zeros(n, np.int64) for j in structural], 1)
        combos, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        position = {u: i for i, u in enumerate(self.unit_codes)}
        n_pre = len(self.pre_cols)
        for k, combo in enumerate(combos):
            rows = np.flatnonzero(inverse == k)
            pre_key = tuple(int(c) for c in combo[:n_pre])
            pre = self._prepared_for(pre_key)
            if isinstance(pre, str):
                reason[rows] = reasons.index(pre)
                continue
            units, _, tree = pre
            ni, ei, ai = (int(c) for c in combo[n_pre:])
            xn = self._normalised_for(pre_key, pre, ni, ei)
            if isinstance(xn, str):
                reason[rows] = reasons.index(xn)
                continue
            present = np.array(
                [t for t, c in enumerate(self.targets) if c in tree.codes], dtype=np.int64
            )
            for t, c in enumerate(self.targets):
                if c not in tree.codes:
                    reason[rows, t] = reasons.index(f"{c!r} left the framework")
            if not present.size:
                continue
            agg = self.agg0
            if self.agg_col >= 0:
                item = self.inputs.inputs[self.agg_col]
                assert isinstance(item, AggregationInput)
                agg = _aggregation_variant(self.agg0, item, ai)
            node_map = np.array([self.data.tree.index_of(c) for c in tree.codes])
            cols = np.array([position.get(u, -1) for u in units], dtype=np.int64)
            keep = cols >= 0
            only = [tree.index_of(self.targets[t]) for t in present]
            size = _chunk_size(tree, len(units), agg)
            for chunk in np.array_split(rows, -(-rows.size // size)):
                try:
                    outcome = aggregate_tree_outcome(
                        xn, tree, weights[chunk][:, node_map], agg, only=only
                    )
                except MethodError as exc:
                    reason[np.ix_(chunk, present)] = reasons.index(f"aggregation failed: {exc}")
                    continue
                block = outcome.values[:, keep, :]
                scores[np.ix_(chunk, cols[keep], present)] = block
                for r in np.flatnonzero(outcome.failed):
                    reason[chunk[r], present] = reasons.index(outcome.reasons[outcome.reason[r]])
        failed = reason >= 0
        scores[np.broadcast_to(failed[:, None, :], scores.shape)] = np.nan
        return BlockScores(scores, reason, tuple(reasons.by_text))

    def _prepared_for(self, pre_key: tuple[int, ...]) -> Prepared | str:
        if pre_key not in self._prepared:
            if not pre_key:
                self._prepared[pre_key] = self.nominal
            else:
                variant = self.spec
                for j, c in zip(self.pre_cols, pre_key, strict=True):
                    variant = _variant(variant, self.inputs.inputs[j], c)
                try:
                    self._prepared[pre_key] = self.prepare(variant, self.data)
                except AdmtrackError as exc:
                    self._prepared[pre_key] = f"preparing the data failed: {exc}"
        return self._prepared[pre_key]

    def _normalised_for(
        self, pre_key: tuple[int, ...], pre: Prepared, ni: int, ei: int
    ) -> Array | str:
        key = (*pre_key, ni, ei)
        if key in self._normalised:
            self._normalised.move_to_end(key)
            return self._normalised[key]
        out = self._normalise(pre, ni, ei)
        self._normalised[key] = out
        size = sum(v.nbytes for v in self._normalised.values() if not isinstance(v, str))
        while len(self._normalised) > 1 and size > NORMALISED_CACHE:
            _, old = self._normalised.popitem(last=False)
            size -= 0 if isinstance(old, str) else old.nbytes
        return out

    def _normalise(self, pre: Prepared, ni: int, ei: int) -> Array | str:
        units, values, tree = pre
        method, params = self.norm0.method, self.norm0.params
        if self.norm_col >= 0:
            item = self.inputs.inputs[self.norm_col]
            assert isinstance(item, NormalisationInput)
            method, params = item.alternatives[ni].method, item.alternatives[ni].params
        overrides = {c: o for c, o in self.norm0.per_indicator.items() if c in tree.indicator_codes}
        try:
            xn = normalise(values, tree, method, params, overrides, unit_codes=units)
        except MethodError as exc:
            return f"normalisation failed: {exc}"
        if self.excl_col >= 0:
            item = self.inputs.inputs[self.excl_col]
            assert isinstance(item, ExclusionInput)
            dropped = [tree.index_of(c) for c in item.alternatives[ei] if c in tree.indicator_codes]
            xn[:, dropped] = np.nan
        return xn
