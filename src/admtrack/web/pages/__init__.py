"""Server-rendered pages (Jinja2); charts are Vega-Lite specs from admtrack.reports.charts."""

from __future__ import annotations

from fastapi import APIRouter

from admtrack.web.pages import actions, country, cyber, data, home, index_page, indicator, outcome


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    for module in (home, country, cyber, outcome, actions, indicator, index_page, data):
        pages.include_router(module.router)
    return pages
