"""``/outcomes/DO3/cyber``: DO3's cyber-readiness view (numbers from services.cyber only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from admtrack.i18n import gettext as _
from admtrack.reports.charts import line_chart
from admtrack.services.cyber import LAWS, NOT_MEASURED, PILLARS, SECURE_SERVERS, cyber_view
from admtrack.services.dashboard import WebContext
from admtrack.web.deps import get_context
from admtrack.web.pages.common import local_name, render

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


@router.get("/outcomes/DO3/cyber", response_class=HTMLResponse)
def cyber_page(request: Request, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    release = catalog.release(None)
    view = cyber_view(ctx.observations(release.id))
    rows: list[dict[str, Any]] = [
        {"country": c, "name": local_name(catalog, c), "year": y, "value": v}
        for c, series in view.servers.items() for y, v in series
    ]  # fmt: skip
    plan = catalog.plan(None)
    unit = plan.indicator(SECURE_SERVERS).unit if SECURE_SERVERS in {
        i.code for i in plan.indicators} else "per million people"  # fmt: skip
    return render(
        request, "cyber.html", view=view, catalog=catalog, release=release, pillars=PILLARS,
        laws=LAWS, not_measured=NOT_MEASURED,
        servers_spec=line_chart(rows, title=_("Secure Internet servers"), unit=unit),
    )  # fmt: skip
