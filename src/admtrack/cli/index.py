"""``admtrack index build``: build a composite index from COINr-style iData/iMeta CSV files (or a
stored plan's data) and a pipeline spec, and print one of its data sets (Raw, Denominated, Imputed, Screened, Treated,
Normalised, Aggregated) with a ``uCode`` column and one column per code."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pydantic
import typer
import yaml

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.pipeline import build
from admtrack.analytics.spec import spec_from_mapping
from admtrack.cli.common import DB_OPTION, open_engine
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit, fail
from admtrack.errors import AdmtrackError
from admtrack.ingest.coinr import read_coinr
from admtrack.services.index_data import plan_index_data
from admtrack.store.unit_of_work import Store


def _read_spec(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise fail(f"{path}: cannot read the spec ({exc})") from None
    if not isinstance(loaded, dict):
        raise fail(f"{path}: expected a mapping with 'stages' at the top level")
    return loaded


def build_command(
    spec: Path = typer.Option(..., "--spec", help="pipeline spec (YAML or JSON)"),
    idata: Path | None = typer.Option(None, "--idata", help="iData CSV (COINr layout)"),
    imeta: Path | None = typer.Option(None, "--imeta", help="iMeta CSV (COINr layout)"),
    plan: str | None = typer.Option(
        None, "--plan", help="instead of CSV input: a stored plan's member states and latest values"
    ),
    year: int | None = typer.Option(
        None, "--year", help="with --plan: latest values up to this year"
    ),
    db: str | None = DB_OPTION,
    stage: str = typer.Option("Aggregated", "--stage", help="data set to print"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Build the index and print the data set STAGE, one row per unit, from COINr-format CSV
    input (--idata and --imeta) or from a stored plan's data (--plan)."""
    csv_input = idata is not None and imeta is not None
    if (plan is not None) == (idata is not None or imeta is not None) or (
        plan is None and not csv_input
    ):
        raise fail("give either --idata and --imeta, or --plan")
    for path in (idata, imeta, spec):
        if path is not None and not path.is_file():
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
        if plan is not None:
            data = _plan_data(plan, year, db)
        else:
            assert idata is not None and imeta is not None
            data = read_coinr(idata, imeta)
        result = build(pipeline, data)
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


def _plan_data(plan_id: str, year: int | None, db: str | None) -> IndexData:
    with Store(open_engine(db)).reader() as r:
        plan = r.get_plan(plan_id)
        observations = r.observations(indicator=[i.code for i in plan.indicators])
        countries = r.countries()
    return plan_index_data(plan, observations, countries, year=year)


def register(app: typer.Typer) -> None:
    """Add ``build`` to the ``admtrack index`` group."""
    app.command("build")(build_command)
