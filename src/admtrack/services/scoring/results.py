"""Results of a plan for one data release: the composite index per outcome with ranks and rank
intervals, progress verdicts, status counts, strengths and weaknesses and the audit summary.

The route, for every number: stored observations -> :func:`~admtrack.services.scoring.data.plan_index_data`
(member states, latest values, same-year denominators) -> :func:`~admtrack.services.scoring.plan_spec.plan_spec`
(one pipeline spec from the plan and its :class:`IndexMethod`) -> the engine's
:func:`admtrack.analytics.pipeline.build` (denominate, normalise, aggregate; every stage kept) ->
ranks, the engine's uncertainty analysis (:mod:`admtrack.services.scoring.intervals`) and audit
(:mod:`admtrack.services.scoring.audit`) -> :class:`PlanResults`. Progress verdicts
(:mod:`admtrack.services.scoring.progress`) read the observed series.

:func:`compute_results` is pure given its inputs (the same observations, countries, samples and
seed give the same results); :mod:`admtrack.services.scoring.cache` computes them once per plan,
release and method.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.pipeline import IndexResult, build
from admtrack.analytics.spec import spec_to_mapping
from admtrack.domain.framework import Plan
from admtrack.domain.geography import Country
from admtrack.domain.imeta import measured_plan
from admtrack.domain.observations import Observation
from admtrack.i18n import N_
from admtrack.services.scoring.audit import (
    audit_summary,
    finite_or_none,
    root_code,
    strengths_and_weaknesses,
)
from admtrack.services.scoring.data import PlanData, plan_index_data
from admtrack.services.scoring.intervals import rank_intervals
from admtrack.services.scoring.model import NORMALISATIONS, IndexMethod, PlanResults
from admtrack.services.scoring.plan_spec import plan_spec
from admtrack.services.scoring.progress import plan_verdicts, progress_years
from admtrack.services.scoring.sensitivity import plan_sensitivity

F64 = NDArray[np.float64]
#: Why an outcome has no ranks (English: this template with its numbers).
TOO_FEW_STATES = N_(
    "scored for %(n)s of %(total)s member states; the plan ranks an outcome scored for at "
    "least %(need)s"
)


def _column(values: F64) -> tuple[float | None, ...]:
    return tuple(finite_or_none(float(v)) for v in values)


def _ranks(values: F64) -> tuple[int | None, ...]:
    return tuple(None if not np.isfinite(r) else int(r) for r in values)


def unranked_outcomes(
    plan: Plan, scores: dict[str, tuple[float | None, ...]], n_units: int
) -> dict[str, str]:
    """Outcomes scored for fewer member states than the plan's ``min_states_ranked``, each with
    the reason: they keep their scores but get no ranks (nor rank intervals)."""
    need = plan.evaluation.min_states_ranked
    out: dict[str, str] = {}
    for outcome, column in scores.items():
        n = sum(v is not None for v in column)
        if n < need:
            out[outcome] = TOO_FEW_STATES % {"n": n, "total": n_units, "need": need}
    return out


def scored_states(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    method: IndexMethod | None = None,
) -> dict[str, int]:
    """Outcome id -> how many member states the plan's coverage rule scores it for."""
    plan, _ = measured_plan(plan)
    coverage = plan_data(plan, observations, countries, method).coverage
    return {o.id: sum(r.measured for r in coverage.outcomes if r.outcome == o.id)
            for o in plan.outcomes}  # fmt: skip


def plan_data(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    method: IndexMethod | None = None,
) -> PlanData:
    """The engine's input for ``plan`` with the method's reference year and window."""
    method = method or IndexMethod()
    years = progress_years(plan, observations, method.reference_year)
    return plan_index_data(
        plan, observations, countries, year=years.current, window=method.latest_window
    )


def build_plan(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    method: IndexMethod | None = None,
) -> IndexResult:
    """The nominal build of the plan's spec (every stage kept)."""
    method = method or IndexMethod()
    plan, _ = measured_plan(plan)
    data = plan_data(plan, observations, countries, method).data
    return build(plan_spec(plan, method, data.tree), data)


def compute_results(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    release_id: str,
    *,
    method: IndexMethod | None = None,
    samples: int = 1000,
    seed: int = 20250101,
) -> PlanResults:
    """Every result of ``plan`` over the ASEAN member states for one release's observations."""
    method = method or IndexMethod()
    full_plan = plan
    plan, not_measured = measured_plan(plan)
    prepared = plan_data(plan, observations, countries, method)
    data, tree, units = prepared.data, prepared.data.tree, prepared.data.unit_codes
    codes = tree.indicator_codes
    spec = plan_spec(plan, method, tree)
    builds = {
        n: build(spec if n == method.normalisation else plan_spec(plan, method, tree,
                 normalisation=n), data)
        for n in NORMALISATIONS
    }  # fmt: skip
    nominal = builds[method.normalisation]
    aggregated = nominal.stage("Aggregated").values
    normalised = {n: b.stage("Normalised").values for n, b in builds.items()}
    outcomes = tuple(o.id for o in plan.outcomes)
    outcome_scores: dict[str, dict[str, tuple[float | None, ...]]] = {
        n: {o: _column(b.scores(o)) for o in outcomes} for n, b in builds.items()
    }
    denominated = nominal.stage("Denominated").values
    intervals, failed = rank_intervals(
        spec, data, denominated, plan, method, samples, seed, nominal=nominal
    )
    verdicts, outcome_status, regional = plan_verdicts(
        plan, observations, countries, method.reference_year, coverage=prepared.coverage
    )
    ranks = {code: _ranks(nominal.ranks(code)) for code in tree.codes}
    not_ranked = unranked_outcomes(plan, outcome_scores[method.normalisation], len(units))
    for code in not_ranked:
        ranks[code] = (None,) * len(units)
        intervals[code] = (None,) * len(units)
    sensitivity = plan_sensitivity(
        plan, method, spec, data, denominated, nominal.ranks(root_code(tree)), seed
    )
    strengths, weaknesses = strengths_and_weaknesses(
        normalised[method.normalisation], codes, units, method.strengths_top
    )
    return PlanResults(
        plan_id=plan.id, release_id=release_id, method=method, samples=samples, seed=seed,
        units=units, indicators=codes, outcomes=outcomes, index_code=root_code(tree),
        latest=prepared.latest,
        normalised={n: tuple(_column(row) for row in normalised[n]) for n in NORMALISATIONS},
        outcome_scores=outcome_scores,
        scores={code: _column(nominal.scores(code)) for code in tree.codes},
        ranks=ranks, coverage=prepared.coverage, not_ranked=not_ranked,
        intervals=intervals, failed_replications=failed, verdicts=tuple(verdicts),
        outcome_status=tuple(outcome_status), regional=tuple(regional),
        strengths=strengths, weaknesses=weaknesses,
        audit=audit_summary(aggregated, normalised[method.normalisation], tree),
        outcome_weights={o.id: o.weight for o in plan.outcomes},
        spec=spec_to_mapping(spec), tree=tree, reference_year=prepared.year,
        not_measured={o.id: not_measured[o.id] for o in full_plan.outcomes if o.id in not_measured},
        sensitivity=sensitivity,
    )  # fmt: skip
