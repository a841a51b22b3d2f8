"""``admtrack index build``: build a composite index from COINr-style iData/iMeta CSV files and
a pipeline spec, and print one of its data sets (Raw, Denominated, Imputed, Screened, Treated,
Normalised, Aggregated) with a ``uCode`` column and one column per code."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pydantic
import typer
import yaml

from admtrack.analytics.data_input import read_coinr
from admtrack.analytics.pipeline import build
from admtrack.analytics.spec import spec_from_mapping
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit, fail
from admtrack.errors import AdmtrackError


def _read_spec(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise fail(f"{path}: cannot read the spec ({exc})") from None
    if not isinstance(loaded, dict):
        raise fail(f"{path}: expected a mapping with 'stages' at the top level")
    return loaded


def build_command(
    idata: Path = typer.Option(..., "--idata", help="iData CSV (COINr layout)"),
    imeta: Path = typer.Option(..., "--imeta", help="iMeta CSV (COINr layout)"),
    spec: Path = typer.Option(..., "--spec", help="pipeline spec (YAML or JSON)"),
    stage: str = typer.Option("Aggregated", "--stage", help="data set to print"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Build the index and print the data set STAGE, one row per unit."""
    for path in (idata, imeta, spec):
        if not path.is_file():
            raise fail(f"{path}: no such file")
    mapping = _read_spec(spec)
    try:
        pipeline = spec_from_mapping(mapping)
    except pydantic.ValidationError as exc:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise fail(f"{spec}: invalid pipeline spec: {details}") from None
    try:
        result = build(pipeline, read_coinr(idata, imeta))
        frame = result.frame(stage)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    rows = [
        {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in row.items()}
        for row in frame.to_dicts()
    ]
    if fmt is OutputFormat.JSON:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    emit(rows, fmt, frame.columns)


def register(app: typer.Typer) -> None:
    """Add ``build`` to the ``admtrack index`` group."""
    app.command("build")(build_command)
