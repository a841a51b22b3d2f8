"""Rank intervals of a plan's results from the engine's uncertainty analysis: the uncertain
inputs declared for a plan (normalisation, arithmetic or geometric mean, indicator and outcome
weights, one indicator left out; see :class:`~admtrack.services.scoring.model.IndexMethod`), and
the 5-95 % intervals of every aggregate's ranks over one shared design, perturbing the plan's
pipeline spec (:mod:`admtrack.services.scoring.plan_spec`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import LevelAggregation, NormaliseOverride, PipelineSpec
from admtrack.analytics.uncertain_inputs import (
    AggregationInput,
    ExclusionInput,
    NormalisationInput,
    UncertainInput,
    UncertaintySpec,
    WeightsInput,
    decode_column,
)
from admtrack.analytics.uncertainty import evaluate, summarise
from admtrack.domain.framework import Plan
from admtrack.errors import MethodError
from admtrack.services.scoring.model import NORMALISATIONS, IndexMethod, RankInterval

F64 = NDArray[np.float64]


def goalposts_bounds(
    x: F64, tree: FrameworkTree, plan: Plan
) -> tuple[dict[str, float], dict[str, float]]:
    """Goalposts (L, U) per indicator in its own units: the plan's where it gives them, else the
    member states' observed minimum and maximum (goalposts there are exactly min-max), else
    (0, 1) for an indicator no member state reports (its scores are NaN either way)."""
    given = {i.code: i.goalposts for i in plan.indicators if i.goalposts is not None}
    seen = np.isfinite(x)
    low = np.min(np.where(seen, x, np.inf), axis=0, initial=np.inf)
    high = np.max(np.where(seen, x, -np.inf), axis=0, initial=-np.inf)
    lower: dict[str, float] = {}
    upper: dict[str, float] = {}
    for j, code in enumerate(tree.indicator_codes):
        bounds = given.get(code)
        if bounds is None:
            bounds = (float(low[j]), float(high[j])) if seen[:, j].any() else (0.0, 1.0)
        lower[code], upper[code] = float(bounds[0]), float(bounds[1])
    return lower, upper


def _threshold(method: IndexMethod, level: int) -> float:
    return method.outcome_dat_thresh if level == 2 else method.index_dat_thresh


def uncertain_inputs(
    plan: Plan,
    tree: FrameworkTree,
    x: F64,
    method: IndexMethod,
    samples: int,
    rng: np.random.Generator,
) -> UncertaintySpec:
    """The engine's uncertain inputs for the rank intervals, as listed on :class:`IndexMethod`:
    normalisation (min-max or goalposts), aggregation (arithmetic or geometric mean with
    offset ``gmean_offset``), indicator weights and outcome weights (each x U(1 - f, 1 + f),
    f = ``weight_noise``; ``samples`` weight sets per input, seeded from ``rng``) and, when
    ``exclude_one_indicator``, one indicator left out at a time. ``x`` is the units x indicators
    matrix whose observed ranges complete the goalposts."""
    lower, upper = goalposts_bounds(x, tree, plan)
    by_name = {
        "minmax": NormaliseOverride(method="minmax", params={"l_u": [0.0, 100.0]}),
        "goalposts": NormaliseOverride(method="goalposts", params={"lower": lower, "upper": upper}),
    }
    levels = [
        lv
        for lv in range(2, tree.max_level + 1)
        if _threshold(method, lv) == method.index_dat_thresh
    ]
    means = [
        LevelAggregation(method="amean", dat_thresh=method.index_dat_thresh),
        LevelAggregation(
            method="gmean", offset=method.gmean_offset, dat_thresh=method.index_dat_thresh
        ),
    ]
    seeds = rng.integers(0, 2**31, size=2)
    noise = method.weight_noise
    items: list[UncertainInput] = [
        NormalisationInput(alternatives=[by_name[n] for n in NORMALISATIONS]),
        AggregationInput(alternatives=means, levels=levels),
        WeightsInput(name="indicator weights", noise={1: noise}, sets=samples,
                     seed=int(seeds[0])),
    ]  # fmt: skip
    inner = range(2, tree.max_level)
    if inner:
        items.append(WeightsInput(name="outcome weights", noise=dict.fromkeys(inner, noise),
                                  sets=samples, seed=int(seeds[1])))  # fmt: skip
    parents = tree.parents[: tree.n_indicators]
    siblings = np.bincount(parents[parents >= 0], minlength=len(tree.codes))
    droppable = [c for j, c in enumerate(tree.indicator_codes) if siblings[parents[j]] >= 2]
    if method.exclude_one_indicator and droppable:
        items.append(ExclusionInput(alternatives=[[], *([c] for c in droppable)]))
    return UncertaintySpec(inputs=items)


def _descends_from(tree: FrameworkTree, node: int, ancestor: int) -> bool:
    while node >= 0:
        if node == ancestor:
            return True
        node = int(tree.parents[node])
    return False


def _seen_by(
    inputs: UncertaintySpec, design: F64, tree: FrameworkTree, node: int
) -> tuple[UncertaintySpec, F64]:
    """The inputs and design as aggregate ``node`` sees them: leaving out an indicator outside
    it is the same as leaving out nothing, so its exclusion input keeps only its own indicators
    and each design row is re-coded to the same exclusion (row by row the replications stay
    those of the full design; the engine then normalises and aggregates fewer distinct cases)."""
    kinds = [item.kind for item in inputs.inputs]
    if "exclusion" not in kinds:
        return inputs, design
    col = kinds.index("exclusion")
    item = inputs.inputs[col]
    assert isinstance(item, ExclusionInput)
    own = [
        alt
        for alt in item.alternatives
        if all(_descends_from(tree, tree.index_of(c), node) for c in alt)
    ]
    local = {
        i: own.index(alt) if alt in own and alt else 0 for i, alt in enumerate(item.alternatives)
    }
    choice = decode_column(item, design[:, col]).astype(np.int64)
    recoded = design.copy()
    recoded[:, col] = (np.array([local[int(k)] for k in choice]) + 0.5) / len(own)
    items = list(inputs.inputs)
    items[col] = ExclusionInput(name=item.name, alternatives=own)
    return UncertaintySpec(inputs=items), recoded


def rank_intervals(
    spec: PipelineSpec,
    data: IndexData,
    x: F64,
    nominal: F64,
    plan: Plan,
    method: IndexMethod,
    samples: int,
    seed: int,
) -> tuple[dict[str, tuple[RankInterval | None, ...]], int]:
    """Rank percentiles per aggregate (outcomes and index) from the engine's uncertainty
    analysis: one design of ``samples`` rows, evaluated for every aggregate, so all intervals
    come from the same replications. ``numpy.random.default_rng(seed)`` draws the weight sets'
    seeds, then the design ``random((samples, d))``. Returns the intervals and the number of
    replications that failed for at least one aggregate (the engine's ``failed`` flags).
    ``spec`` and ``data`` are the nominal build's; ``x`` its data entering normalisation
    (units x indicators, denominated), whose observed ranges complete the goalposts."""
    if samples < 1:
        raise MethodError(f"the number of replications must be at least 1, got {samples}")
    tree = data.tree
    rng = np.random.default_rng(seed)
    inputs = uncertain_inputs(plan, tree, x, method, samples, rng)
    design = rng.random((samples, inputs.d))
    failed = np.zeros(samples, dtype=bool)
    out: dict[str, tuple[RankInterval | None, ...]] = {}
    for node in range(tree.n_indicators, len(tree.codes)):
        seen, rows = _seen_by(inputs, design, tree, node)
        reps = evaluate(spec, data, seen, rows, code=tree.codes[node])
        failed |= reps.failed
        stats = summarise(reps, nominal[:, node])
        out[tree.codes[node]] = tuple(
            RankInterval(median=float(m), p05=float(lo), p95=float(hi)) if np.isfinite(m) else None
            for m, lo, hi in zip(stats.median_rank, stats.q05_rank, stats.q95_rank, strict=True)
        )
    return out, int(failed.sum())
