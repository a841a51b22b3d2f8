"""The submission desk's pages: a focal point's upload with dry run, the secretariat's queue and
review, the submission-status grid and the audit trail. Every page needs a signed-in user;
every form is CSRF-checked; what a user sees is limited to their role and member state."""

from __future__ import annotations

from fastapi import APIRouter, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from admtrack.errors import Forbidden, ImportRejected, TooLarge, ValidationError
from admtrack.services import audit_trail
from admtrack.services import submissions as subs
from admtrack.services.accounts import Principal, member_states
from admtrack.services.actions.desk import visible_reports
from admtrack.web.auth import checked_form, page_principal
from admtrack.web.pages.account import render_private

router = APIRouter()
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def desk(request: Request) -> subs.Desk:
    service: subs.Desk = request.app.state.desk
    return service


async def upload_of(request: Request, form: FormData) -> tuple[bytes, str]:
    file = form.get("file")
    if not isinstance(file, UploadFile) and not hasattr(file, "read"):
        raise ValidationError("file", ["choose a CSV or XLSX file to upload"])
    assert file is not None and not isinstance(file, str)
    limit = desk(request).limits.max_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(f"the file is larger than the limit of {limit:,} bytes")
    return content, file.filename or "upload"


def _version(form: FormData) -> int:
    try:
        return int(str(form.get("version", "")))
    except ValueError:
        raise ValidationError("version", ["the form has no version; reload the page"]) from None


@router.get("/submissions", response_class=HTMLResponse)
def queue(request: Request, status: str | None = None) -> HTMLResponse:
    me = page_principal(request)
    chosen = status if status in subs.STATUSES else None
    rows = subs.list_visible(desk(request), me, chosen)
    pending = visible_reports(desk(request).engine, me, "pending") if me.can_review else []
    return render_private(
        request, "desk/queue.html", rows=rows, status=chosen, statuses=subs.STATUSES,
        action_reports=pending,
    )  # fmt: skip


@router.get("/submissions/new", response_class=HTMLResponse)
def new_form(request: Request) -> HTMLResponse:
    me = page_principal(request)
    if me.country is None or not me.can_submit_for(me.country):
        raise Forbidden("only a member state's focal point files submissions")
    return render_private(request, "desk/new.html", report=None, problems=[])


@router.post("/submissions/new", response_class=HTMLResponse)
async def new_upload(request: Request) -> Response:
    form = await checked_form(request)
    me = page_principal(request)
    content, name = await upload_of(request, form)
    if form.get("action") == "submit":
        try:
            filed = subs.submit(desk(request), me, content, name)
        except ImportRejected:
            report = subs.dry_run(desk(request), me, content, name)
            return render_private(
                request, "desk/new.html", 422, report=report, problems=report.problem_items
            )
        return RedirectResponse(f"/submissions/{filed.submission_id}", status_code=303)
    report = subs.dry_run(desk(request), me, content, name)
    return render_private(request, "desk/new.html", report=report, problems=report.problem_items)


@router.get("/submissions/template.{fmt}")
def download_template(request: Request, fmt: str, country: str | None = None) -> Response:
    me = page_principal(request)
    state = (country or me.country or "").upper()
    if state not in member_states():
        raise ValidationError("country", ["name the member state: ?country=ISO3"])
    body = subs.template(desk(request), me, state, fmt)
    headers = {"content-disposition": f'attachment; filename="admtrack-submission-{state}.{fmt}"'}
    return Response(body, media_type=MEDIA[fmt], headers=headers)


@router.get("/submissions/status", response_class=HTMLResponse)
def status_page(request: Request) -> HTMLResponse:
    grid = subs.status_grid(desk(request), page_principal(request))
    return render_private(request, "desk/status.html", grid=grid)


def _detail(request: Request, me: Principal, submission_id: int, status_code: int = 200,
            report: subs.UploadReport | None = None, message: str = "") -> HTMLResponse:  # fmt: skip
    shown = subs.view(desk(request), me, submission_id)
    threads: dict[tuple[str, int], list[object]] = {}
    for c in shown.comments:
        threads.setdefault((c.indicator, c.year), []).append(c)
    return render_private(request, "desk/submission.html", status_code, view=shown, threads=threads,
                          reasons=[r.value for r in subs.Reason], report=report, message=message)  # fmt: skip


@router.get("/submissions/{submission_id}", response_class=HTMLResponse)
def detail(request: Request, submission_id: int) -> HTMLResponse:
    return _detail(request, page_principal(request), submission_id)


@router.post("/submissions/{submission_id}/resubmit", response_class=HTMLResponse)
async def resubmit(request: Request, submission_id: int) -> Response:
    form = await checked_form(request)
    me = page_principal(request)
    content, name = await upload_of(request, form)
    try:
        subs.resubmit(desk(request), me, submission_id, _version(form), content, name)
    except ImportRejected:
        report = subs.dry_run(desk(request), me, content, name, submission_id=submission_id)
        return _detail(request, me, submission_id, 422, report=report)
    return RedirectResponse(f"/submissions/{submission_id}", status_code=303)


@router.post("/submissions/{submission_id}/withdraw")
async def withdraw(request: Request, submission_id: int) -> Response:
    form = await checked_form(request)
    subs.withdraw(desk(request), page_principal(request), submission_id, _version(form))
    return RedirectResponse(f"/submissions/{submission_id}", status_code=303)


def decisions_of(form: FormData) -> list[subs.Decision]:
    whole = form.get("whole")
    if whole in ("approve", "return"):
        return [subs.Decision(str(whole), reason=str(form.get("reason", "")) or None,
                              comment=str(form.get("comment", "")))]  # fmt: skip
    out = []
    for field, action in form.multi_items():
        if not field.startswith("decision:") or action not in ("approve", "return"):
            continue
        indicator, _, year = field.removeprefix("decision:").rpartition(":")
        reason = str(form.get(f"reason:{indicator}:{year}", "")) or None
        comment = str(form.get(f"comment:{indicator}:{year}", ""))
        out.append(subs.Decision(str(action), indicator, int(year), reason, comment))
    return out


@router.post("/submissions/{submission_id}/decisions", response_class=HTMLResponse)
async def decide(request: Request, submission_id: int) -> Response:
    form = await checked_form(request)
    subs.decide(
        desk(request), page_principal(request), submission_id, _version(form), decisions_of(form)
    )
    return RedirectResponse(f"/submissions/{submission_id}", status_code=303)


@router.post("/submissions/{submission_id}/comments")
async def comment(request: Request, submission_id: int) -> Response:
    form = await checked_form(request)
    indicator, _, year = str(form.get("value", "")).rpartition(":")
    if not year.isdigit():
        raise ValidationError("value", ["choose the value the comment is about"])
    subs.add_comment(desk(request), page_principal(request), submission_id, indicator, int(year),
                     str(form.get("body", "")))  # fmt: skip
    return RedirectResponse(f"/submissions/{submission_id}#comments", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, before: int | None = None, activity: bool = True) -> HTMLResponse:
    entries = audit_trail.browse(desk(request).engine, page_principal(request), activity_only=activity,
                                 before_id=before, limit=200)  # fmt: skip
    return render_private(request, "desk/audit.html", entries=entries, activity=activity)


@router.get("/audit.csv")
def audit_csv(request: Request, activity: bool = False) -> Response:
    entries = audit_trail.browse(desk(request).engine, page_principal(request), activity_only=activity,
                                 limit=10_000)  # fmt: skip
    headers = {"content-disposition": 'attachment; filename="admtrack-audit.csv"'}
    return Response(audit_trail.export_csv(entries), media_type=MEDIA["csv"], headers=headers)
