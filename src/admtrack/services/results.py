"""Results of a plan for one data release: the composite index per outcome with ranks and rank
intervals, progress verdicts, status counts, strengths and weaknesses and the audit summary.

:func:`compute_results` is pure given its inputs (the same observations, countries, samples and
seed give the same results). Rank intervals come from the engine's uncertainty analysis
(:mod:`admtrack.analytics.uncertainty`) with the uncertain inputs of
:mod:`admtrack.services.results_uncertainty`; :mod:`admtrack.services.results_cache` computes
them once per plan, release and method. Method choices are listed on :class:`IndexMethod`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.audit import (
    correlations,
    cronbach_alpha,
    cronbach_per_aggregate,
    strengths_weaknesses,
)
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.normalise import normalise
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.spec import (
    NormaliseOverride,
)
from admtrack.domain.framework import Plan
from admtrack.domain.geography import ASEAN, ASEAN_MEMBERS, Country
from admtrack.domain.imeta import measured_plan, plan_to_imeta
from admtrack.domain.observations import Observation
from admtrack.services.denominators import per_denominator
from admtrack.services.results_model import (
    NORMALISATIONS,
    AuditSummary,
    IndexMethod,
    LatestValue,
    Normalisation,
    PlanResults,
)
from admtrack.services.results_progress import observation_panel, plan_progress, progress_years
from admtrack.services.results_uncertainty import aggregation_stage, rank_intervals

F64 = NDArray[np.float64]


def member_units(countries: Iterable[Country], on: date) -> tuple[str, ...]:
    """ISO3 codes of the ASEAN member states on ``on``, in the Secretariat's order."""
    members = {c.iso3 for c in countries if c.is_member(ASEAN, on)}
    order = {code: i for i, code in enumerate(ASEAN_MEMBERS)}
    return tuple(sorted(members, key=lambda c: (order.get(c, len(order)), c)))


def plan_tree(plan: Plan) -> FrameworkTree:
    """The plan as the engine's framework tree (indicators, outcomes, index); outcomes without
    indicators are left out (see :func:`admtrack.domain.imeta.measured_plan`)."""
    measured, _ = measured_plan(plan)
    return read_imeta(plan_to_imeta(measured), source=f"plan {plan.id}")


def latest_matrix(
    observations: Iterable[Observation],
    indicators: Sequence[str],
    units: Sequence[str],
    first: int,
    last: int,
) -> tuple[F64, list[LatestValue]]:
    """Units x indicators matrix of each unit's latest value of each indicator with a year in
    [first, last] (NaN where there is none), and those values with their years and sources."""
    col = {c: j for j, c in enumerate(indicators)}
    row = {u: i for i, u in enumerate(units)}
    best: dict[tuple[int, int], Observation] = {}
    for o in observations:
        i, j = row.get(o.country), col.get(o.indicator)
        if i is None or j is None or not first <= o.year <= last:
            continue
        kept = best.get((i, j))
        if kept is None or o.year > kept.year:
            best[(i, j)] = o
    x = np.full((len(units), len(indicators)), np.nan)
    latest: list[LatestValue] = []
    for (i, j), o in sorted(best.items()):
        x[i, j] = o.value
        latest.append(LatestValue(o.indicator, o.country, o.year, o.value, o.source))
    return x, latest


def normalised_matrix(
    x: F64, tree: FrameworkTree, plan: Plan, how: Normalisation, units: Sequence[str]
) -> F64:
    """Normalise (..., units, indicators) by min-max or goalposts (see IndexMethod)."""
    overrides: dict[str, NormaliseOverride] = {}
    if how == "goalposts":
        for ind in plan.indicators:
            if ind.goalposts is not None:
                lower, upper = ind.goalposts
                overrides[ind.code] = NormaliseOverride(
                    method="goalposts", params={"lower": lower, "upper": upper}
                )
    return normalise(x, tree, "minmax", {"l_u": [0.0, 100.0]}, overrides, unit_codes=list(units))


def _opt(v: float) -> float | None:
    return None if not np.isfinite(v) else float(v)


def _column(values: F64) -> tuple[float | None, ...]:
    return tuple(_opt(float(v)) for v in values)


