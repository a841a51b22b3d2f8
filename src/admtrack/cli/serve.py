"""``admtrack serve``: the dashboard and API on http://HOST:PORT (uvicorn)."""

from __future__ import annotations

import typer

from admtrack.cli.common import DB_OPTION


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
        port: int = typer.Option(8000, "--port", help="port to listen on"),
        db: str | None = DB_OPTION,
    ) -> None:
        """Serve the dashboard and the read-only API (press Ctrl+C to stop)."""
        import uvicorn

        from admtrack.config import load_settings
        from admtrack.web.app import create_app

        settings = load_settings(database_url=db)
        application = create_app(settings)
        typer.echo(
            f"admtrack dashboard: http://{host}:{port}/  (API docs: http://{host}:{port}/docs)"
        )
        uvicorn.run(application, host=host, port=port, log_level="warning")
