"""The FastAPI application factory: ``create_app(settings)``; nothing happens at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from admtrack import __version__
from admtrack.config import Settings
from admtrack.services.accounts import Sessions, Tokens
from admtrack.services.dashboard import make_context
from admtrack.services.reports import ReportFiles
from admtrack.services.submissions import Desk
from admtrack.web import api, auth, languages, page_cache, pages, problems, security
from admtrack.web.static_assets import StaticAssets
from admtrack.web.templating import configure

HERE = Path(__file__).parent
VENDOR = "/static/vendor/swagger-ui-dist"
#: Swagger UI, started by a static file: no inline script (see web/security.py).
DOCS_PAGE = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{VENDOR}/swagger-ui.css"><link rel="icon" href="/static/favicon.svg">
<title>admtrack API</title></head>
<body><div id="swagger-ui"></div>
<script src="{VENDOR}/swagger-ui-bundle.js"></script><script src="/static/swagger-init.js"></script>
</body></html>
"""


def create_app(settings: Settings, *, samples: int = 1000) -> FastAPI:
    """The dashboard and the API on the database of ``settings``. Results are cached in memory
    and under ``settings.data_dir / "cache"``; ``samples`` sets the uncertainty replications."""
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    ctx = make_context(settings.resolved_database_url, settings.data_dir / "cache", samples=samples)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close()

    app = FastAPI(
        lifespan=lifespan,
        title="admtrack API",
        version=__version__,
        description=(
            "API of the ASEAN Digital Masterplan monitor: plans, countries, indicators, "
            "observations (with source and licence), progress verdicts and the composite index "
            "with rank intervals, read by anyone; national submissions and their review with an "
            "API token (Authorization: Bearer). Errors are RFC 9457 problem details."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.ctx = ctx
    app.state.report_files = ReportFiles(settings.data_dir / "reports")
    app.state.chart_files = {}  # rendered chart downloads, see web.pages.reports
    assets = StaticAssets(HERE / "static")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates = configure(templates, static_url=assets.url)
    app.mount("/static", assets, name="static")
    problems.install(app)
    page_cache.install(app, lambda: str(ctx.catalog().revision), lambda: ctx.refresh_seconds,
                       stamp=lambda: ctx.writes)  # fmt: skip
    languages.install(app)  # outside the page cache, which keys on the language it chose
    engine = ctx.engine
    app.state.sessions, app.state.tokens = Sessions(engine), Tokens(engine)
    app.state.desk = Desk(engine)
    auth.install(app)  # after the page cache, so signed-in requests are resolved outside it
    security.install(app)  # outermost: headers on every response, cached ones too
    app.include_router(api.router())
    app.include_router(pages.router())

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    return app
