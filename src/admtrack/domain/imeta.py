"""Plans to and from COINr's iMeta table (Level, iCode, iName, Direction, Weight, Unit, Target,
Denominator, Parent, Type), so any COINr framework can be loaded and any plan checked in COINr.

Rows are plain ``dict[str, str]``; reading and writing CSV files happens in the layers above.
Level-2 aggregates become outcomes, higher levels become aggregates, ``Group`` and
``Denominator`` rows become variables, and the ``Target`` column becomes the target set
``imeta``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from admtrack.domain.framework import (
    Aggregate,
    Indicator,
    Outcome,
    Plan,
    PlanStatus,
    Target,
    TargetSet,
    Variable,
)
from admtrack.domain.numbers import parse_integer, parse_number
from admtrack.errors import ValidationError

IMETA_COLUMNS = (
    "Level", "iCode", "iName", "Direction", "Weight", "Unit", "Target", "Denominator", "Parent", "Type",
)  # fmt: skip
IMETA_TARGET_SET = "imeta"


def _fmt(value: float) -> str:
    """Format a float the way it was most likely written: integers without '.0'."""
    return str(int(value)) if value.is_integer() else repr(value)


def _integer(row: Mapping[str, str], column: str, default: str = "") -> int:
    value = parse_integer(row[column] or default, allow_point_zero=True)
    if value is None:
        raise ValueError(f"column {column!r}: {row[column]!r} is not an integer")
    return value


def _number(row: Mapping[str, str], column: str) -> float:
    value = parse_number(row[column])
    if value is None:
        raise ValueError(f"column {column!r}: {row[column]!r} is not a number")
    return value


def _weight(row: Mapping[str, str]) -> float:
    return _number(row, "Weight") if row["Weight"] else 1.0


NOT_MEASURED_YET = "not measured yet: no indicator in the plan"
NO_MEASURED_CHILD = "not measured yet: no measured outcome below it"


def measured_plan(plan: Plan) -> tuple[Plan, dict[str, str]]:
    """The plan without the outcomes that have no indicator (and the aggregates left with no
    child), and the reason each was dropped, by code.

    An index tree needs children under every aggregate, so an outcome the plan does not measure
    yet (an ADM2030 focus area without indicators) is left out of the index and reported as
    :data:`NOT_MEASURED_YET` instead of failing the whole build.
    """
    dropped = {o.id: NOT_MEASURED_YET for o in plan.outcomes if not o.indicators}
    if not dropped:
        return plan, {}
    outcomes = tuple(o for o in plan.outcomes if o.id not in dropped)
    aggregates = list(plan.aggregates)
    while True:
        parents = {o.parent for o in outcomes} | {a.parent for a in aggregates}
        empty = [a for a in aggregates if a.code not in parents]
        if not empty:
            break
        for agg in empty:
            dropped[agg.code] = NO_MEASURED_CHILD
        aggregates = [a for a in aggregates if a not in empty]
    return dataclasses.replace(plan, outcomes=outcomes, aggregates=tuple(aggregates)), dropped


def plan_to_imeta(plan: Plan, target_set: str | None = None) -> list[dict[str, str]]:
    """The plan as iMeta rows. The Target column takes, per indicator, the target of
    ``target_set`` (default: ``imeta`` if the plan has it, else the first set) that applies to
    every country."""
    sets = [t.id for t in plan.target_sets]
    chosen = target_set or (
        IMETA_TARGET_SET if IMETA_TARGET_SET in sets else next(iter(sets), None)
    )
    rows: list[dict[str, str]] = []
    for outcome in plan.outcomes:
        for ind in outcome.indicators:
            targets = [t for t in ind.targets if t.target_set == chosen and t.group is None]
            rows.append(
                {
                    "Level": "1",
                    "iCode": ind.code,
                    "iName": ind.name,
                    "Direction": str(ind.direction),
                    "Weight": _fmt(ind.weight),
                    "Unit": ind.unit,
                    "Target": _fmt(targets[0].value) if targets else "",
                    "Denominator": ind.denominator or "",
                    "Parent": outcome.id,
                    "Type": "Indicator",
                }
            )
    for outcome in plan.outcomes:
        rows.append(
            _aggregate_row(
                2, outcome.id, outcome.name, outcome.weight, outcome.unit, outcome.parent
            )
        )
    for agg in sorted(plan.aggregates, key=lambda a: a.level):
        rows.append(_aggregate_row(agg.level, agg.code, agg.name, agg.weight, agg.unit, agg.parent))
    for var in plan.variables:
        rows.append(dict.fromkeys(IMETA_COLUMNS, "") | {
            "iCode": var.code, "iName": var.name, "Unit": var.unit, "Type": var.kind,
        })  # fmt: skip
    return rows


def _aggregate_row(
    level: int, code: str, name: str, weight: float, unit: str, parent: str | None
) -> dict[str, str]:
    return {
        "Level": str(level),
        "iCode": code,
        "iName": name,
        "Direction": "1",
        "Weight": _fmt(weight),
        "Unit": unit,
        "Target": "",
        "Denominator": "",
        "Parent": parent or "",
        "Type": "Aggregate",
    }


def plan_from_imeta(
    rows: Iterable[Mapping[str, str]],
    plan_id: str,
    name: str,
    source: str = "iMeta",
    period: tuple[int, int] | None = None,
    baseline_year: int | None = None,
) -> Plan:
    """Build a plan from iMeta rows; every problem is reported with its row (header = row 1)."""
    problems: list[str] = []
    indicator_rows: list[tuple[int, dict[str, str]]] = []
    outcome_rows: list[tuple[int, dict[str, str]]] = []
    aggregates: list[Aggregate] = []
    variables: list[Variable] = []
    for n, raw in enumerate(rows, start=2):
        row = {c: (raw.get(c) or "").strip() for c in IMETA_COLUMNS}
        where = f"{source}, row {n}"
        missing = [c for c in ("iCode", "Type") if not row[c]]
        if missing:
            problems.append(f"{where}, column {missing[0]!r}: empty")
            continue
        kind = row["Type"]
        try:
            if kind == "Indicator":
                indicator_rows.append((n, row))
            elif kind == "Aggregate":
                level = _integer(row, "Level")
                if level == 2:
                    outcome_rows.append((n, row))
                else:
                    aggregates.append(
                        Aggregate(
                            code=row["iCode"],
                            name=row["iName"] or row["iCode"],
                            level=level,
                            parent=row["Parent"] or None,
                            weight=_weight(row),
                            unit=row["Unit"],
                        )
                    )
            elif kind in ("Group", "Denominator"):
                variables.append(Variable(row["iCode"], row["iName"], kind, row["Unit"]))
            else:
                problems.append(f"{where}, column 'Type': {kind!r} is not supported")
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
    indicators: dict[str, list[Indicator]] = {}
    has_targets = False
    for n, row in indicator_rows:
        where = f"{source}, row {n}"
        try:
            targets: tuple[Target, ...] = ()
            if row["Target"]:
                targets = (Target(value=_number(row, "Target"), target_set=IMETA_TARGET_SET),)
                has_targets = True
            if row["Level"] and _integer(row, "Level") != 1:
                problems.append(f"{where}, column 'Level': indicators are on level 1")
            ind = Indicator(
                code=row["iCode"],
                name=row["iName"] or row["iCode"],
                unit=row["Unit"],
                direction=_integer(row, "Direction", "1"),
                outcome=row["Parent"],
                weight=_weight(row),
                targets=targets,
                denominator=row["Denominator"] or None,
            )
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            continue
        indicators.setdefault(row["Parent"], []).append(ind)
    outcomes = []
    outcome_ids = {row["iCode"] for _, row in outcome_rows}
    for parent in indicators:
        if parent not in outcome_ids:
            problems.append(
                f"{source}: indicators name parent {parent!r}, which is not a level-2 aggregate"
            )
    for n, row in outcome_rows:
        try:
            outcomes.append(
                Outcome(
                    id=row["iCode"],
                    name=row["iName"] or row["iCode"],
                    weight=_weight(row),
                    indicators=tuple(indicators.get(row["iCode"], ())),
                    parent=row["Parent"] or None,
                    unit=row["Unit"],
                )
            )
        except ValueError as exc:
            problems.append(f"{source}, row {n}: {exc}")
    if problems:
        raise ValidationError(source, problems)
    target_sets = (
        (TargetSet(IMETA_TARGET_SET, "Targets of the iMeta table", attribution=source),)
        if has_targets
        else ()
    )
    return Plan(
        id=plan_id,
        name=name,
        outcomes=tuple(outcomes),
        period=period,
        baseline_year=baseline_year,
        status=PlanStatus.USER,
        aggregates=tuple(aggregates),
        target_sets=target_sets,
        variables=tuple(variables),
    )
