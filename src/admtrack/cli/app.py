"""The ``admtrack`` command: one Typer app, each command group in its own module."""

from __future__ import annotations

import typer

from admtrack.cli import (
    actions,
    data,
    i18n_cmd,
    index,
    index_analysis,
    index_uncertainty,
    plans,
    progress,
    releases,
    report,
    serve,
    setup_cmd,
    users,
)

app = typer.Typer(
    name="admtrack",
    help="Monitor and evaluate the ASEAN Digital Masterplan: plans, data, progress, composite index.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
setup_cmd.register(app)
app.add_typer(plans.app, name="plans")
app.add_typer(data.app, name="data")
app.add_typer(actions.app, name="actions")
app.add_typer(report.app, name="report")
app.add_typer(users.app, name="users")
app.add_typer(releases.app, name="releases")
app.add_typer(i18n_cmd.app, name="i18n")

index_app = typer.Typer(
    help="Composite index: build, uncertainty, sensitivity, audit.", no_args_is_help=True
)
app.add_typer(index_app, name="index")
index.register(index_app)
index_uncertainty.register(index_app)
index_analysis.register(index_app)
progress.register(app)
serve.register(app)


def main() -> None:
    app()
