"""``admtrack index uncertainty``: Monte Carlo uncertainty analysis of a composite index.

Reads COINr-style iData/iMeta CSV files or a stored plan's data (``--plan``), a pipeline spec and
the uncertain inputs (YAML or JSON; for the defaults with ``--plan`` see
:mod:`admtrack.cli.index_inputs`), runs N replications with a seeded generator and prints,
per unit, the nominal rank, the median and the 5th/95th percentile ranks and the mean score on a
common 0-100 scale (see :func:`admtrack.analytics.uncertainty.common_scale_mean`). The number of failed replications and
their reasons go to stderr."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from admtrack.analytics.uncertainty import Executor

CONNECT_TIMEOUT = 10  # seconds to reach a Dask scheduler
COLUMNS = ("uCode", "nominal_rank", "median_rank", "q05_rank", "q95_rank", "mean_score")


def uncertainty_command(
    spec: Path | None = SPEC_OPTION,
    idata: Path | None = IDATA_OPTION,
    imeta: Path | None = IMETA_OPTION,
    plan: str | None = PLAN_OPTION,
    year: int | None = YEAR_OPTION,
    db: str | None = DB_OPTION,
    uncertainty_file: Path | None = UNCERTAINTY_OPTION,
    samples: int = typer.Option(1000, "--samples", min=1, help="number of replications"),
    seed: int = typer.Option(0, "--seed", help="seed of the random generator"),
    code: str | None = typer.Option(None, "--code", help="aggregate to rank (default: index)"),
    save: Path | None = typer.Option(
        None,
        "--save-replications",
        help="also write every replication's scores and ranks (CSV or .parquet)",
    ),
    dask: str | None = typer.Option(
        None,
        "--dask",
        metavar="ADDRESS",
        help="run the replication blocks on the Dask scheduler at ADDRESS (e.g. "
        "tcp://10.0.0.5:8786; needs the dask extra); same statistics as a local run",
    ),
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Rank uncertainty of every unit under the declared uncertain inputs.

    mean_score is on a common scale: in each successful replication the units' scores are
    rescaled to 0-100 (lowest unit 0, highest 100), then averaged per unit, since replications
    with different normalisations score on different scales."""
    import numpy as np

    from admtrack.services.scoring.analysis import replications_frame, uncertainty

    loaded = load_inputs(spec, idata, imeta, plan, year, db)
    rng = np.random.default_rng(seed)
    inputs = loaded.uncertainty(uncertainty_file, samples, rng)
    if dask is not None and save is not None:
        raise fail("--save-replications keeps every replication in this process: drop --dask")
    with _executor(dask) as executor:
        try:
            result = uncertainty(
                loaded.spec, loaded.data, inputs, samples, rng,
                keep_replications=save is not None, code=code, executor=executor,
            )  # fmt: skip
        except AdmtrackError as exc:
            raise fail(str(exc)) from None
    if save is not None and result.replications is not None:
        frame = replications_frame(result.replications)
        if save.suffix == ".parquet":
            frame.write_parquet(save)
        else:
            frame.write_csv(save)
        n, units = result.replications.scores.shape
        typer.echo(f"wrote {n} replications x {units} units to {save}", err=True)
    rows = result.rows()
    rows.sort(key=lambda r: (r["nominal_rank"] is None, r["nominal_rank"]))
    emit(rows, fmt, COLUMNS)
    typer.echo(f"{result.n_failed} of {result.n_runs} replications failed", err=True)
    for why, count in result.failures.items():
        typer.echo(f"  {count} x {why}", err=True)


@contextmanager
def _executor(address: str | None) -> Iterator[Executor | None]:
    """A Dask client connected to ``address`` for the duration, or None to run here."""
    if address is None:
        yield None
        return
    try:
        from distributed import Client
    except ImportError:
        raise fail("--dask needs Dask: pip install 'admtrack[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise fail(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        yield client
    finally:
        client.close()  # type: ignore[no-untyped-call]


def register(app: typer.Typer) -> None:
    """Add ``uncertainty`` to the ``admtrack index`` group."""
    app.command("uncertainty")(uncertainty_command)
