"""Every parameter of the numbers on the pages, read from the objects in use (the plan, its
:class:`IndexMethod`, the pipeline spec the results were built with, the progress rules), so
/methodology never types one in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from admtrack.analytics.progress import ProgressRules
from admtrack.domain.framework import EvaluationRules, Plan
from admtrack.domain.geography import SOURCED_GROUPS, GroupSource
from admtrack.services.scoring.model import IndexMethod, PlanResults
from admtrack.services.scoring.progress import PROGRESS_RULES

#: The percentiles of a member state's rank that make its rank interval (the engine's
#: ``q05_rank``, ``median_rank`` and ``q95_rank``).
RANK_INTERVAL_PERCENTILES = (5, 50, 95)


@dataclass(frozen=True)
class Weight:
    code: str
    name: str
    weight: float


@dataclass(frozen=True)
class Denomination:
    indicator: str
    denominator: str
    scale: float


@dataclass(frozen=True)
class MethodParameters:
    """What /methodology shows, each value as the computation uses it."""

    method: IndexMethod
    first_year: int
    reference_year: int
    samples: int
    seed: int
    failed_replications: int
    outcome_weights: tuple[Weight, ...]
    #: outcome id -> its indicators' weights (relative within the outcome)
    indicator_weights: dict[str, tuple[Weight, ...]]
    denominations: tuple[Denomination, ...]
    spec: dict[str, Any]
    progress: ProgressRules
    outcome_min_assessed_share: float
    interval_percentiles: tuple[int, int, int]
    #: the plan's evaluation rules and the window they were applied with
    evaluation: EvaluationRules = EvaluationRules()
    window: tuple[int, int] | None = None
    #: (code, name, bound, ceiling distance) of every indicator with a natural bound
    ceilings: tuple[tuple[str, str, float, float], ...] = ()
    #: (code, name) of the relative indices (rescaled each edition)
    relative_indices: tuple[tuple[str, str], ...] = ()
    sourced_groups: tuple[GroupSource, ...] = ()

    @property
    def equal_outcome_weights(self) -> bool:
        return len({w.weight for w in self.outcome_weights}) <= 1

    @property
    def equal_indicator_weights(self) -> bool:
        """True when, within every outcome, the indicators weigh the same."""
        return all(len({w.weight for w in ws}) <= 1 for ws in self.indicator_weights.values())


def method_parameters(plan: Plan, results: PlanResults) -> MethodParameters:
    """The parameters behind ``results`` of ``plan``."""
    method = results.method
    reference = results.reference_year or method.reference_year or 0
    return MethodParameters(
        method=method,
        first_year=reference - method.latest_window,
        reference_year=reference,
        samples=results.samples,
        seed=results.seed,
        failed_replications=results.failed_replications,
        outcome_weights=tuple(Weight(o.id, o.name, o.weight) for o in plan.outcomes),
        indicator_weights={
            o.id: tuple(Weight(i.code, i.name, i.weight) for i in o.indicators)
            for o in plan.outcomes
        },
        denominations=tuple(
            Denomination(i.code, i.denominator, method.denominator_scale)
            for i in plan.indicators
            if i.denominator
        ),
        spec=results.spec,
        progress=PROGRESS_RULES,
        outcome_min_assessed_share=plan.evaluation.verdict_min_share,
        interval_percentiles=RANK_INTERVAL_PERCENTILES,
        evaluation=plan.evaluation,
        window=results.coverage.window if results.coverage else plan.evaluation_window,
        ceilings=tuple(
            (
                i.code,
                i.name,
                i.bound,
                plan.evaluation.ceiling_distance
                if i.ceiling_distance is None
                else i.ceiling_distance,
            )
            for i in plan.indicators
            if i.bound is not None
        ),  # fmt: skip
        relative_indices=tuple((i.code, i.name) for i in plan.indicators if i.relative),
        sourced_groups=tuple(SOURCED_GROUPS.values()),
    )
