"""``admtrack actions import|list``: a plan's enabling actions, always from the user's file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit
from admtrack.domain.actions import StatusReport
from admtrack.errors import ValidationError

if TYPE_CHECKING:  # the services load when a command runs, not at start-up
    import sqlalchemy as sa

    from admtrack.services.accounts import Principal
    from admtrack.services.actions import StatusInput

app = typer.Typer(
    help=(
        "Enabling actions: import from YAML/CSV (see docs/plans.md), list, record and review "
        "each member state's status, export."
    ),
    no_args_is_help=True,
)


@app.command("import")
@user_errors
def import_actions(
    file: Path, plan: str = typer.Option("adm2025", "--plan"), db: str | None = DB_OPTION
) -> None:
    """Replace the plan's enabling actions with those of FILE (all-or-nothing)."""
    from admtrack.services.stored_data import import_enabling_actions

    actions, counts = import_enabling_actions(
        open_engine(db), plan, file, actor="cli:actions import"
    )
    typer.echo(
        f"{plan}: {len(actions)} enabling actions ({counts.inserted} new, {counts.updated} updated, "
        f"{counts.deleted} removed, {counts.unchanged} unchanged)"
    )


@app.command("list")
@user_errors
def list_actions(
    plan: str = typer.Option("adm2025", "--plan"),
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """The plan's enabling actions, with their latest status."""
    from admtrack.services.stored_data import stored_plan

    the_plan = stored_plan(open_engine(db), plan)
    if not the_plan.enabling_actions and fmt is OutputFormat.TABLE:
        typer.echo(
            f"{plan} has no enabling actions loaded; import them with `admtrack actions import FILE --plan {plan}`"
        )
        return
    rows = [
        {
            "id": a.id,
            "outcome": a.outcome,
            "title": a.title,
            "priority": a.priority,
            "timeframe": a.timeframe,
            "lead": a.lead,
            "status": f"{a.status[-1][1]} ({a.status[-1][0]})" if a.status else "",
        }
        for a in the_plan.enabling_actions
    ]
    emit(rows, fmt, columns=["id", "outcome", "title", "priority", "timeframe", "lead", "status"])


def _status_input(
    plan: str, action: str, country: str, status: str, as_of: str | None, note: str,
    url: str | None, document: Path | None,
) -> StatusInput:  # fmt: skip
    from admtrack.services.actions import StatusInput

    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise ValidationError("--as-of", [f"{as_of!r} is not a date (YYYY-MM-DD)"]) from None
    return StatusInput(plan, action, country, status, day, note, url, document)


STATUS_HELP = "not_started, in_progress, completed or not_applicable"
AS_OF = typer.Option(None, "--as-of", help="date of the status (YYYY-MM-DD; default today)")
NOTE = typer.Option("", "--note", help="a note on the status")
URL = typer.Option(None, "--evidence-url", help="evidence on the web (https://...)")
DOCUMENT = typer.Option(None, "--document", help="an evidence document, kept with its SHA-256")
PLAN = typer.Option("adm2025", "--plan")


def _print_report(report: StatusReport) -> None:
    doc = report.evidence
    evidence = f", document {doc.filename} sha256 {doc.sha256}" if doc is not None else ""
    typer.echo(
        f"report {report.id}: {report.plan}/{report.action} {report.country} "
        f"{report.status.value} as of {report.as_of.isoformat()} [{report.review_state.value}]"
        f"{evidence}"
    )


#: ``--by`` names an existing account: the command acts as that person, with the role and
#: member state of their account checked as on the desk (an unknown or disabled account is refused).
SECRETARIAT_BY = typer.Option(
    ..., "--by", help="user name of the secretariat account that acts (see `admtrack users list`)"
)
FOCAL_BY = typer.Option(
    ..., "--by", help="user name of COUNTRY's focal point account (see `admtrack users list`)"
)


def _acting(engine: sa.Engine, username: str) -> Principal:
    from admtrack.services.accounts import principal_of

    return principal_of(engine, username)


@app.command("status")
@user_errors
def set_status(
    action: str,
    country: str,
    status: str = typer.Argument(..., help=STATUS_HELP),
    by: str = SECRETARIAT_BY,
    plan: str = PLAN,
    as_of: str | None = AS_OF,
    note: str = NOTE,
    evidence_url: str | None = URL,
    document: Path | None = DOCUMENT,
    db: str | None = DB_OPTION,
) -> None:
    """The secretariat records COUNTRY's STATUS of ACTION (public at once); --by names a
    secretariat account."""
    from admtrack.services.actions.desk import edit_status

    engine = open_engine(db)
    inputs = _status_input(plan, action, country, status, as_of, note, evidence_url, document)
    _print_report(edit_status(engine, _acting(engine, by), inputs))


@app.command("report")
@user_errors
def report_status(
    action: str,
    country: str,
    status: str = typer.Argument(..., help=STATUS_HELP),
    by: str = FOCAL_BY,
    plan: str = PLAN,
    as_of: str | None = AS_OF,
    note: str = NOTE,
    evidence_url: str | None = URL,
    document: Path | None = DOCUMENT,
    db: str | None = DB_OPTION,
) -> None:
    """COUNTRY's focal point (--by, their account) reports COUNTRY's STATUS of ACTION; it stays
    pending until the secretariat approves it."""
    from admtrack.services.actions.desk import file_report

    engine = open_engine(db)
    inputs = _status_input(plan, action, country, status, as_of, note, evidence_url, document)
    _print_report(file_report(engine, _acting(engine, by), inputs))


@app.command("pending")
@user_errors
def list_pending(
    plan: str | None = typer.Option(None, "--plan"),
    db: str | None = DB_OPTION,
    fmt: OutputFormat = FORMAT_OPTION,
) -> None:
    """Status reports waiting for review."""
    from admtrack.services.actions import pending_reports

    rows = [
        {"id": r.id, "plan": r.plan, "action": r.action, "country": r.country,
         "status": r.status.value, "as_of": r.as_of.isoformat(), "submitted_by": r.submitted_by,
         "evidence_sha256": r.evidence.sha256 if r.evidence else "",
         "evidence_url": r.evidence_url or ""}
        for r in pending_reports(open_engine(db), plan)
    ]  # fmt: skip
    emit(rows, fmt, columns=["id", "plan", "action", "country", "status", "as_of",
                             "submitted_by", "evidence_sha256", "evidence_url"])  # fmt: skip


REVIEWER_BY = typer.Option(
    ..., "--by", help="user name of the reviewing secretariat account (not the submitter)"
)


@app.command("approve")
@user_errors
def approve(report_id: int, by: str = REVIEWER_BY, db: str | None = DB_OPTION) -> None:
    """Approve a pending status report: it becomes public."""
    from admtrack.services.actions.desk import decide_report

    engine = open_engine(db)
    _print_report(decide_report(engine, _acting(engine, by), report_id, "approve"))


@app.command("return")
@user_errors
def return_(
    report_id: int,
    by: str = REVIEWER_BY,
    note: str = typer.Option(..., "--note", help="why it is returned"),
    db: str | None = DB_OPTION,
) -> None:
    """Return a pending status report to its submitter with a note."""
    from admtrack.services.actions.desk import decide_report

    engine = open_engine(db)
    _print_report(decide_report(engine, _acting(engine, by), report_id, "return", note))


@app.command("export")
@user_errors
def export(
    out: Path,
    plan: str = PLAN,
    db: str | None = DB_OPTION,
) -> None:
    """Write the register (one row per action and member state) to OUT (.csv or .xlsx)."""
    from admtrack.services.actions import register_csv, register_xlsx, stored_register

    register = stored_register(open_engine(db), plan)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(register_xlsx(register))
    elif out.suffix.lower() == ".csv":
        out.write_text(register_csv(register), encoding="utf-8")
    else:
        raise ValidationError(str(out), ["the file name must end in .csv or .xlsx"])
    typer.echo(f"{out}: {len(register.rows)} actions x {len(register.members)} member states")
