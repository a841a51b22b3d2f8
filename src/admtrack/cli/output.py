"""Printing rows of data as an aligned table, CSV or JSON: the `--format` option of every command."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

import typer


class OutputFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


FORMAT_OPTION = typer.Option(OutputFormat.TABLE, "--format", "-f", help="table, csv or json")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.6g}"
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def render(
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    columns: Sequence[str] | None = None,
    headings: Sequence[str] | None = None,
) -> str:
    """Rows (all with the same keys) in the chosen format; ``columns`` fixes the order;
    ``headings`` (one per column) name the columns of a table for people, csv and json keep the
    keys."""
    cols = list(columns) if columns is not None else (list(rows[0].keys()) if rows else [])
    if headings is not None and len(headings) != len(cols):
        raise ValueError(f"{len(headings)} headings for {len(cols)} columns")
    if fmt is OutputFormat.JSON:
        return json.dumps(
            [{c: _json_value(r.get(c)) for c in cols} for r in rows], indent=2, ensure_ascii=False
        )
    if fmt is OutputFormat.CSV:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow(["" if r.get(c) is None else r.get(c) for c in cols])
        return buf.getvalue().rstrip("\n")
    names = list(headings) if headings is not None else cols
    cells = [[_cell(r.get(c)) for c in cols] for r in rows]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(names)]
    numeric = [all(_is_number(r.get(c)) for r in rows) for c in cols]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    out = [line(names), "  ".join("-" * w for w in widths)]
    out.extend(line(row) for row in cells)
    return "\n".join(out)


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def emit(
    rows: Sequence[Mapping[str, Any]],
    fmt: OutputFormat,
    columns: Sequence[str] | None = None,
    headings: Sequence[str] | None = None,
) -> None:
    typer.echo(render(rows, fmt, columns, headings))


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print an error for the user (no traceback) and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)
