"""Rank intervals of a plan's results from the engine's uncertainty analysis: the uncertain
inputs declared for a plan (normalisation, arithmetic or geometric mean, indicator and outcome
weights, one indicator left out; see :class:`~admtrack.services.scoring.model.IndexMethod`), and
the 5-95 % intervals of every aggregate's ranks over one shared design, perturbing the plan's
pipeline spec (:mod:`admtrack.services.scoring.plan_spec`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.pipeline import IndexResult
from admtrack.analytics.spec import LevelAggregation, NormaliseOverride, PipelineSpec
from admtrack.analytics.uncertain_inputs import (
    AggregationInput,
    ExclusionInput,
    NormalisationInput,
    UncertainInput,
    UncertaintySpec,
    WeightsInput,
)
from admtrack.analytics.uncertainty import (
    Prepare,
    Prepared,
    prepare_with_pipeline,
    rank_statistics,
)
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


@dataclass(frozen=True, eq=False)
class _Known:
    """The engine's ``prepare`` that hands back the nominal build's data entering normalisation
    for the nominal spec (so that the analysis does not build it again) and prepares any
    other spec with the pipeline."""

    spec: PipelineSpec
    prepared: Prepared

    def __call__(self, spec: PipelineSpec, data: IndexData) -> Prepared:
        return self.prepared if spec is self.spec else prepare_with_pipeline(spec, data)


def rank_intervals(
    spec: PipelineSpec,
    data: IndexData,
    x: F64,
    plan: Plan,
    method: IndexMethod,
    samples: int,
    seed: int,
    *,
    nominal: IndexResult | None = None,
) -> tuple[dict[str, tuple[RankInterval | None, ...]], int]:
    """Rank percentiles per aggregate (outcomes and index) from one pass of the engine's
    uncertainty analysis (:func:`~admtrack.analytics.uncertainty.rank_statistics`): one design
    of ``samples`` rows, each replication normalised and aggregated once for every aggregate,
    so all intervals come from the same replications, and the nominal data prepared once.
    ``numpy.random.default_rng(seed)`` draws the weight sets' seeds, then the design
    ``random((samples, d))``. Returns the intervals and the number of replications that failed
    for at least one aggregate (the engine's failure reasons). ``spec`` and ``data`` are the
    nominal build's; ``x`` its data entering normalisation (units x indicators, denominated),
    whose observed ranges complete the goalposts. ``nominal``, the nominal build of ``spec``
    when the caller has it, gives the engine its data entering normalisation.

    Leaving out an indicator outside an aggregate changes nothing of that aggregate's scores,
    so every aggregate reads the same design rows as they are."""
    if samples < 1:
        raise MethodError(f"the number of replications must be at least 1, got {samples}")
    tree = data.tree
    rng = np.random.default_rng(seed)
    inputs = uncertain_inputs(plan, tree, x, method, samples, rng)
    design = rng.random((samples, inputs.d))
    codes = tree.codes[tree.n_indicators :]
    prepare: Prepare = prepare_with_pipeline
    if nominal is not None:
        names = list(nominal.stages)
        before = nominal.stages[names[names.index("Normalised") - 1]]
        prepare = _Known(spec, (before.unit_codes, before.values, nominal.tree))
    stats = rank_statistics(spec, data, inputs, design, codes=codes, prepare=prepare)
    out: dict[str, tuple[RankInterval | None, ...]] = {}
    for code in codes:
        s = stats[code]
        out[code] = tuple(
            RankInterval(median=float(m), p05=float(lo), p95=float(hi)) if np.isfinite(m) else None
            for m, lo, hi in zip(s.median_rank, s.q05_rank, s.q95_rank, strict=True)
        )
    failed = max((s.n_failed_any for s in stats.values()), default=0)
    return out, failed
