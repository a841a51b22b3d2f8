"""Progress verdicts per indicator x country against every target set of a plan, and the
outcome and regional status counts built on them (the maths is :mod:`admtrack.analytics.progress`).

Which target applies to a country: among an indicator's targets in one set, the one whose
``group`` the country belongs to (e.g. ``ldc``); otherwise the one without a group. Besides the
target sets, every indicator is also judged without a target (``target_set`` None: the
open-sdg trend test, annual growth compared with 1.5 % and 0.5 %), unless the plan turns its
``trend_test`` off (a growth rate, say, whose fall from a rebound year is not regress). The
"primary" verdict, used by the outcome and regional summaries, is the first target set the
indicator has a target in, else the trend test; an indicator with neither is left out of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from admtrack.analytics.progress import (
    STATUS_OF,
    IndicatorProgress,
    indicator_progress,
    outcome_progress,
    regional_summary,
)
from admtrack.domain.framework import Indicator, Plan, Target
from admtrack.domain.geography import Country
from admtrack.services.results_model import OutcomeStatus, RegionalStatus, Verdict

Panel = Mapping[tuple[str, str], Sequence[tuple[int, float]]]


def _target_for(ind: Indicator, set_id: str, country: Country | None) -> Target | None:
    candidates = ind.targets_in(set_id)
    groups = country.groups if country is not None else frozenset()
    specific = [t for t in candidates if t.group is not None and t.group in groups]
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
) -> list[Verdict]:
    rows: list[Verdict] = []
    for i, unit in enumerate(units):
        target = targets[i]
        latest = _opt(result.latest_value[i])
        category = str(result.cagr_category[i])
        met: bool | None = None
        if target is not None and latest is not None:
            met = ind.direction * (latest - target.value) >= 0
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
                status=STATUS_OF.get(category, "lacks data"),
                reason=str(result.reason[i]),
                target_met=met,
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
) -> tuple[list[Verdict], list[OutcomeStatus], list[RegionalStatus]]:
    """Verdicts for every indicator x unit x (target set | trend), the outcome summaries per
    unit and the regional counts per outcome, from the primary verdicts."""
    years_set = sorted({y for series in panel.values() for y, _ in series})
    years = np.asarray(years_set or [current_year], dtype=np.float64)
    verdicts: list[Verdict] = []
    primary: dict[str, IndicatorProgress] = {}
    for ind in plan.indicators:
        values = _panel_matrix(panel, ind.code, units, years)
        if ind.trend_test:
            trend = indicator_progress(
                values, years, target=np.nan, target_year=end_year, baseline_year=baseline_year,
                direction=ind.direction, current_year=current_year,
            )  # fmt: skip
            verdicts.extend(_verdicts(ind, None, trend, [None] * len(units), units))
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
                direction=ind.direction, current_year=current_year,
            )  # fmt: skip
            verdicts.extend(_verdicts(ind, target_set.id, result, targets, units))
            if not chosen_primary:
                primary[ind.code] = result
                chosen_primary = True
    outcome_of = {ind.code: ind.outcome for ind in plan.indicators}
    frame = outcome_progress(primary, outcome_of, list(units))
    outcome_rows = [
        OutcomeStatus(
            outcome=r["outcome"],
            country=r["uCode"],
            summary=r["summary"],
            n_indicators=r["n_indicators"],
            n_assessed=r["n_assessed"],
            n_on_track=r["n_on_track"],
            n_needs_acceleration=r["n_needs_acceleration"],
            n_regressed=r["n_regressed"],
            n_lacks_data=r["n_lacks_data"],
        )  # fmt: skip
        for r in frame.iter_rows(named=True)
    ]
    regional = [
        RegionalStatus(
            outcome=r["outcome"],
            on_track=r["on_track"],
            needs_acceleration=r["needs_acceleration"],
            regressed=r["regressed"],
            lacks_data=r["lacks_data"],
        )  # fmt: skip
        for r in regional_summary(frame).iter_rows(named=True)
    ]
    return verdicts, outcome_rows, regional
