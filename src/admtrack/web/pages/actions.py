"""``/actions`` (the register with filters), ``/actions/{id}`` (milestones, timeline, evidence,
each state's status and the linked indicators' trends), evidence downloads and exports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from admtrack.domain.actions import ActionStatus
from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.reports.charts import line_chart
from admtrack.services.actions import (
    STATUS_KEYS,
    evidence_download,
    read_register,
    register_csv,
    register_xlsx,
)
from admtrack.services.dashboard import WebContext
from admtrack.web.deps import get_context
from admtrack.web.pages.common import local_name, render

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_LABELS = {**{s.value: s.label for s in ActionStatus}, "not_reported": "not reported"}


@router.get("/actions", response_class=HTMLResponse)
def actions_page(
    request: Request,
    ctx: Ctx,
    outcome: str = "",
    lead: str = "",
    status: str = "",
    state: str = "",
) -> HTMLResponse:
    catalog = ctx.catalog()
    plan = catalog.plan(None)
    register = read_register(ctx.store, plan)
    chosen = status if status in STATUS_KEYS else ""
    rows = register.filtered(outcome=outcome or None, lead=lead or None, status=chosen or None,
                             state=state or None)  # fmt: skip
    return render(
        request, "actions.html", plan=plan, register=register, rows=rows, catalog=catalog,
        filters={"outcome": outcome, "lead": lead, "status": chosen, "state": state.upper()},
        members=ASEAN_MEMBERS, status_keys=STATUS_KEYS, labels=STATUS_LABELS,
    )  # fmt: skip


@router.get("/actions/export.csv")
def export_csv(ctx: Ctx) -> Response:
    register = read_register(ctx.store, ctx.catalog().plan(None))
    return Response(
        register_csv(register), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{register.plan.id}-actions.csv"'},
    )  # fmt: skip


@router.get("/actions/export.xlsx")
def export_xlsx(ctx: Ctx) -> Response:
    register = read_register(ctx.store, ctx.catalog().plan(None))
    return Response(
        register_xlsx(register), media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{register.plan.id}-actions.xlsx"'},
    )  # fmt: skip


#: Uploaded types a browser would run as a page of this site: served as plain bytes instead.
ACTIVE_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml",
                "application/xml", "text/javascript", "application/javascript")  # fmt: skip


@router.get("/actions/evidence/{sha256}")
def evidence(sha256: str, ctx: Ctx) -> Response:
    """The document's exact bytes, always as an attachment, never run as a page of this site."""
    document, content = evidence_download(ctx.store, sha256.lower())
    media = (
        "application/octet-stream" if document.media_type in ACTIVE_TYPES else document.media_type
    )
    safe_name = (
        "".join(ch for ch in document.filename if ch.isalnum() or ch in "._- ") or "evidence"
    )
    return Response(
        content, media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{safe_name}"',
                 "X-Checksum-SHA256": document.sha256, "X-Content-Type-Options": "nosniff",
                 "Content-Security-Policy": "sandbox; default-src 'none'"},
    )  # fmt: skip


@router.get("/actions/{action_id}", response_class=HTMLResponse)
def action_page(request: Request, action_id: str, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    plan = catalog.plan(None)
    row = read_register(ctx.store, plan).row(action_id)
    observations = ctx.observations(catalog.release(None).id) if catalog.releases else {}
    trends: list[dict[str, Any]] = []
    for code in row.action.indicators:
        ind = catalog.indicator(plan, code)
        points = [{"country": o.country, "name": local_name(catalog, o.country), "year": o.year,
                   "value": o.value}
                  for o in observations.get(code, []) if o.country in ASEAN_MEMBERS]  # fmt: skip
        trends.append({"indicator": ind, "spec": line_chart(points, title=ind.name, unit=ind.unit,
                                                            height=240)})  # fmt: skip
    return render(
        request, "action.html", plan=plan, row=row, catalog=catalog, trends=trends,
        labels=STATUS_LABELS,
    )  # fmt: skip
