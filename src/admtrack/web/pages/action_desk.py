"""The desk's action reports: a focal point reports their state's status of an enabling action
with evidence (a URL or an uploaded document); the secretariat imports the register and
approves or returns pending reports with a note. Every page needs a signed-in user, every form
is CSRF-checked, and every write is checked against the user's role and member state."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from admtrack.domain.actions import ActionStatus
from admtrack.domain.text import Message
from admtrack.errors import Forbidden, NotFound, ValidationError
from admtrack.i18n import gettext as _
from admtrack.services.actions import desk as action_desk
from admtrack.services.actions.register import ACCEPTED, MAX_DOCUMENT_BYTES
from admtrack.services.dashboard import WebContext
from admtrack.services.stored_data import stored_plan
from admtrack.web.auth import checked_form, page_principal
from admtrack.web.pages.account import render_private
from admtrack.web.uploads import read_upload, status_input

router = APIRouter()
BASE = "/submissions/actions"
STATUSES = tuple(s.value for s in ActionStatus)


def _ctx(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx


def _page(
    request: Request, status_code: int = 200, problems: list[str] | None = None,
    review_state: str | None = None, message: str = "",
) -> HTMLResponse:  # fmt: skip
    me = page_principal(request)
    chosen = review_state if review_state in action_desk.REVIEW_STATES else None
    reports = action_desk.visible_reports(request.app.state.desk.engine, me, chosen)
    plan = stored_plan(request.app.state.desk.engine, _ctx(request).catalog().plan(None).id)
    return render_private(
        request, "desk/actions.html", status_code, reports=reports, plan=plan,
        statuses=STATUSES, review_states=action_desk.REVIEW_STATES, review_state=chosen,
        problems=problems or [], message=message, accepted=ACCEPTED,
        max_mb=MAX_DOCUMENT_BYTES // (1024 * 1024), today=date.today().isoformat(),
    )  # fmt: skip


@router.get(BASE, response_class=HTMLResponse)
def reports_page(request: Request, state: str | None = None) -> HTMLResponse:
    return _page(request, review_state=state)


def _fields(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.multi_items() if isinstance(v, str)}


@router.post(BASE, response_class=HTMLResponse)
async def file_report(request: Request) -> Response:
    form = await checked_form(request)
    me = page_principal(request)
    fields = _fields(form)
    fields.setdefault("country", me.country or "")
    upload = await read_upload(form.get("document"), MAX_DOCUMENT_BYTES, "the document")
    plan = _ctx(request).catalog().plan(None).id
    try:
        report = action_desk.file_report(
            request.app.state.desk.engine, me, status_input(plan, fields, upload)
        )
    except ValidationError as exc:
        return _page(request, 422, problems=exc.problems)
    return RedirectResponse(f"{BASE}?filed={report.id}#report-{report.id}", status_code=303)


@router.post(BASE + "/register", response_class=HTMLResponse)
async def import_register(request: Request) -> Response:
    form = await checked_form(request)
    me = page_principal(request)
    if not me.can_review:
        raise Forbidden("only the secretariat imports the enabling-action register")
    upload = await read_upload(form.get("register"), MAX_DOCUMENT_BYTES, "the register file")
    if upload is None:
        return _page(request, 422, problems=[_("choose the register file (YAML or CSV) to import")])
    plan = _ctx(request).catalog().plan(None).id
    try:
        count = action_desk.import_register_upload(request.app.state.desk.engine, me, plan, *upload)
    except ValidationError as exc:
        return _page(
            request,
            422,
            problems=[
                Message("%(what)s: %(problem)s", what=exc.what, problem=p) for p in exc.problems
            ],
        )
    return _page(
        request,
        message=_("%(file)s: %(n)s enabling actions imported into %(plan)s")
        % {"file": upload[0], "n": count, "plan": plan},
    )


@router.post(BASE + "/{report_id}/decision", response_class=HTMLResponse)
async def decide(request: Request, report_id: int) -> Response:
    form = await checked_form(request)
    me = page_principal(request)
    decision, note = str(form.get("decision", "")), str(form.get("note", ""))
    try:
        action_desk.decide_report(request.app.state.desk.engine, me, report_id, decision, note)
    except ValidationError as exc:
        return _page(request, 422, problems=exc.problems, review_state="pending")
    return RedirectResponse(f"{BASE}#report-{report_id}", status_code=303)


@router.get(BASE + "/{report_id}/evidence")
def evidence(request: Request, report_id: int) -> Response:
    """A report's document for the reviewers and the report's own state, before approval."""
    report, content = action_desk.visible_document(
        request.app.state.desk.engine, page_principal(request), report_id
    )
    if report.evidence is None:  # pragma: no cover (visible_document refuses it)
        raise NotFound(f"action report {report_id} has no evidence document")
    name = "".join(ch for ch in report.evidence.filename if ch.isalnum() or ch in "._-")
    return Response(
        content, media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{name or "evidence"}"',
                 "X-Checksum-SHA256": report.evidence.sha256, "X-Content-Type-Options": "nosniff",
                 "Content-Security-Policy": "sandbox; default-src 'none'"},
    )  # fmt: skip
