"""``admtrack serve``: the dashboard and API on http://HOST:PORT (uvicorn)."""

from __future__ import annotations

import typer

from admtrack.cli.common import DB_OPTION
from admtrack.cli.output import fail


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
        port: int = typer.Option(8000, "--port", help="port to listen on"),
        db: str | None = DB_OPTION,
        workers: int | None = typer.Option(
            None, "--workers", min=1, help="worker processes (default: one per CPU core)"
        ),
    ) -> None:
        """Serve the dashboard and the read-only API (press Ctrl+C to stop)."""
        from admtrack.config import load_settings
        from admtrack.web.server import default_workers, run

        settings = load_settings(database_url=db)
        count = workers or default_workers()
        typer.echo(
            f"admtrack dashboard: http://{host}:{port}/  (API docs: http://{host}:{port}/docs; "
            f"{count} worker{'s' if count > 1 else ''})"
        )
        try:
            run(settings, host, port, count)
        except OSError as error:  # the address is taken or not this machine's
            raise fail(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
