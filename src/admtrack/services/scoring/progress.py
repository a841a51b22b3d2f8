"""Progress verdicts per indicator x country against every target set of a plan, and the
outcome and regional status counts built on them (the maths is :mod:`admtrack.analytics.progress`).

Which target applies to a country: among an indicator's targets in one set, the one whose
``group`` the country belongs to (e.g. ``ldc``); otherwise the one without a group. Besides the
target sets, every indicator is also judged without a target (``target_set`` None: the
open-sdg trend test, annual growth compared with 1.5 % and 0.5 %), unless the plan turns its
``trend_test`` off (a growth rate, say, whose fall from a rebound year is not regress). The
"primary" verdict, used by the outcome and regional summaries, is the first target set the
indicator has a target in, else the trend test; an indicator with neither is left out of them.

Every verdict carries all the measures of docs/methodology/progress.md (CAGR ratio, ESCAP
current status and anticipated progress, distance to target, SDSN trend and light), not only
the CAGR category. :func:`progress_years` and :func:`observation_panel` give the years and the
panel exactly as :func:`admtrack.services.scoring.compute_results` chooses them, so a caller
that needs only the verdicts (``admtrack progress``) need not build the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from admtrack.analytics.progress import (
    NO_TARGET_NO_TREND,
    NO_VERDICT,
    STATUS_OF,
    IndicatorProgress,
    ProgressRules,
    indicator_progress,
    outcome_progress,
    regional_summary,
)
from admtrack.domain.framework import Indicator, Plan, Target
from admtrack.domain.geography import SOURCED_GROUPS, Country
from admtrack.domain.observations import Observation
from admtrack.services.scoring.coverage_rule import ScoreCoverage
from admtrack.services.scoring.data import member_units
from admtrack.services.scoring.model import OutcomeStatus, RegionalStatus, Verdict

Panel = Mapping[tuple[str, str], Sequence[tuple[int, float]]]

#: The progress thresholds and windows in use (the published defaults; /methodology shows them).
PROGRESS_RULES = ProgressRules()


@dataclass(frozen=True, slots=True)
class ProgressYears:
    """The years progress is measured over: baseline t0, target year T where a target has none
    (``end``) and the current year (latest values are taken up to it)."""

    baseline: int
    end: int
    current: int


def progress_years(
    plan: Plan, observations: Iterable[Observation], reference_year: int | None = None
) -> ProgressYears:
    """The years of :func:`compute_results`: current = ``reference_year`` or the plan's last year
    (without a period, the last observed year); baseline = the plan's baseline year, else the
    year before its period, else current - 5; end = the period's last year, or baseline + 1 when
    that is not after the baseline."""
    period_end = plan.period[1] if plan.period else max((o.year for o in observations), default=0)
    current = reference_year or period_end
    baseline = plan.baseline_year or (plan.period[0] - 1 if plan.period else current - 5)
    end = period_end if period_end > baseline else baseline + 1
    return ProgressYears(baseline=baseline, end=end, current=current)


def observation_panel(
    observations: Iterable[Observation],
) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """(indicator, country) -> [(year, value), ...] in year order."""
    panel: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for o in observations:
        panel.setdefault((o.indicator, o.country), []).append((o.year, o.value))
    for series in panel.values():
        series.sort()
    return panel


def target_applies(target: Target) -> bool:
    """A target applies to countries when it has no group or its group has a sourced country
    list (:data:`admtrack.domain.geography.SOURCED_GROUPS`); any other is a reference only."""
    return target.group is None or target.group in SOURCED_GROUPS


def _target_for(ind: Indicator, set_id: str, country: Country | None) -> Target | None:
    candidates = ind.targets_in(set_id)
    groups = country.groups if country is not None else frozenset()
    specific = [t for t in candidates if target_applies(t) and t.group in groups]
    general = [t for t in candidates if t.group is None]
    chosen = specific or general
    return chosen[0] if chosen else None


def _panel_matrix(panel: Panel, code: str, units: Sequence[str], years: np.ndarray) -> np.ndarray:
    values = np.full((len(units), years.size), np.nan)
    position = {int(y): j for j, y in enumerate(years)}
    for i, unit in enumerate(units):
        for year, value in panel.get((code, unit), ()):
            if year in position:
                values[i, position[year]] = value
    return values


def _opt(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def _opt_int(x: float) -> int | None:
    return None if np.isnan(x) else int(x)


def _verdicts(
    ind: Indicator,
    set_id: str | None,
    result: IndicatorProgress,
    targets: Sequence[Target | None],
    units: Sequence[str],
    *,
    has_lights: bool,
) -> list[Verdict]:
    """One verdict per unit; ``has_lights``: a red threshold was given, so the light is defined."""
    rows: list[Verdict] = []
    for i, unit in enumerate(units):
        target = targets[i]
        latest = _opt(result.latest_value[i])
        category = str(result.cagr_category[i])
        met: bool | None = None
        if target is not None and latest is not None:
            met = ind.direction * (latest - target.value) >= 0
        targeted = target is not None
        rows.append(
            Verdict(
                indicator=ind.code,
                country=unit,
                target_set=set_id,
                target_value=target.value if target is not None else None,
                target_year=target.year if target is not None else None,
                baseline_year=_opt_int(result.baseline_year[i]),
                baseline_value=_opt(result.baseline_value[i]),
                latest_year=_opt_int(result.latest_year[i]),
                latest_value=latest,
                category=category,
                status=STATUS_OF.get(category, NO_VERDICT),
                reason=str(result.reason[i]),
                target_met=met,
                cagr_actual=_opt(result.cagr_actual[i]),
                cagr_required=_opt(result.cagr_required[i]),
                cagr_ratio=_opt(result.cagr_ratio[i]),
                current_status=_opt(result.current_status[i]),
                expected_status=_opt(result.expected_status[i]),
                projected_value=_opt(result.projected_value[i]),
                anticipated_progress=_opt(result.anticipated_progress[i]),
                anticipated_category=str(result.anticipated_category[i]) if targeted else None,
                distance_progress=_opt(result.distance_progress[i]),
                annual_change=_opt(result.annual_change[i]),
                trend_ratio=_opt(result.trend_ratio[i]),
                trend=str(result.trend[i]) if targeted else None,
                traffic_light=str(result.traffic_light[i]) if targeted and has_lights else None,
            )
        )
    return rows


def plan_progress(
    plan: Plan,
    panel: Panel,
    units: Sequence[str],
    countries: Mapping[str, Country],
    *,
    baseline_year: int,
    end_year: int,
    current_year: int,
    red_thresholds: Mapping[str, float] | None = None,
    coverage: ScoreCoverage | None = None,
) -> tuple[list[Verdict], list[OutcomeStatus], list[RegionalStatus]]:
    """Verdicts for every indicator x unit x (target set | trend), the outcome summaries per
    unit and the regional counts per outcome, from the primary verdicts.

    The plan's evaluation rules apply: ceilings (an indicator's ``bound`` and the plan's
    ``ceiling_distance``), the tolerance band of relative indices, and, with ``coverage``, the
    coverage rule: an outcome's status rests on the indicators of its score for that unit and
    is "not measured" where the outcome has no score. An indicator with neither a target nor
    a trend test counts as "no verdict" (no target and no trend test).

    ``red_thresholds`` (indicator code -> SDSN red threshold r) turns on the traffic light of
    that indicator's target verdicts, with the target as the green threshold g; plans carry no
    red thresholds, so without it every ``traffic_light`` is None."""
    years_set = sorted({y for series in panel.values() for y, _ in series})
    years = np.asarray(years_set or [current_year], dtype=np.float64)
    verdicts: list[Verdict] = []
    primary: dict[str, IndicatorProgress] = {}
    rules = plan.evaluation
    for ind in plan.indicators:
        values = _panel_matrix(panel, ind.code, units, years)
        red = (red_thresholds or {}).get(ind.code)
        limits: dict[str, Any] = {
            "bound": ind.bound,
            "ceiling_distance": rules.ceiling_distance
            if ind.ceiling_distance is None else ind.ceiling_distance,
            "relative": ind.relative, "relative_tolerance": rules.relative_tolerance,
        }  # fmt: skip
        if ind.trend_test:
            trend = indicator_progress(
                values, years, target=np.nan, target_year=end_year, baseline_year=baseline_year,
                direction=ind.direction, current_year=current_year, rules=PROGRESS_RULES,
                **limits,
            )  # fmt: skip
            verdicts.extend(
                _verdicts(ind, None, trend, [None] * len(units), units, has_lights=False)
            )
            primary[ind.code] = trend
        chosen_primary = False
        for target_set in plan.target_sets:
            targets = [_target_for(ind, target_set.id, countries.get(u)) for u in units]
            if all(t is None for t in targets):
                continue
            value = [t.value if t is not None else np.nan for t in targets]
            year = [t.year if t is not None and t.year is not None else end_year for t in targets]
            result = indicator_progress(
                values, years, target=value, target_year=year, baseline_year=baseline_year,
                direction=ind.direction, current_year=current_year, red_threshold=red,
                rules=PROGRESS_RULES, **limits,
            )  # fmt: skip
            verdicts.extend(
                _verdicts(ind, target_set.id, result, targets, units, has_lights=red is not None)
            )
            if not chosen_primary:
                primary[ind.code] = result
                chosen_primary = True
    outcome_of = {ind.code: ind.outcome for ind in plan.indicators}
    no_verdict = {i.code: NO_TARGET_NO_TREND for i in plan.indicators if i.code not in primary}
    in_score = None
    not_measured = None
    if coverage is not None:
        in_score = {
            i.code: np.array([coverage.in_score.get((u, i.code), False) for u in units])
            for i in plan.indicators
        }
        not_measured = {o.id: coverage.not_measured(o.id) for o in plan.outcomes}
    frame = outcome_progress(
        primary, outcome_of, list(units), no_verdict=no_verdict, in_score=in_score,
        not_measured=not_measured, min_assessed_share=rules.verdict_min_share,
    )  # fmt: skip
    outcome_rows = [
        OutcomeStatus(
            outcome=r["outcome"],
            country=r["uCode"],
            summary=r["summary"],
            reason=r["reason"],
            n_indicators=r["n_indicators"],
            n_assessed=r["n_assessed"],
            n_on_track=r["n_on_track"],
            n_at_ceiling=r["n_at_ceiling"],
            n_stable=r["n_stable"],
            n_needs_acceleration=r["n_needs_acceleration"],
            n_regressed=r["n_regressed"],
            n_no_verdict=r["n_no_verdict"],
            missing=tuple(zip(r["missing_indicators"], r["missing_reasons"], strict=True)),
        )  # fmt: skip
        for r in frame.iter_rows(named=True)
    ]
    regional = [
        RegionalStatus(
            outcome=r["outcome"],
            on_track=r["on_track"],
            at_ceiling=r["at_ceiling"],
            stable=r["stable"],
            needs_acceleration=r["needs_acceleration"],
            regressed=r["regressed"],
            no_verdict=r["no_verdict"],
            not_measured=r["not_measured"],
        )  # fmt: skip
        for r in regional_summary(frame).iter_rows(named=True)
    ]
    return verdicts, outcome_rows, regional


def plan_verdicts(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    reference_year: int | None = None,
    coverage: ScoreCoverage | None = None,
) -> tuple[list[Verdict], list[OutcomeStatus], list[RegionalStatus]]:
    """:func:`plan_progress` over the member states with the years of :func:`progress_years`
    and the coverage rule of the index build (``coverage``; computed here when not given):
    the verdicts of the dashboard, the API and ``admtrack progress`` alike."""
    years = progress_years(plan, observations, reference_year)
    units = member_units(countries, date(years.current, 12, 31))
    if coverage is None:
        from admtrack.services.scoring.model import IndexMethod
        from admtrack.services.scoring.results import plan_data

        coverage = plan_data(
            plan, observations, countries, IndexMethod(reference_year=reference_year)
        ).coverage
    return plan_progress(
        plan, observation_panel(observations), units, {c.iso3: c for c in countries},
        baseline_year=years.baseline, end_year=years.end, current_year=years.current,
        coverage=coverage,
    )  # fmt: skip
