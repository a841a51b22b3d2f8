"""Reading plans from files: the built-in YAML plans, a user's YAML plan, or a COINr iMeta CSV."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path
from typing import Any

from admtrack.domain.framework import Plan
from admtrack.domain.imeta import IMETA_COLUMNS, plan_from_imeta, plan_to_imeta
from admtrack.domain.plan_mapping import plan_from_mapping
from admtrack.errors import ValidationError

from .safe_read import csv_dicts, load_yaml, load_yaml_file

BUILTIN_PLAN_FILES = ("adm2025.yaml", "adm2030.yaml")


def builtin_plans() -> tuple[Plan, ...]:
    """The plans shipped with admtrack, validated."""
    folder = resources.files("admtrack.plans")
    return tuple(
        _plan(load_yaml(folder.joinpath(name).read_text(encoding="utf-8"), name), name)
        for name in BUILTIN_PLAN_FILES
    )


def _plan(data: Any, where: str) -> Plan:
    return plan_from_mapping(data, where=where)


def read_plan_file(path: Path, plan_id: str | None = None, name: str | None = None) -> Plan:
    """A plan from a YAML file, or from a COINr iMeta CSV (then ``plan_id`` and ``name`` are
    required, as iMeta carries neither)."""
    if path.suffix.lower() == ".csv":
        if not plan_id or not name:
            raise ValidationError(
                str(path), ["an iMeta CSV needs a plan id and a name (--id, --name)"]
            )
        return plan_from_imeta(read_imeta_rows(path), plan_id, name, source=path.name)
    return _plan(load_yaml_file(path), path.name)


def read_imeta_rows(path: Path) -> list[dict[str, str]]:
    """The rows of an iMeta CSV (read safely: see :mod:`admtrack.ingest.safe_read`); refuses
    a file without the iCode, Type, Level and Parent columns or without any data row."""
    _, rows = csv_dicts(path, path.name, ("iCode", "Type", "Level", "Parent"))
    if not rows:
        raise ValidationError(path.name, [f"{path.name}, row 2: no data rows"])
    return [row for _, row in rows]


def write_imeta_csv(plan: Plan, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=IMETA_COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(plan_to_imeta(plan))
