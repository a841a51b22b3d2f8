"""``admtrack plans list|show|import|export``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
import yaml

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit
from admtrack.domain.plan_mapping import plan_to_mapping

app = typer.Typer(help="Plans (frameworks): list, show, import, export.", no_args_is_help=True)


class PlanFileFormat(StrEnum):
    YAML = "yaml"
    IMETA = "imeta"


@app.command("list")
@user_errors
def list_plans(db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """The stored plans."""
    from admtrack.services.stored_data import stored_plans

    plans = stored_plans(open_engine(db))
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "status": p.status.value,
            "period": f"{p.period[0]}-{p.period[1]}" if p.period else "",
            "baseline": p.baseline_year,
            "outcomes": len(p.outcomes),
            "indicators": len(p.indicators),
            "indicators_by": p.indicators_proposed_by or "plan",
            "enabling_actions": len(p.enabling_actions),
        }
        for p in plans
    ]
    emit(rows, fmt)


@app.command("show")
@user_errors
def show(plan_id: str, db: str | None = DB_OPTION, fmt: OutputFormat = FORMAT_OPTION) -> None:
    """A plan's outcomes and indicators."""
    from admtrack.services.stored_data import stored_plan

    plan = stored_plan(open_engine(db), plan_id)
    if fmt is OutputFormat.TABLE:
        period = f"{plan.period[0]}-{plan.period[1]}" if plan.period else "no period"
        typer.echo(
            f"{plan.name} ({plan.id}, {plan.status.value}, {period}, baseline {plan.baseline_year})"
        )
        if plan.indicators_proposed_by:
            typer.echo(
                f"Indicator set proposed by {plan.indicators_proposed_by}, not by the plan itself."
            )
        typer.echo("")
    rows = [
        {
            "outcome": o.id,
            "indicator": i.code,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction,
            "weight": i.weight,
            "headline": i.headline,
            "targets": "; ".join(
                f"{t.value:g}{' (' + t.group + ')' if t.group else ''} by {t.year} [{t.target_set}]"
                for t in i.targets
            ),
        }
        for o in plan.outcomes
        for i in o.indicators
    ]
    emit(rows, fmt)


@app.command("import")
@user_errors
def import_plan(
    file: Path,
    plan_id: str | None = typer.Option(None, "--id", help="plan id (required for an iMeta CSV)"),
    name: str | None = typer.Option(None, "--name", help="plan name (required for an iMeta CSV)"),
    db: str | None = DB_OPTION,
) -> None:
    """Load a plan from a YAML plan file or a COINr iMeta CSV (validated; replaces a plan with the same id)."""
    from admtrack.services.stored_data import import_plan_file

    plan, counts = import_plan_file(open_engine(db), file, plan_id, name, actor="cli:plans import")
    state = "unchanged" if not counts.changed else ("added" if counts.inserted else "updated")
    typer.echo(
        f"plan {plan.id}: {len(plan.outcomes)} outcomes, {len(plan.indicators)} indicators, {state}"
    )


@app.command("export")
@user_errors
def export_plan(
    plan_id: str,
    as_: PlanFileFormat = typer.Option(
        PlanFileFormat.YAML, "--as", help="yaml or imeta (COINr CSV)"
    ),
    out: Path | None = typer.Option(None, "--out", help="file to write (default: standard output)"),
    db: str | None = DB_OPTION,
) -> None:
    """Write a plan as YAML or as a COINr iMeta CSV."""
    from admtrack.services.stored_data import stored_plan, write_plan_imeta

    plan = stored_plan(open_engine(db), plan_id)
    if as_ is PlanFileFormat.IMETA:
        if out is None:
            raise typer.BadParameter("--out is required for --as imeta")
        write_plan_imeta(plan, out)
        typer.echo(f"wrote {out}")
        return
    text = yaml.safe_dump(plan_to_mapping(plan), sort_keys=False, allow_unicode=True, width=100)
    if out is None:
        typer.echo(text)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out}")
