"""``admtrack index sensitivity`` and ``admtrack index audit``: Sobol sensitivity indices and the
statistical audit of an index built from a pipeline spec and COINr-style iData/iMeta files or a
stored plan's data (``--plan``)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

from admtrack.cli.common import DB_OPTION
from admtrack.cli.index_inputs import (
    IDATA_OPTION,
    IMETA_OPTION,
    PLAN_OPTION,
    SPEC_OPTION,
    UNCERTAINTY_OPTION,
    YEAR_OPTION,
    load_inputs,
)
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit, fail
from admtrack.errors import AdmtrackError


def sensitivity_command(
    spec: Path | None = SPEC_OPTION,
    idata: Path | None = IDATA_OPTION,
    imeta: Path | None = IMETA_OPTION,
    plan: str | None = PLAN_OPTION,
    year: int | None = YEAR_OPTION,
    db: str | None = DB_OPTION,
    uncertainty_file: Path | None = UNCERTAINTY_OPTION,
    samples: int = typer.Option(256, "--samples", min=2, help="N base rows: N (d + 2) runs"),
    seed: int = typer.Option(0, "--seed", help="seed of the design and the bootstrap"),
    bootstrap: int = typer.Option(
        1000, "--bootstrap", min=0, help="bootstrap resamples for the CIs"
    ),
    per_unit: bool = typer.Option(False, "--per-unit", help="add each unit's score indices"),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """First-order (S1) and total (ST) Sobol indices, with 90 % bootstrap intervals, of the mean
    absolute rank shift of the index; --per-unit gives them for every unit's score."""
    import numpy as np

    from admtrack.services.scoring.analysis import sensitivity

    loaded = load_inputs(spec, idata, imeta, plan, year, db)
    rng = np.random.default_rng(seed)
    inputs = loaded.uncertainty(uncertainty_file, samples, rng)
    try:
        report = sensitivity(
            loaded.spec, loaded.data, inputs, samples=samples, rng=rng, bootstrap=bootstrap,
            per_unit=per_unit,
        )  # fmt: skip
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    typer.echo(report.summary, err=True)
    emit(report.rows, fmt)


class AuditSection(StrEnum):
    ALL = "all"
    AGGREGATES = "aggregates"
    FLAGS = "flags"
    INFLUENCE = "influence"


def audit_command(
    spec: Path | None = SPEC_OPTION,
    idata: Path | None = IDATA_OPTION,
    imeta: Path | None = IMETA_OPTION,
    plan: str | None = PLAN_OPTION,
    year: int | None = YEAR_OPTION,
    db: str | None = DB_OPTION,
    section: AuditSection = typer.Option(
        AuditSection.ALL, "--section", help="all, aggregates, flags or influence"
    ),
    collinear: float = typer.Option(
        0.9, "--collinear", help="flag sibling pairs with r above this"
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Cronbach's alpha and PCA variance explained per aggregate, correlation flags (collinear
    or negative siblings), and each pillar's leave-one-out influence on the index ranks."""
    from admtrack.services.scoring.analysis import audit_tables

    if section is AuditSection.ALL and fmt is OutputFormat.CSV:
        raise fail("CSV holds one table: choose --section aggregates, flags or influence")
    loaded = load_inputs(spec, idata, imeta, plan, year, db)
    try:
        tables = audit_tables(loaded.spec, loaded.data, collinear=collinear)
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    chosen = list(tables) if section is AuditSection.ALL else [section.value]
    if fmt is OutputFormat.JSON and len(chosen) > 1:
        typer.echo(json.dumps({k: tables[k] for k in chosen}, indent=2))
        return
    for name in chosen:
        if len(chosen) > 1:
            typer.echo(f"\n## {name}")
        columns = (
            ["level", "group", "code_1", "code_2", "r", "p_value", "flag"]
            if name == "flags"
            else None
        )
        emit(tables[name], fmt, columns)


def register(app: typer.Typer) -> None:
    """Add ``sensitivity`` and ``audit`` to the ``admtrack index`` group."""
    app.command("sensitivity")(sensitivity_command)
    app.command("audit")(audit_command)
