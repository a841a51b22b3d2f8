"""Stored observations as the index engine's input: the member states, the plan as a framework
tree and each member state's latest value of every indicator, with its denominator of the same
year.

Denomination has one meaning, used by every caller (dashboard, API, CLI): an indicator that names
a denominator (a ``Denominator`` variable of the plan, e.g. GDP) is divided by the denominator's
value **of the same country and year**. Its latest value is therefore the latest year in the
window that has both; a year whose denominator is missing is skipped (an older year with both is
used instead), and without any such year the cell is missing. The division itself is the
engine's ``denominate`` stage (:mod:`admtrack.analytics.denominate`): :func:`plan_index_data`
hands it the value and, in a denominator column of its own per indicator (``"GDP for X"``), the
denominator of that value's year, so no score is computed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.domain.framework import Plan
from admtrack.domain.geography import ASEAN, ASEAN_MEMBERS, Country
from admtrack.domain.imeta import measured_plan, plan_to_imeta
from admtrack.domain.observations import Observation
from admtrack.services.scoring.coverage_rule import CellValue, ScoreCoverage, score_coverage
from admtrack.services.scoring.model import LatestValue

F64 = NDArray[np.float64]


def denominator_codes(plan: Plan) -> tuple[str, ...]:
    return tuple(v.code for v in plan.variables if v.kind == "Denominator")


def series_codes(plan: Plan) -> tuple[str, ...]:
    """Every series the plan's results need: its indicators, then its denominators."""
    return (*(i.code for i in plan.indicators), *denominator_codes(plan))


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


def denominator_column(denominator: str, indicator: str) -> str:
    """The name of the same-year denominator column of ``indicator`` in :class:`IndexData`."""
    return f"{denominator} for {indicator}"


@dataclass(frozen=True)
class PlanData:
    """The engine's input for one plan, with the values it took (year and source each) and the
    coverage rule that decided which of them enter the scores."""

    data: IndexData
    latest: tuple[LatestValue, ...]
    year: int
    coverage: ScoreCoverage


def _latest(
    observations: Iterable[Observation],
    indicators: Sequence[str],
    units: Sequence[str],
    first: int,
    last: int,
    sizes: dict[tuple[str, str, int], float],
    denominator_of: dict[str, str | None],
) -> dict[tuple[int, int], Observation]:
    col = {c: j for j, c in enumerate(indicators)}
    row = {u: i for i, u in enumerate(units)}
    best: dict[tuple[int, int], Observation] = {}
    for o in observations:
        i, j = row.get(o.country), col.get(o.indicator)
        if i is None or j is None or not first <= o.year <= last:
            continue
        denominator = denominator_of.get(o.indicator)
        if denominator is not None and not sizes.get((denominator, o.country, o.year)):
            continue  # no (or a zero) denominator in the same year: this year is not usable
        kept = best.get((i, j))
        if kept is None or o.year > kept.year:
            best[(i, j)] = o
    return best


def latest_values(
    observations: Iterable[Observation],
    indicators: Sequence[str],
    units: Sequence[str],
    first: int,
    last: int,
) -> list[LatestValue]:
    """Each unit's latest value of each indicator with a year in [first, last] (the rule of
    :func:`plan_index_data` without denominators), ordered by unit, then indicator."""
    best = _latest(observations, indicators, units, first, last, {}, {})
    return [
        LatestValue(o.indicator, o.country, o.year, o.value, o.source)
        for _, o in sorted(best.items())
    ]


def plan_index_data(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    *,
    year: int | None = None,
    window: int = 10,
) -> PlanData:
    """Units = the ASEAN member states on 31 December of ``year`` (default: the plan's last
    year, else the latest observed year); values = each one's latest observation of each
    indicator from ``year - window`` to ``year`` (for an indicator with a denominator, the
    latest year that has the denominator too, module doc); framework = the plan as an iMeta
    tree whose denominator names point at the same-year denominator columns. Pass the
    observations of :func:`series_codes`."""
    ref = year or (
        plan.period[1] if plan.period else max((o.year for o in observations), default=0)
    )
    units = member_units(countries, date(ref, 12, 31))
    tree = plan_tree(plan)
    codes = tree.indicator_codes
    denominator_of = {i.code: i.denominator for i in plan.indicators}
    wanted = set(denominator_codes(plan))
    sizes = {
        (o.indicator, o.country, o.year): o.value for o in observations if o.indicator in wanted
    }
    best = _latest(observations, codes, units, ref - window, ref, sizes, denominator_of)
    coverage = score_coverage(
        plan,
        units,
        {(units[i], codes[j]): CellValue(o.year, o.status.value) for (i, j), o in best.items()},
        evaluation_window(plan, ref, window),
    )
    values = np.full((len(units), len(codes)), np.nan)
    columns: dict[str, F64] = {}
    names: list[str | None] = []
    for code in codes:
        denominator = denominator_of.get(code)
        names.append(None if denominator is None else denominator_column(denominator, code))
        if denominator is not None:
            columns[denominator_column(denominator, code)] = np.full(len(units), np.nan)
    latest: list[LatestValue] = []
    for (i, j), o in sorted(best.items()):
        latest.append(LatestValue(o.indicator, o.country, o.year, o.value, o.source))
        if not coverage.in_score[(o.country, o.indicator)]:
            continue  # the coverage rule: the outcome is not measured for this state
        values[i, j] = o.value
        name = names[j]
        if name is not None:
            columns[name][i] = sizes[(denominator_of[o.indicator] or "", o.country, o.year)]
    tree = replace(tree, denominators=tuple(names), denominator_columns=tuple(columns))
    data = IndexData.from_array(values, tree, list(units), denominators=columns)
    return PlanData(data=data, latest=tuple(latest), year=ref, coverage=coverage)


def evaluation_window(plan: Plan, year: int, window: int) -> tuple[int, int]:
    """The plan's evaluation window (its ``evaluation.window``, else its period), else the
    latest-value window ``[year - window, year]``."""
    return plan.evaluation_window or (year - window, year)
