"""``admtrack data import|export|coverage|snapshot|observations``."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit
from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.domain.observations import Release
from admtrack.errors import NotFound, ValidationError
from admtrack.services.export import ExportFormat

#: The default ``--source``: the submission template (``services.ingestion.TEMPLATE``, checked by
#: a test; written out here so that the command starts without loading the connectors).
TEMPLATE = "template"

app = typer.Typer(help="Observations: import, export, coverage, snapshot.", no_args_is_help=True)


class CoverageView(StrEnum):
    INDICATOR = "indicator"
    OUTCOME = "outcome"


@app.command("import")
@user_errors
def import_(
    file: Path,
    source: str = typer.Option(
        TEMPLATE, "--source", help="connector: template (the submission template) or a source id"
    ),
    release: str | None = typer.Option(
        None, "--release", help="release id (default: import-<today>)"
    ),
    reason: str | None = typer.Option(
        None, "--reason", help="why these values: shown in the release's changelog"
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Import a file into a draft release: all-or-nothing, idempotent; every problem is listed
    with its row and column."""
    from admtrack.services.ingestion import import_file

    rel = Release(id=release, published=date.today()) if release else None
    report = import_file(open_engine(db), file, source, rel, reason=reason)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    c = report.counts
    typer.echo(
        f"{report.file}: {c.inserted} new, {c.updated} updated, {c.unchanged} unchanged "
        f"observations in release {report.release}"
    )


@app.command("fetch")
@user_errors
def fetch(
    series: list[str] = typer.Argument(..., help="World Bank series codes, e.g. IT.NET.USER.ZS"),
    country: list[str] | None = typer.Option(
        None, "--country", help="ISO3 code; repeat for several (default: the 11 member states)"
    ),
    year_from: int = typer.Option(2000, "--from"),
    year_to: int | None = typer.Option(None, "--to", help="last year (default: this year)"),
    release: str | None = typer.Option(
        None, "--release", help="release id (default: import-<today>)"
    ),
    timeout: float = typer.Option(30.0, "--timeout", help="seconds per request"),
    db: str | None = DB_OPTION,
) -> None:
    """Fetch series from the World Bank Indicators API (needs network access) and import them,
    all-or-nothing, like a file."""
    import httpx

    from admtrack.services.ingestion import fetch_worldbank

    rel = Release(id=release, published=date.today()) if release else None
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        report = fetch_worldbank(
            open_engine(db),
            client,
            series,
            country or list(ASEAN_MEMBERS),
            year_from,
            year_to or date.today().year,
            rel,
        )
    c = report.counts
    typer.echo(
        f"{report.file}: {c.inserted} new, {c.updated} updated, {c.unchanged} unchanged "
        f"observations in release {report.release}"
    )


