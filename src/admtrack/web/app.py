"""The FastAPI application factory: ``create_app(settings)``; nothing happens at import time."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.types import Receive, Scope, Send

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


class Dashboard(FastAPI):
    """The application with the page cache in front of everything, FastAPI's own layers
    included: a hit is answered before any of them runs (:mod:`admtrack.web.page_cache`)."""

    front: page_cache.CachingLayer | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.front is None:
            await super().__call__(scope, receive, send)
        else:
            await self.front(scope, receive, send)

    async def behind(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The application without the page cache."""
        await super().__call__(scope, receive, send)


#: Pages rendered at start-up when serving (``warm``), so that the first visitor's is cached.
WARM_PAGES = ("/", "/index", "/countries", "/data", "/methodology")


def create_app(settings: Settings, *, samples: int = 1000, warm: str | None = None) -> FastAPI:
    """The dashboard and the API on the database of ``settings``. Results are cached in memory
    and under ``settings.data_dir / "cache"``; ``samples`` sets the uncertainty replications.

    With ``warm`` (the ``host:port`` addresses served, comma-separated), start-up loads every
    plan's results for the latest release (from the disk cache `admtrack init` filled) and the
    release's observations, then renders :data:`WARM_PAGES` into the page cache as requested
    at each address, before the first request is accepted."""
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    ctx = make_context(settings.resolved_database_url, settings.data_dir / "cache", samples=samples)

    @asynccontextmanager
    async def lifespan(served: FastAPI) -> AsyncIterator[None]:
        assert isinstance(served, Dashboard)
        if warm is not None:
            await anyio.to_thread.run_sync(partial(ctx.warm, observations=True))
            for address in warm.split(","):
                await page_cache.prerender(served, WARM_PAGES, address)
            gc.collect()
            gc.freeze()  # what start-up built lives on: keep it out of later collections
            page_cache.SERVED = served.front  # for the HTTP protocol (web.fast_http)
        yield
        if warm is not None:
            page_cache.SERVED = None
            gc.unfreeze()
        ctx.close()

    app = Dashboard(
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
    engine = ctx.engine
    app.state.sessions, app.state.tokens = Sessions(engine), Tokens(engine)
    app.state.desk = Desk(engine)
    auth.install(app)
    security.install(app)  # headers on every response, kept with the cached ones
    # The language of each request, chosen from the query, the language cookie and
    # Accept-Language: all three are in the page cache's key, so it may run inside it.
    languages.install(app)
    # Outermost: a hit is answered before any other layer runs.
    app.front = page_cache.CachingLayer(
        app.behind, lambda: str(ctx.catalog().revision), lambda: ctx.refresh_seconds,
        stamp=lambda: ctx.writes,
    )  # fmt: skip
    app.include_router(api.router())
    app.include_router(pages.router())

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE)

    return app
