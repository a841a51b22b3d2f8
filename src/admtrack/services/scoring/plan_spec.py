"""A plan and its :class:`IndexMethod` as ONE engine pipeline spec
(:class:`admtrack.analytics.spec.PipelineSpec`): denominate (same-year denominators, times
``denominator_scale``), normalise (min-max 0-100 over the member states, or goalposts where the
plan gives them), aggregate (the method's mean, offset and data thresholds, the plan's weights).
The dashboard, the API and ``admtrack index ... --plan`` all build from this spec, so the
numbers agree wherever they are shown; ``admtrack index build --plan P --format json`` prints
the spec's ``Aggregated`` data set.
"""

from __future__ import annotations

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import (
    AggregateStage,
    DenominateStage,
    LevelAggregation,
    NormaliseOverride,
    NormaliseStage,
    PipelineSpec,
)
from admtrack.domain.framework import Plan
from admtrack.services.scoring.model import Aggregation, IndexMethod, Normalisation


def level_aggregation(
    method: IndexMethod, aggregation: Aggregation, dat_thresh: float
) -> LevelAggregation:
    """One level's mean: arithmetic, or geometric with the method's ``gmean_offset``."""
    if aggregation == "gmean":
        return LevelAggregation(method="gmean", offset=method.gmean_offset, dat_thresh=dat_thresh)
    return LevelAggregation(method="amean", dat_thresh=dat_thresh)


def aggregation_stage(
    method: IndexMethod, tree: FrameworkTree, aggregation: Aggregation | None = None
) -> AggregateStage:
    """The method's mean (or ``aggregation``) on every level, with the outcome threshold on the
    outcomes (level 2) and the index threshold above."""
    how = aggregation or method.aggregation
    levels = {2: level_aggregation(method, how, method.outcome_dat_thresh)}
    for level in range(3, tree.max_level + 1):
        levels[level] = level_aggregation(method, how, method.index_dat_thresh)
    return AggregateStage(default=levels[2], levels=levels)


def normalise_stage(plan: Plan, normalisation: Normalisation) -> NormaliseStage:
    """Min-max to [0, 100]; with ``goalposts``, the plan's goalposts where it gives them."""
    overrides: dict[str, NormaliseOverride] = {}
    if normalisation == "goalposts":
        for ind in plan.indicators:
            if ind.goalposts is not None:
                lower, upper = ind.goalposts
                overrides[ind.code] = NormaliseOverride(
                    method="goalposts", params={"lower": lower, "upper": upper}
                )
    return NormaliseStage(method="minmax", params={"l_u": [0.0, 100.0]}, per_indicator=overrides)


def denominate_stage(plan: Plan, method: IndexMethod) -> DenominateStage:
    """Every indicator with a denominator scaled by ``method.denominator_scale``; the columns
    themselves come from the tree (:func:`admtrack.services.scoring.data.plan_index_data`)."""
    scaled = {i.code: method.denominator_scale for i in plan.indicators if i.denominator}
    return DenominateStage(scale=scaled)


def plan_spec(
    plan: Plan,
    method: IndexMethod,
    tree: FrameworkTree,
    *,
    normalisation: Normalisation | None = None,
    aggregation: Aggregation | None = None,
) -> PipelineSpec:
    """The plan's pipeline spec; ``normalisation`` and ``aggregation`` replace the method's
    (the weights panel's alternatives)."""
    return PipelineSpec(
        name=plan.id,
        stages=[
            denominate_stage(plan, method),
            normalise_stage(plan, normalisation or method.normalisation),
            aggregation_stage(method, tree, aggregation),
        ],
    )
