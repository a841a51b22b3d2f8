"""``admtrack init``."""

from __future__ import annotations

import time

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors


def register(app: typer.Typer) -> None:
    @app.command("init")
    @user_errors
    def init(db: str | None = DB_OPTION) -> None:
        """Create or migrate the database, load the built-in plans and the bundled data, and compute the dashboard's results for the latest release (idempotent)."""
        from admtrack.config import load_settings
        from admtrack.services.dashboard import context_on
        from admtrack.services.setup import initialise

        engine = open_engine(db, require_schema=False)
        report = initialise(engine)
        obs = report.observations
        typer.echo(
            f"admtrack database ready: release {report.release}; observations "
            f"{obs.inserted} new, {obs.updated} updated, {obs.unchanged} unchanged; plans "
            f"{report.plans.inserted} new, {report.plans.updated} updated; "
            f"{report.seconds:.2f} s"
        )
        # The dashboard's results for the latest release, computed now and kept on disk (under
        # ADMTRACK_DATA_DIR/cache, keyed by plan, release, method and data revision), so that
        # the first page served does not compute them.
        started = time.perf_counter()
        done = context_on(engine, load_settings(database_url=db).data_dir / "cache").warm()
        if done:
            typer.echo(
                f"results computed for {', '.join(done)} ({time.perf_counter() - started:.2f} s)"
            )
