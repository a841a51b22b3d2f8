"""Reading a plan's enabling actions from a user's YAML or CSV file (schema: docs/plans.md).

Every problem is collected with its row (CSV, header = row 1) or path (YAML) and reported at once.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from admtrack.domain.framework import EnablingAction
from admtrack.domain.plan_mapping import enabling_action_from_mapping
from admtrack.errors import ValidationError

from .safe_read import csv_rows, load_yaml_file

CSV_COLUMNS = (
    "id", "title", "outcome", "priority", "timeframe", "lead", "status", "evidence",
    "milestones", "indicators",
)  # fmt: skip


def read_enabling_actions(
    path: Path,
    outcomes: Collection[str] | None = None,
    indicators: Collection[str] | None = None,
) -> tuple[EnablingAction, ...]:
    """The actions of ``path``; with ``outcomes``, an action on any other outcome is a problem
    reported at its row or path, like every other problem of the file; with ``indicators``, so
    is an indicator code the plan does not have."""
    if path.suffix.lower() == ".csv":
        records = _csv_records(path)
    else:
        records = _yaml_records(path)
    problems: list[str] = []
    actions: list[EnablingAction] = []
    for where, record in records:
        action, found = enabling_action_from_mapping(record, where)
        problems.extend(found)
        if action is not None and outcomes is not None and action.outcome not in outcomes:
            known = ", ".join(sorted(outcomes))
            field = ", column 'outcome'" if ": row " in where else ".outcome"
            problems.append(
                f"{where}{field}: {action.outcome!r} is not an outcome of the plan ({known})"
            )
            action = None
        if action is not None and indicators is not None:
            unknown = [c for c in action.indicators if c not in indicators]
            field = ", column 'indicators'" if ": row " in where else ".indicators"
            problems += [f"{where}{field}: {c!r} is not an indicator of the plan" for c in unknown]
            action = None if unknown else action
        if action is not None:
            actions.append(action)
    if not records and not problems:
        problems.append(f"{path.name}: no data rows (the file lists no enabling action)")
    if problems:
        raise ValidationError(path.name, problems)
    return tuple(actions)


def _yaml_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    data = load_yaml_file(path)
    items = data.get("actions") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise ValidationError(path.name, ["expected a list under 'actions'"])
    out = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            raise ValidationError(path.name, [f"actions[{n}]: expected a mapping"])
        # an id such as 1.1 is read by YAML as a number: take it as written; any other type
        # (a list, a mapping) is left for the schema check to refuse
        record = {
            k: (str(v) if k in ("id", "title", "outcome") and _is_scalar(v) else v)
            for k, v in item.items()
        }
        out.append((f"{path.name}: actions[{n}]", record))
    return out


def _is_scalar(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _csv_records(path: Path) -> list[tuple[str, dict[str, Any]]]:
    records = iter([(n, r) for n, r in csv_rows(path) if r])
    first = next(records, None)
    if first is None:
        raise ValidationError(path.name, ["row 1: the file is empty"])
    header = [h.strip() for h in first[1]]
    missing = [c for c in ("id", "title", "outcome") if c not in header]
    unknown = [c for c in header if c not in CSV_COLUMNS]
    if missing or unknown:
        problems = [f"row 1: missing column {c!r}" for c in missing]
        problems += [
            f"row 1: unknown column {c!r} (expected {', '.join(CSV_COLUMNS)})" for c in unknown
        ]
        raise ValidationError(path.name, problems)
    out: list[tuple[str, dict[str, Any]]] = []
    problems = []
    for n, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                f"row {n}: {len(cells)} fields, expected {len(header)} (truncated row?)"
            )
            continue
        row = {h: c.strip() for h, c in zip(header, cells, strict=True)}
        status: dict[str, str] = {}
        for part in filter(None, (p.strip() for p in row.get("status", "").split(";"))):
            year, _, value = part.partition(":")
            if not value:
                problems.append(f"row {n}, column 'status': {part!r} is not YEAR:STATUS")
            status[year.strip()] = value.strip()
        lists = ("status", "evidence", "milestones", "indicators")
        record: dict[str, Any] = {k: v for k, v in row.items() if k not in lists and v}
        milestones = []
        for part in _split(row.get("milestones", "")):
            title, sep, due = part.rpartition("=")
            if not sep:
                problems.append(f"row {n}, column 'milestones': {part!r} is not TITLE=DATE")
            milestones.append({"title": title.strip(), "due": due.strip()})
        record["milestones"] = milestones
        record["indicators"] = _split(row.get("indicators", ""))
        record["status"] = status
        record["evidence"] = _split(row.get("evidence", ""))
        out.append((f"{path.name}: row {n}", record))
    if problems:
        raise ValidationError(path.name, problems)
    return out


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]
