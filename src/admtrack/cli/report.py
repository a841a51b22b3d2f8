"""``admtrack report end-of-term|baseline|country``: the evaluation documents as HTML or PDF,
built from the results service (the same numbers as the dashboard and the API);
``admtrack report sensitivity``: the end-of-term report's sensitivity table as rows."""

from __future__ import annotations

from pathlib import Path

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION as TABLE_FORMAT_OPTION
from admtrack.cli.output import OutputFormat, emit
from admtrack.services.report_formats import ReportFormat

app = typer.Typer(
    help="Reports: the end-of-term evaluation, the baseline and country profiles (HTML or PDF).",
    no_args_is_help=True,
)

RELEASE_OPTION = typer.Option(None, "--release", help="release id (default: the latest)")
TO_OPTION = typer.Option(..., "--to", help="directory to write the report into (created if needed)")
FORMAT_OPTION = typer.Option(ReportFormat.PDF, "--format", help="html or pdf")
LANG_OPTION = typer.Option(
    "en", "--lang", help="language of headings, labels and numbers: en, id, vi, th, km, my"
)


def _write(
    kind: str, plan: str, release: str | None, to: Path, fmt: ReportFormat, db: str | None,
    iso3: str | None = None, lang: str = "en",
) -> None:  # fmt: skip
    from admtrack.config import load_settings
    from admtrack.services.reports import write_report
    from admtrack.services.scoring import ResultsCache

    settings = load_settings(database_url=db)
    cache = ResultsCache(settings.data_dir / "cache")
    written = write_report(
        open_engine(db), cache, kind, plan, to, fmt, release_id=release, iso3=iso3, lang=lang
    )
    typer.echo(
        f"{written.path} (plan {written.plan_id}, release {written.release_id}, "
        f"content hash {written.content_hash})"
    )


@app.command("end-of-term")
@user_errors
def end_of_term(
    plan: str = typer.Option("adm2025", "--plan"),
    release: str | None = RELEASE_OPTION,
    to: Path = TO_OPTION,
    fmt: ReportFormat = FORMAT_OPTION,
    db: str | None = DB_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """The end-of-term evaluation: executive summary, a chapter per outcome, the composite index
    with uncertainty and sensitivity, enabling actions, data-availability and methodology annexes."""
    _write("end-of-term", plan, release, to, fmt, db, lang=lang)


@app.command("baseline")
@user_errors
def baseline(
    plan: str = typer.Option("adm2030", "--plan"),
    release: str | None = RELEASE_OPTION,
    to: Path = TO_OPTION,
    fmt: ReportFormat = FORMAT_OPTION,
    db: str | None = DB_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """The baseline: the plan's focus areas, their indicators' baseline values per member state
    and what is not measured yet."""
    _write("baseline", plan, release, to, fmt, db, lang=lang)


@app.command("country")
@user_errors
def country(
    iso3: str = typer.Argument(..., help="ISO3 code of a member state, e.g. VNM"),
    plan: str = typer.Option("adm2025", "--plan"),
    release: str | None = RELEASE_OPTION,
    to: Path = TO_OPTION,
    fmt: ReportFormat = FORMAT_OPTION,
    db: str | None = DB_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """A country profile (two to four pages): scores and ranks per outcome with intervals,
    strengths and weaknesses, indicators with latest values, trends and verdicts, data gaps."""
    _write("country", plan, release, to, fmt, db, iso3=iso3, lang=lang)


@app.command("sensitivity")
@user_errors
def sensitivity(
    plan: str = typer.Option("adm2025", "--plan"),
    release: str | None = RELEASE_OPTION,
    fmt: OutputFormat = TABLE_FORMAT_OPTION,
    db: str | None = DB_OPTION,
    lang: str = LANG_OPTION,
) -> None:
    """Which assumptions move the index's ranks, as the end-of-term report states it: first-order
    and total Sobol indices (SALib) of the mean absolute rank shift, per assumption. With
    --lang the table's headings and the assumptions' names are in that language; csv and json
    keep the codes (assumption, varies) and add assumption_label and varies_label."""
    from admtrack.config import load_settings
    from admtrack.services.reports import SENSITIVITY_COLUMNS, sensitivity_table
    from admtrack.services.scoring import ResultsCache

    settings = load_settings(database_url=db)
    cache = ResultsCache(settings.data_dir / "cache")
    table = sensitivity_table(open_engine(db), cache, plan, release, lang=lang)
    found = table.found
    typer.echo(
        f"plan {plan}, release {table.release_id}: {found.runs} runs ({found.base_rows} base "
        f"rows), {found.failed_runs} failed, {found.used_rows} base rows used",
        err=True,
    )
    if fmt is OutputFormat.TABLE:
        emit(table.rows, fmt, SENSITIVITY_COLUMNS, table.headings)
    else:
        emit(table.rows, fmt)
