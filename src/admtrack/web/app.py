"""The FastAPI application factory: ``create_app(settings)``; nothing happens at import time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from admtrack import __version__
from admtrack.config import Settings
from admtrack.services.reports import ReportFiles
from admtrack.store import Store, create_engine_for
from admtrack.web import api, page_cache, pages, problems
from admtrack.web.context import make_context
from admtrack.web.templating import configure

HERE = Path(__file__).parent
VENDOR = "/static/vendor/swagger-ui-dist"


def create_app(settings: Settings, *, samples: int = 1000) -> FastAPI:
    """The dashboard and the API on the database of ``settings``. Results are cached in memory
    and under ``settings.data_dir / "cache"``; ``samples`` sets the uncertainty replications."""
    if not settings.database_url:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine_for(settings.resolved_database_url)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="admtrack API",
        version=__version__,
        description=(
            "Read-only API of the ASEAN Digital Masterplan monitor: plans, countries, indicators, "
            "observations (with source and licence), progress verdicts and the composite index "
            "with rank intervals. Errors are RFC 9457 problem details."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.ctx = make_context(Store(engine), settings.data_dir / "cache", samples=samples)
    app.state.report_files = ReportFiles(settings.data_dir / "reports")
    app.state.chart_files = {}  # rendered chart downloads, see web.pages.reports
    app.state.templates = configure(Jinja2Templates(directory=str(HERE / "templates")))
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    problems.install(app)
    ctx = app.state.ctx
    page_cache.install(app, lambda: str(ctx.catalog().revision))
    app.include_router(api.router())
    app.include_router(pages.router())

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="admtrack API",
            swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
            swagger_ui_parameters={"validatorUrl": None},
        )

    return app
