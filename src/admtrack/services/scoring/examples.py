"""Worked examples of the evaluation rules on the data in use: one per rule, each picked from
the results and written from the engine's own numbers (/methodology and
``docs/methodology/verdict-rules.md`` print them; nothing is typed in by hand).

For the ceiling and the relative-index rules the example also gives the category the series
would get without the rule, from the same engine call with the rule turned off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from admtrack.analytics.progress import AT_CEILING, WITHIN_TOLERANCE, indicator_progress
from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.observations import Observation
from admtrack.services.scoring.coverage_rule import required_indicators
from admtrack.services.scoring.model import PlanResults, Verdict
from admtrack.services.scoring.progress import (
    PROGRESS_RULES,
    observation_panel,
    progress_years,
)
from admtrack.services.scoring.targets import target_labels


@dataclass(frozen=True)
class WorkedExample:
    rule: str
    text: str
    #: the numbers the text shows, by name (a test checks them against the engine)
    numbers: dict[str, float | int | str | None] = field(default_factory=dict)


def _num(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}g}" if abs(x) < 1000 else f"{x:,.0f}"


def _unruled(
    plan: Plan, ind: Indicator, country: str, observations: list[Observation], ref: int | None
) -> str:
    """The trend-test category of one series with neither the ceiling nor the relative rule."""
    years = progress_years(plan, observations, ref)
    series = observation_panel(o for o in observations if o.indicator == ind.code).get(
        (ind.code, country), []
    )
    yrs = np.asarray([y for y, _ in series], dtype=np.float64)
    vals = np.asarray([[v for _, v in series]], dtype=np.float64)
    result = indicator_progress(
        vals, yrs, target=np.nan, target_year=years.end, baseline_year=years.baseline,
        direction=ind.direction, current_year=years.current, rules=PROGRESS_RULES,
    )  # fmt: skip
    return str(result.cagr_category[0])


def _trend(results: PlanResults, code: str, category: str) -> list[Verdict]:
    return [
        v
        for v in results.verdicts
        if v.indicator == code and v.target_set is None and v.category == category
    ]


def worked_examples(
    plan: Plan, results: PlanResults, observations: list[Observation]
) -> list[WorkedExample]:
    """One example per rule that the data illustrate (a rule with no case is left out)."""
    out: list[WorkedExample] = []
    rules = plan.evaluation
    cov = results.coverage
    if cov is not None:
        first, last = cov.window
        gap = next((r for r in cov.outcomes if not r.measured), None)
        if gap is not None:
            out.append(WorkedExample(
                "Coverage rule",
                f"{gap.outcome} for {gap.country}: {gap.n_in_window} of its {gap.n_indicators} "
                f"indicators have a {first}-{last} value; the plan needs ceil("
                f"{rules.outcome_min_share:g} x {gap.n_indicators}) = "
                f"{required_indicators(gap.n_indicators, rules.outcome_min_share)}, so "
                f"{gap.outcome} has no score for {gap.country} and reads 'not measured'.",
                {"outcome": gap.outcome, "country": gap.country, "n_in_window": gap.n_in_window,
                 "n_indicators": gap.n_indicators, "required": gap.required},
            ))  # fmt: skip
        counts = {o: sum(v is not None for v in results.scores[o]) for o in results.outcomes}
        if counts:
            fewest = min(counts, key=lambda o: (counts[o], o))
            ranked = fewest not in results.not_ranked
            out.append(WorkedExample(
                "States needed for a ranking",
                f"{fewest} is scored for {counts[fewest]} of {len(results.units)} member states "
                f"(the fewest of any outcome); the plan ranks an outcome scored for at least "
                f"{rules.min_states_ranked}, so {fewest} is {'ranked' if ranked else 'not ranked'}.",
                {"outcome": fewest, "n_scored": counts[fewest], "ranked": str(ranked)},
            ))  # fmt: skip
    scored_quiet = [
        s for s in results.outcome_status
        if s.summary == "no verdict" and results.score(s.outcome, s.country) is not None
    ]  # fmt: skip
    if scored_quiet:  # the highest score without a verdict
        s = max(scored_quiet, key=lambda s: (results.score(s.outcome, s.country) or 0.0, s.country))
        score = results.score(s.outcome, s.country)
        out.append(WorkedExample(
            "Status agrees with score",
            f"{s.country} {s.outcome}: score {_num(score)} from the {s.n_indicators} indicators "
            f"with a value; verdicts for {s.n_assessed} of them, fewer than the plan's share "
            f"{rules.verdict_min_share:g}, so the status is 'no verdict' ({s.reason}), where it "
            f"used to read 'lacks data' beside the score.",
            {"country": s.country, "outcome": s.outcome, "score": score,
             "n_indicators": s.n_indicators, "n_assessed": s.n_assessed},
        ))  # fmt: skip
    ceilings = [
        (ind, v)
        for ind in plan.indicators
        if ind.bound is not None
        for v in _trend(results, ind.code, AT_CEILING)
        if v.baseline_value is not None and v.cagr_actual is not None
        and v.latest_value is not None and v.latest_value != ind.bound
    ]  # fmt: skip
    if ceilings:  # the one nearest its bound without touching it
        ind, v = min(ceilings, key=lambda p: (abs((p[0].bound or 0) - (p[1].latest_value or 0)),
                                              p[0].code, p[1].country))  # fmt: skip
        distance = rules.ceiling_distance if ind.ceiling_distance is None else ind.ceiling_distance
        before = _unruled(plan, ind, v.country, observations, results.reference_year)
        out.append(WorkedExample(
            "Ceilings",
            f"{ind.name}, {v.country}: {_num(v.baseline_value)} in {v.baseline_year}, "
            f"{_num(v.latest_value)} in {v.latest_year}, annual growth "
            f"{_num((v.cagr_actual or 0) * 100)} %; the trend test alone says '{before}'. "
            f"The latest value is {_num(abs((ind.bound or 0) - (v.latest_value or 0)))} from "
            f"the bound {ind.bound:g} (within {distance:g}), so the verdict is 'at ceiling'.",
            {"indicator": ind.code, "country": v.country, "baseline": v.baseline_value,
             "latest": v.latest_value, "cagr": v.cagr_actual, "without_rule": before},
        ))  # fmt: skip
    relative = [i for i in plan.indicators if i.relative]
    picks = [(i, v) for i in relative for v in _trend(results, i.code, WITHIN_TOLERANCE)]
    picks = [(i, v) for i, v in picks if v.baseline_value and v.latest_value is not None]
    if picks:
        ind, v = min(picks, key=lambda p: ((p[1].latest_value or 0) - (p[1].baseline_value or 0),
                                           p[1].country))  # fmt: skip
        change = ind.direction * ((v.latest_value or 0) / (v.baseline_value or 1) - 1)
        before = _unruled(plan, ind, v.country, observations, results.reference_year)
        out.append(WorkedExample(
            "Relative indices",
            f"{ind.name}, {v.country}: {_num(v.baseline_value, 4)} in {v.baseline_year}, "
            f"{_num(v.latest_value, 4)} in {v.latest_year}; relative change "
            f"r = {_num(change * 100)} %, inside the +-{rules.relative_tolerance * 100:g} % band, so "
            f"'within tolerance' (stable); judged by raw growth it would be '{before}'.",
            {"indicator": ind.code, "country": v.country, "baseline": v.baseline_value,
             "latest": v.latest_value, "change": change, "without_rule": before},
        ))  # fmt: skip
    for ind in plan.indicators:
        labels = target_labels(plan, ind)
        if any(t.group is not None for t in labels):
            parts = [
                f"{t.value:g}{f' by {t.year}' if t.year else ''} ({t.kind}; "
                f"{'applied to ' + t.applies_to if t.applied else 'reference only, ' + t.applies_to})"
                for t in labels
            ]
            out.append(WorkedExample(
                "Targets applied evenly", f"{ind.name}: " + "; ".join(parts) + ".",
                {"indicator": ind.code, "applied": sum(t.applied for t in labels),
                 "reference_only": sum(not t.applied for t in labels)},
            ))  # fmt: skip
            break
    if cov is not None and cov.gaps:
        unit = max(cov.gaps, key=lambda u: (cov.gaps[u].n_missing + cov.gaps[u].n_older, u))
        g = cov.gaps[unit]
        names = ", ".join(plan.indicator(c).name for c in g.missing)
        older = ", ".join(f"{plan.indicator(c).name} ({y})" for c, y in g.older)
        out.append(WorkedExample(
            "Missing data shown",
            f"{unit}: of {g.n_indicators} indicators, {g.n_missing} missing ({names or 'none'}), "
            f"{g.n_imputed} imputed, {g.n_older} older than {cov.window[0]} "
            f"({older or 'none'}); the composite rests on {results.outcomes_scored(unit)} of "
            f"{len(results.outcomes)} outcomes.",
            {"country": unit, "missing": g.n_missing, "imputed": g.n_imputed,
             "older": g.n_older, "outcomes_scored": results.outcomes_scored(unit)},
        ))  # fmt: skip
    return out
