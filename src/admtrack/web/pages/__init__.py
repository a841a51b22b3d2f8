"""Server-rendered pages (Jinja2); charts are Vega-Lite specs from admtrack.reports.charts."""

from __future__ import annotations

from fastapi import APIRouter

from admtrack.web.pages import (
    account,
    action_desk,
    actions,
    country,
    cyber,
    data,
    desk,
    desk_releases,
    home,
    index_page,
    indicator,
    outcome,
    plan_overview,
    release_bundles,
    releases_page,
    reports,
)


def router() -> APIRouter:
    pages = APIRouter(include_in_schema=False)
    for module in (
        home,
        country,
        cyber,
        outcome,
        plan_overview,
        actions,
        indicator,
        index_page,
        data,
        reports,
        release_bundles,
        releases_page,
        account,
        desk_releases,  # before desk: /submissions/releases is not /submissions/{id}
        action_desk,  # before desk: /submissions/actions is not a submission id
        desk,
    ):
        pages.include_router(module.router)
    return pages
