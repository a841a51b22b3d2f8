"""Reading plans from files: the built-in YAML plans, a user's YAML plan, or a COINr iMeta CSV."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

import yaml

from admtrack.domain.framework import Plan
from admtrack.domain.imeta import IMETA_COLUMNS, plan_from_imeta, plan_to_imeta
from admtrack.domain.plan_mapping import plan_from_mapping
from admtrack.errors import ValidationError

BUILTIN_PLAN_FILES = ("adm2025.yaml", "adm2030.yaml")


def builtin_plans() -> tuple[Plan, ...]:
    """The plans shipped with admtrack, validated."""
    folder = resources.files("admtrack.plans")
    return tuple(
        _plan_from_yaml_text(folder.joinpath(name).read_text(encoding="utf-8"), name)
        for name in BUILTIN_PLAN_FILES
    )


def _plan_from_yaml_text(text: str, where: str) -> Plan:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(where, [f"not valid YAML: {exc}"]) from None
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
    return _plan_from_yaml_text(path.read_text(encoding="utf-8"), path.name)


def read_imeta_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [
            c for c in ("iCode", "Type", "Level", "Parent") if c not in (reader.fieldnames or [])
        ]
        if missing:
            raise ValidationError(path.name, [f"row 1: missing column(s) {', '.join(missing)}"])
        return [dict(row) for row in reader]


def write_imeta_csv(plan: Plan, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=IMETA_COLUMNS, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(plan_to_imeta(plan))
