"""``admtrack actions import|list``: a plan's enabling actions, always from the user's file."""

from __future__ import annotations

from pathlib import Path

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit

app = typer.Typer(
    help="Enabling actions: import from YAML/CSV (see docs/plans.md), list.", no_args_is_help=True
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
