"""``admtrack init``."""

from __future__ import annotations

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors


def register(app: typer.Typer) -> None:
    @app.command("init")
    @user_errors
    def init(db: str | None = DB_OPTION) -> None:
        """Create or migrate the database and load the built-in plans and the bundled data (idempotent)."""
        from admtrack.services.setup import initialise

        report = initialise(open_engine(db, require_schema=False))
        obs = report.observations
        typer.echo(
            f"admtrack database ready: release {report.release}; observations "
            f"{obs.inserted} new, {obs.updated} updated, {obs.unchanged} unchanged; plans "
            f"{report.plans.inserted} new, {report.plans.updated} updated; "
            f"{report.seconds:.2f} s"
        )
