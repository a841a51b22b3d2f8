"""``admtrack index uncertainty``: Monte Carlo uncertainty analysis of a composite index.

Reads COINr-style iData/iMeta CSV files, a pipeline spec and the uncertain inputs (YAML or
JSON), runs N replications with a seeded generator and prints, per unit, the nominal rank, the
median and the 5th/95th percentile ranks and the mean score. The number of failed replications
and their reasons go to stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pydantic
import typer
import yaml

from admtrack.analytics.spec import spec_from_mapping
from admtrack.analytics.uncertain_inputs import uncertainty_from_mapping
from admtrack.analytics.uncertainty import Replications, run_uncertainty
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit, fail
from admtrack.errors import AdmtrackError
from admtrack.ingest.coinr import read_coinr

COLUMNS = ("uCode", "nominal_rank", "median_rank", "q05_rank", "q95_rank", "mean_score")


def _mapping(path: Path, what: str) -> dict[str, Any]:
    if not path.is_file():
        raise fail(f"{path}: no such file")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise fail(f"{path}: cannot read the {what} ({exc})") from None
    if not isinstance(loaded, dict):
        raise fail(f"{path}: expected a mapping at the top level of the {what}")
    return loaded


def _invalid(path: Path, what: str, exc: pydantic.ValidationError) -> typer.Exit:
    details = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return fail(f"{path}: invalid {what}: {details}")


def uncertainty_command(
    idata: Path = typer.Option(..., "--idata", help="iData CSV (COINr layout)"),
    imeta: Path = typer.Option(..., "--imeta", help="iMeta CSV (COINr layout)"),
    spec: Path = typer.Option(..., "--spec", help="pipeline spec (YAML or JSON)"),
    uncertainty: Path = typer.Option(..., "--uncertainty", help="uncertain inputs (YAML or JSON)"),
    samples: int = typer.Option(1000, "--samples", min=1, help="number of replications"),
    seed: int = typer.Option(0, "--seed", help="seed of the random generator"),
    code: str | None = typer.Option(None, "--code", help="aggregate to rank (default: index)"),
    save: Path | None = typer.Option(
        None,
        "--save-replications",
        help="also write every replication's scores and ranks (CSV or .parquet)",
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Rank uncertainty of every unit under the declared uncertain inputs."""
    for path in (idata, imeta):
        if not path.is_file():
            raise fail(f"{path}: no such file")
    try:
        pipeline = spec_from_mapping(_mapping(spec, "pipeline spec"))
    except pydantic.ValidationError as exc:
        raise _invalid(spec, "pipeline spec", exc) from None
    try:
        inputs = uncertainty_from_mapping(_mapping(uncertainty, "uncertain inputs"))
    except pydantic.ValidationError as exc:
        raise _invalid(uncertainty, "uncertain inputs", exc) from None
    try:
        result = run_uncertainty(
            pipeline,
            read_coinr(idata, imeta),
            inputs,
            samples,
            np.random.default_rng(seed),
            keep_replications=save is not None,
            code=code,
        )
    except AdmtrackError as exc:
        raise fail(str(exc)) from None
    if save is not None and result.replications is not None:
        _save_replications(result.replications, save)
    rows = sorted(result.rows(), key=lambda r: (r["nominal_rank"] is None, r["nominal_rank"]))
    emit(rows, fmt, COLUMNS)
    typer.echo(f"{result.n_failed} of {result.n_runs} replications failed", err=True)
    for why, count in result.failures.items():
        typer.echo(f"  {count} x {why}", err=True)


def _save_replications(reps: Replications, path: Path) -> None:
    """Long table: one row per replication and unit, with the failure reason if it failed."""
    n, units = reps.scores.shape
    reason = np.where(reps.reason >= 0, reps.reason, 0)
    frame = pl.DataFrame(
        {
            "replication": np.repeat(np.arange(n), units),
            "uCode": np.tile(np.asarray(reps.unit_codes), n),
            "score": reps.scores.reshape(-1),
            "rank": reps.ranks.reshape(-1),
            "failed": np.repeat(reps.failed, units),
            "reason": np.repeat(
                np.where(
                    reps.reason >= 0, np.asarray(reps.reasons or ("",), dtype=object)[reason], ""
                ),
                units,
            ),
        }
    )
    if path.suffix == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)
    typer.echo(f"wrote {n} replications x {units} units to {path}", err=True)


def register(app: typer.Typer) -> None:
    """Add ``uncertainty`` to the ``admtrack index`` group."""
    app.command("uncertainty")(uncertainty_command)
