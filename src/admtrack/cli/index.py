"""``admtrack index build``: build a composite index from COINr-style iData/iMeta CSV files (or a
stored plan's data) and a pipeline spec, and print one of its data sets (Raw, Denominated,
Imputed, Screened, Treated, Normalised, Aggregated) with a ``uCode`` column and one column per
code. With ``--plan`` and no ``--spec``, the spec is the plan's own: the numbers are the
dashboard's and the API's."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from admtrack.cli.common import DB_OPTION
from admtrack.cli.index_inputs import (
    IDATA_OPTION,
    IMETA_OPTION,
    PLAN_OPTION,
    SPEC_OPTION,
    YEAR_OPTION,
    load_inputs,
)
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit, fail
from admtrack.errors import AdmtrackError


def build_command(
    spec: Path | None = SPEC_OPTION,
    idata: Path | None = IDATA_OPTION,
    imeta: Path | None = IMETA_OPTION,
    plan: str | None = PLAN_OPTION,
    year: int | None = YEAR_OPTION,
    db: str | None = DB_OPTION,
    stage: str = typer.Option("Aggregated", "--stage", help="data set to print"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Build the index and print the data set STAGE, one row per unit, from COINr-format CSV
    input (--idata and --imeta) or from a stored plan's data (--plan)."""
    from admtrack.services.scoring.analysis import build_rows

    inputs = load_inputs(spec, idata, imeta, plan, year, db)
    try:
        columns, rows = build_rows(inputs.spec, inputs.data, stage)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    emit(rows, fmt, columns)


def register(app: typer.Typer) -> None:
    """Add ``build`` to the ``admtrack index`` group."""
    app.command("build")(build_command)