@app.command("coverage")
@user_errors
def coverage(
    plan: str = typer.Option("adm2025", "--plan"),
    by: CoverageView = typer.Option(CoverageView.INDICATOR, "--by", help="indicator or outcome"),
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """How many of the 11 member states have a value in the baseline year, each of the last three years and the plan period; by outcome, how many indicators have plan-period data for at least 9 of 11, how many states the plan's coverage rule scores the outcome for, and whether that is enough to rank it."""
    from admtrack.services.coverage import outcome_summary, plan_coverage
    from admtrack.services.scoring import scored_states
    from admtrack.services.stored_data import plan_inputs, stored_observations, stored_plan

    engine = open_engine(db)
    the_plan = stored_plan(engine, plan)
    observations = stored_observations(
        engine, indicator=[i.code for i in the_plan.indicators], countries=ASEAN_MEMBERS
    )
    rows = plan_coverage(the_plan, observations)
    if by is CoverageView.OUTCOME:
        stored = plan_inputs(engine, plan)
        scored = scored_states(stored.plan, stored.observations, stored.countries)
        emit(outcome_summary(the_plan, rows, len(ASEAN_MEMBERS), scored=scored), fmt)
    else:
        emit([row.as_dict(len(ASEAN_MEMBERS)) for row in rows], fmt)


@app.command("export")
@user_errors
def export(
    plan: str = typer.Option("adm2025", "--plan"),
    as_: ExportFormat = typer.Option(ExportFormat.CSV, "--as", help="csv, json, xlsx or parquet"),
    to: Path = typer.Option(Path("export"), "--to", help="folder to write into"),
    release: str | None = typer.Option(
        None, "--release", help="one release only (default: the current view, newest value per key)"
    ),
    db: str | None = DB_OPTION,
) -> None:
    """Export a plan's observations with their sources and licences (metadata sidecar or sheet)."""
    from admtrack.services.export import export_table, write_export
    from admtrack.services.stored_data import (
        stored_observations,
        stored_plan,
        stored_releases,
        stored_sources,
    )

    engine = open_engine(db)
    the_plan = stored_plan(engine, plan)
    if not stored_releases(engine):
        raise NotFound("the database holds no release yet; run `admtrack init`")
    observations = stored_observations(
        engine, indicator=[i.code for i in the_plan.indicators], release=release
    )
    sources = stored_sources(engine)
    table = export_table(the_plan, observations, sources, release or "current")
    for path in write_export(table, to, as_):
        typer.echo(f"wrote {path}")


@app.command("observations")
@user_errors
def observations(
    indicator: str | None = typer.Option(None, "--indicator"),
    country: list[str] | None = typer.Option(
        None, "--country", help="ISO3 code; repeat for several"
    ),
    year_from: int | None = typer.Option(None, "--from"),
    year_to: int | None = typer.Option(None, "--to"),
    release: str | None = typer.Option(
        None, "--release", help="the data as published in this release (default: current view)"
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="YYYY-MM-DD: the data of the newest release published by then"
    ),
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Stored observations, filtered, with their source, release and provenance: the current
    view (drafts included), or as published in a release (--release ID or --as-of DATE)."""
    from admtrack.services.releases import resolve_release
    from admtrack.services.stored_data import stored_observations

    engine = open_engine(db)
    day = _as_of_day(as_of) if as_of is not None else None
    pinned = resolve_release(engine, release, day)
    found = stored_observations(
        engine, indicator=indicator, countries=country, year_from=year_from,
        year_to=year_to, as_of=pinned.id if pinned is not None else None,
    )  # fmt: skip
    rows = [
        {
            "indicator": o.indicator,
            "country": o.country,
            "year": o.year,
            "value": o.value,
            "status": o.status.value,
            "source": o.source,
            "release": o.release,
            "file": o.provenance.file if o.provenance else "",
            "row": o.provenance.row if o.provenance else None,
        }
        for o in found
    ]
    emit(
        rows,
        fmt,
        columns=[
            "indicator", "country", "year", "value", "status", "source", "release", "file", "row"
        ],
    )  # fmt: skip


def _as_of_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not a date YYYY-MM-DD", param_hint="--as-of"
        ) from None


@app.command("snapshot")
@user_errors
def snapshot(
    raw: Path = typer.Option(
        ..., "--raw", help="the folder of raw public files (see docs/data.md)"
    ),
    out: Path | None = typer.Option(
        None, "--out", help="where to write (default: the package's data folder)"
    ),
) -> None:
    """Rebuild the bundled snapshot from the raw files with admtrack's connectors."""
    from admtrack.services.ingestion import connector_ids
    from admtrack.services.setup import bundled_data_dir
    from admtrack.services.stored_data import build_snapshot, write_snapshot

    if not raw.is_dir():
        raise NotFound(f"no folder at {raw}")
    result = build_snapshot(raw)
    if result.errors:
        raise ValidationError(f"snapshot from {raw}", [str(i) for i in result.errors])
    sizes = write_snapshot(result, out or bundled_data_dir())
    for name, size in sizes.items():
        typer.echo(f"wrote {name}: {size} bytes")
    typer.echo(
        f"{len(result.observations)} observations; sources: {', '.join(connector_ids()[1:])}"
    )