def _rank_column(values: F64) -> tuple[int | None, ...]:
    ranks = rank_descending(values)
    return tuple(None if not np.isfinite(r) else int(r) for r in ranks)


def _audit(scores: F64, xn: F64, tree: FrameworkTree) -> AuditSummary:
    agg = list(range(tree.n_indicators, len(tree.codes)))
    r, _, n = correlations(scores[:, agg])
    full = np.concatenate([xn, scores[:, tree.n_indicators :]], axis=1)
    alpha = {code: _opt(a) for code, a in cronbach_per_aggregate(full, tree).items()}
    outcomes = tree.nodes_at(2)
    alpha_outcomes = _opt(cronbach_alpha(scores[:, outcomes]))
    root = tree.codes[int(np.flatnonzero(tree.parents == -1)[0])]
    alpha[root] = alpha_outcomes
    codes = tuple(tree.codes[i] for i in agg)
    return AuditSummary(
        codes=codes,
        correlations=tuple(tuple(_opt(float(v)) for v in row) for row in r),
        alpha=alpha,
        n_units={code: int(n[k, k]) for k, code in enumerate(codes)},
    )


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
    years = progress_years(plan, observations, method.reference_year)
    ref_year = years.current
    units = member_units(countries, date(ref_year, 12, 31))
    tree = plan_tree(plan)
    codes = tree.indicator_codes
    first = ref_year - method.latest_window
    # ranked relative to their denominators (e.g. % of GDP), shown as observed
    x, _ = latest_matrix(per_denominator(plan, observations), codes, units, first, ref_year)
    _, latest = latest_matrix(observations, codes, units, first, ref_year)
    xn: dict[str, F64] = {n: normalised_matrix(x, tree, plan, n, units) for n in NORMALISATIONS}
    spec = aggregation_stage(method, tree)
    built = {n: aggregate_tree(xn[n], tree, spec=spec) for n in NORMALISATIONS}
    nominal = built[method.normalisation]
    scores = {code: _column(nominal[:, k]) for k, code in enumerate(tree.codes)}
    ranks = {code: _rank_column(nominal[:, k]) for k, code in enumerate(tree.codes)}
    outcomes = tuple(o.id for o in plan.outcomes)
    outcome_scores: dict[str, dict[str, tuple[float | None, ...]]] = {
        n: {o: _column(built[n][:, tree.index_of(o)]) for o in outcomes} for n in NORMALISATIONS
    }
    intervals, failed = rank_intervals(x, nominal, tree, plan, units, method, samples, seed)
    verdicts, outcome_status, regional = plan_progress(
        plan, observation_panel(observations), units, {c.iso3: c for c in countries},
        baseline_year=years.baseline, end_year=years.end, current_year=years.current,
    )  # fmt: skip
    sw = strengths_weaknesses(xn[method.normalisation], codes, units, top=3, bottom=3)
    strengths = {u: tuple(sw.filter((sw["uCode"] == u) & (sw["kind"] == "strength"))["iCode"])
                 for u in units}  # fmt: skip
    weaknesses = {u: tuple(sw.filter((sw["uCode"] == u) & (sw["kind"] == "weakness"))["iCode"])
                  for u in units}  # fmt: skip
    index_code = tree.codes[int(np.flatnonzero(tree.parents == -1)[0])]
    return PlanResults(
        plan_id=plan.id, release_id=release_id, method=method, samples=samples, seed=seed,
        units=units, indicators=codes, outcomes=outcomes, index_code=index_code,
        latest=tuple(latest),
        normalised={n: tuple(_column(row) for row in xn[n]) for n in NORMALISATIONS},
        outcome_scores=outcome_scores, scores=scores, ranks=ranks, intervals=intervals,
        failed_replications=failed, verdicts=tuple(verdicts),
        outcome_status=tuple(outcome_status), regional=tuple(regional),
        strengths=strengths, weaknesses=weaknesses,
        audit=_audit(nominal, xn[method.normalisation], tree),
        outcome_weights={o.id: o.weight for o in plan.outcomes},
        not_measured={o.id: not_measured[o.id] for o in full_plan.outcomes if o.id in not_measured},
    )  # fmt: skip
