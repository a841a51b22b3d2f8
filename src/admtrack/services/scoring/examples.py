"""Worked examples of the evaluation rules on the data in use: one per rule, each picked from
the results and written from the engine's own numbers (/methodology and
``docs/methodology/verdict-rules.md`` print them; nothing is typed in by hand).

For the ceiling and the relative-index rules the example also gives the category the series
would get without the rule, from the same engine call with the rule turned off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from admtrack import i18n
from admtrack.analytics.progress import AT_CEILING, WITHIN_TOLERANCE, indicator_progress
from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.observations import Observation
from admtrack.i18n import N_
from admtrack.services.scoring.coverage_rule import required_indicators
from admtrack.services.scoring.model import OutcomeStatus, PlanResults, Verdict
from admtrack.services.scoring.progress import (
    PROGRESS_RULES,
    observation_panel,
    progress_years,
)
from admtrack.services.scoring.reasons import applies_label, reason_label
from admtrack.services.scoring.targets import TargetLabel, target_labels


@dataclass(frozen=True)
class Num:
    """A number as the examples print it: ``digits`` significant digits below 1,000, whole
    and grouped above; en dash for none (the locale's decimal and group signs elsewhere)."""

    value: float | None
    digits: int = 3


@dataclass(frozen=True)
class Word:
    """An engine word (a status, a category) or another message, translated where shown."""

    text: str


@dataclass(frozen=True)
class Reason:
    """An engine reason (:func:`admtrack.services.scoring.reasons.reason_label`)."""

    of: str | OutcomeStatus


@dataclass(frozen=True)
class Applies:
    """Whom a target applies to (:func:`admtrack.services.scoring.reasons.applies_label`)."""

    target: TargetLabel


@dataclass(frozen=True)
class Name:
    """An indicator's name: the plan's, or its translation in the language shown."""

    english: str
    translated: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Msg:
    """A message with named parameters."""

    template: str
    params: tuple[tuple[str, Part], ...] = ()


@dataclass(frozen=True)
class Listing:
    """Parts joined by ``separator``; ``empty`` when there is none."""

    items: tuple[Part, ...]
    separator: str = ", "
    empty: str = N_("none")


Part = str | int | Num | Word | Reason | Applies | Name | Msg | Listing


@dataclass(frozen=True)
class WorkedExample:
    rule: str
    message: Msg
    #: the numbers the text shows, by name (a test checks them against the engine)
    numbers: dict[str, float | int | str | None] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The example in English (docs/methodology/verdict-rules.md)."""
        with i18n.using(i18n.SOURCE_LANGUAGE):
            return render(self.message)

    def label(self) -> str:
        """The example in the language in force (/methodology)."""
        return render(self.message)

    def rule_label(self) -> str:
        return i18n.gettext(self.rule)


def _msg(template: str, **params: Part) -> Msg:
    return Msg(template, tuple(params.items()))


def _num(x: float | None, digits: int = 3) -> str:
    text = "–" if x is None else f"{x:.{digits}g}" if abs(x) < 1000 else f"{x:,.0f}"
    code = i18n.current()
    if code == i18n.SOURCE_LANGUAGE or x is None:
        return text
    signs = {".": i18n.number_symbol("decimal", code), ",": i18n.number_symbol("group", code)}
    return "".join(signs.get(ch, ch) for ch in text)


def render(part: Part) -> str:
    """``part`` in the language in force."""
    if isinstance(part, Msg):
        return i18n.gettext(part.template) % {k: render(v) for k, v in part.params}
    if isinstance(part, Num):
        return _num(part.value, part.digits)
    if isinstance(part, Word):
        return i18n.gettext(part.text)
    if isinstance(part, Reason):
        return reason_label(part.of)
    if isinstance(part, Applies):
        return applies_label(part.target)
    if isinstance(part, Name):
        return dict(part.translated).get(i18n.current()) or part.english
    if isinstance(part, Listing):
        if not part.items:
            return i18n.gettext(part.empty)
        return part.separator.join(render(p) for p in part.items)
    return str(part)


def _name(plan: Plan, code: str) -> Name:
    found = ((t.language, t.indicator_name(code)) for t in plan.translations)
    return Name(plan.indicator(code).name, tuple((lang, n) for lang, n in found if n))


#: The rules the examples illustrate (their headings).
RULES = (
    N_("Coverage rule"), N_("States needed for a ranking"), N_("Status agrees with score"),
    N_("Ceilings"), N_("Relative indices"), N_("Targets applied evenly"),
    N_("Missing data shown"),
)  # fmt: skip


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
                _msg(N_("%(outcome)s for %(country)s: %(n)s of its %(total)s indicators have a "
                        "%(first)s-%(last)s value; the plan needs ceil(%(share)s x %(total)s) = "
                        "%(need)s, so %(outcome)s has no score for %(country)s and reads "
                        "'%(status)s'."),
                     outcome=gap.outcome, country=gap.country, n=gap.n_in_window,
                     total=gap.n_indicators, first=first, last=last,
                     share=Num(rules.outcome_min_share, 6),
                     need=required_indicators(gap.n_indicators, rules.outcome_min_share),
                     status=Word("not measured")),
                {"outcome": gap.outcome, "country": gap.country, "n_in_window": gap.n_in_window,
                 "n_indicators": gap.n_indicators, "required": gap.required},
            ))  # fmt: skip
        counts = {o: sum(v is not None for v in results.scores[o]) for o in results.outcomes}
        if counts:
            fewest = min(counts, key=lambda o: (counts[o], o))
            ranked = fewest not in results.not_ranked
            out.append(WorkedExample(
                "States needed for a ranking",
                _msg(N_("%(outcome)s is scored for %(n)s of %(total)s member states (the fewest "
                        "of any outcome); the plan ranks an outcome scored for at least "
                        "%(need)s, so %(outcome)s is %(ranked)s."),
                     outcome=fewest, n=counts[fewest], total=len(results.units),
                     need=rules.min_states_ranked,
                     ranked=Word(N_("ranked") if ranked else N_("not ranked"))),
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
            _msg(N_("%(country)s %(outcome)s: score %(score)s from the %(n)s indicators with a "
                    "value; verdicts for %(assessed)s of them, fewer than the plan's share "
                    "%(share)s, so the status is '%(status)s' (%(reason)s), where it used to "
                    "read 'lacks data' beside the score."),
                 country=s.country, outcome=s.outcome, score=Num(score), n=s.n_indicators,
                 assessed=s.n_assessed, share=Num(rules.verdict_min_share, 6),
                 status=Word("no verdict"), reason=Reason(s)),
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
            _msg(N_("%(indicator)s, %(country)s: %(baseline)s in %(baseline_year)s, %(latest)s "
                    "in %(latest_year)s, annual growth %(growth)s %%; the trend test alone says "
                    "'%(before)s'. The latest value is %(gap)s from the bound %(bound)s (within "
                    "%(distance)s), so the verdict is '%(status)s'."),
                 indicator=_name(plan, ind.code), country=v.country,
                 baseline=Num(v.baseline_value), baseline_year=v.baseline_year or "–",
                 latest=Num(v.latest_value), latest_year=v.latest_year or "–",
                 growth=Num((v.cagr_actual or 0) * 100), before=Word(before),
                 gap=Num(abs((ind.bound or 0) - (v.latest_value or 0))),
                 bound=Num(ind.bound, 6), distance=Num(distance, 6), status=Word(AT_CEILING)),
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
            _msg(N_("%(indicator)s, %(country)s: %(baseline)s in %(baseline_year)s, %(latest)s "
                    "in %(latest_year)s; relative change r = %(change)s %%, inside the "
                    "+-%(band)s %% band, so '%(category)s' (%(status)s); judged by raw growth "
                    "it would be '%(before)s'."),
                 indicator=_name(plan, ind.code), country=v.country,
                 baseline=Num(v.baseline_value, 4), baseline_year=v.baseline_year or "–",
                 latest=Num(v.latest_value, 4), latest_year=v.latest_year or "–",
                 change=Num(change * 100), band=Num(rules.relative_tolerance * 100, 6),
                 category=Word(WITHIN_TOLERANCE), status=Word("stable"), before=Word(before)),
            {"indicator": ind.code, "country": v.country, "baseline": v.baseline_value,
             "latest": v.latest_value, "change": change, "without_rule": before},
        ))  # fmt: skip
    for ind in plan.indicators:
        labels = target_labels(plan, ind)
        if any(t.group is not None for t in labels):
            out.append(WorkedExample(
                "Targets applied evenly",
                _msg(N_("%(indicator)s: %(targets)s."), indicator=_name(plan, ind.code),
                     targets=Listing(tuple(_target(t) for t in labels), "; ")),
                {"indicator": ind.code, "applied": sum(t.applied for t in labels),
                 "reference_only": sum(not t.applied for t in labels)},
            ))  # fmt: skip
            break
    if cov is not None and cov.gaps:
        unit = max(cov.gaps, key=lambda u: (cov.gaps[u].n_missing + cov.gaps[u].n_older, u))
        g = cov.gaps[unit]
        out.append(WorkedExample(
            "Missing data shown",
            _msg(N_("%(country)s: of %(total)s indicators, %(missing)s missing (%(names)s), "
                    "%(imputed)s imputed, %(older)s older than %(first)s (%(older_names)s); the "
                    "composite rests on %(scored)s of %(outcomes)s outcomes."),
                 country=unit, total=g.n_indicators, missing=g.n_missing,
                 names=Listing(tuple(_name(plan, c) for c in g.missing)),
                 imputed=g.n_imputed, older=g.n_older, first=cov.window[0],
                 older_names=Listing(tuple(
                     _msg(N_("%(name)s (%(year)s)"), name=_name(plan, c), year=y)
                     for c, y in g.older)),
                 scored=results.outcomes_scored(unit), outcomes=len(results.outcomes)),
            {"country": unit, "missing": g.n_missing, "imputed": g.n_imputed,
             "older": g.n_older, "outcomes_scored": results.outcomes_scored(unit)},
        ))  # fmt: skip
    return out


def _target(t: TargetLabel) -> Msg:
    """One target of the "Targets applied evenly" example."""
    if t.applied:
        template = (
            N_("%(value)s by %(year)s (%(kind)s; applied to %(applies)s)")
            if t.year
            else N_("%(value)s (%(kind)s; applied to %(applies)s)")
        )
    else:
        template = (
            N_("%(value)s by %(year)s (%(kind)s; reference only, %(applies)s)")
            if t.year
            else N_("%(value)s (%(kind)s; reference only, %(applies)s)")
        )
    return _msg(template, value=Num(t.value, 6), year=t.year or "", kind=Word(t.kind),
                applies=Applies(t))  # fmt: skip
