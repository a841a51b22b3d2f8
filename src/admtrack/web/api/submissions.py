"""The submissions API (``Authorization: Bearer`` tokens only; cookies are ignored here):
dry run and file, resubmit, withdraw, review decisions, comments, the template, the status grid
and the audit trail. Bad input is an RFC 9457 problem; a refused file's problem lists every
rejected row with file, row and column."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from admtrack.errors import ImportRejected, TooLarge, ValidationError
from admtrack.services import audit_trail
from admtrack.services import submissions as subs
from admtrack.services.accounts import Principal, member_states
from admtrack.web.auth import api_principal
from admtrack.web.problems import PROBLEM_TYPE, TITLES, documented
from admtrack.web.schemas import (
    AuditPage,
    CommentCreated,
    Decided,
    FiledSubmission,
    Input,
    Problem,
    RefusedUpload,
    SubmissionDetail,
    SubmissionList,
    SubmissionStatus,
    UploadForm,
    UploadReportOut,
    Withdrawn,
)

router = APIRouter(tags=["submissions"])
WHO = Depends(api_principal)
Upload = Annotated[UploadForm, Form(media_type="multipart/form-data")]
#: A refused upload: a bad request (``errors`` name the inputs) or a refused file (``errors``
#: name file, row and column, and ``report`` has every row).
REFUSED: dict[int | str, dict[str, Any]] = {
    422: {"model": Problem | RefusedUpload, "description": TITLES[422]}
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The template comes as ``text/csv`` (?format=csv) or an XLSX workbook (?format=xlsx).
TEMPLATE_ANSWER: dict[str, Any] = {
    "description": "the template, in the columns of an upload",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        XLSX: {"schema": {"type": "string", "format": "binary"}},
    },
}


def _desk(request: Request) -> subs.Desk:
    desk: subs.Desk = request.app.state.desk
    return desk


def report_json(report: subs.UploadReport) -> dict[str, Any]:
    return {
        "file": report.file, "country": report.country, "plan": report.plan, "ok": report.ok,
        "counts": report.counts, "problems": report.problems,
        "rows": [{**{k: v for k, v in asdict(r).items() if k != "issues"},  # = messages
                  "outcome": r.outcome.value} for r in report.rows],
    }  # fmt: skip


async def _content(request: Request, file: UploadFile) -> bytes:
    limit = _desk(request).limits.max_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise TooLarge(f"the file is larger than the limit of {limit:,} bytes")
    return content


def _refused(request: Request, report: subs.UploadReport) -> JSONResponse:
    body = {"type": "about:blank", "title": "Invalid request", "status": 422,
            "detail": f"{report.file}: nothing was stored; {len(report.problems)} problem(s)",
            "instance": request.url.path, "errors": report.problems, "report": report_json(report)}  # fmt: skip
    return JSONResponse(body, status_code=422, media_type=PROBLEM_TYPE)


@router.post(
    "/submissions",
    status_code=201,
    response_model=FiledSubmission,
    responses={
        200: {"model": UploadReportOut, "description": "the dry run's report; nothing stored"},
        **documented(401, 403, 404, 413),
        **REFUSED,
    },
)
async def file_submission(
    request: Request, form: Upload, dry_run: bool = False, plan: str | None = None,
    who: Principal = WHO,
) -> Response:  # fmt: skip
    """Check (``dry_run=true``: the per-row report, nothing stored) or file a submission."""
    file = form.file
    content = await _content(request, file)
    name = file.filename or "upload.csv"
    if dry_run:
        return JSONResponse(report_json(subs.dry_run(_desk(request), who, content, name, plan)))
    try:
        filed = subs.submit(_desk(request), who, content, name, plan)
    except ImportRejected:
        return _refused(request, subs.dry_run(_desk(request), who, content, name, plan))
    body = {
        "id": filed.submission_id,
        "version": filed.version,
        "report": report_json(filed.report),
    }
    return JSONResponse(
        body, status_code=201, headers={"location": f"/api/v1/submissions/{filed.submission_id}"}
    )


SubmissionStatusFilter = Literal["in_review", "returned", "approved", "withdrawn"]


@router.get("/submissions", response_model=SubmissionList, responses=documented(401, 422))
def list_submissions(
    request: Request, status: SubmissionStatusFilter | None = None, who: Principal = WHO
) -> dict[str, Any]:
    rows = subs.list_visible(_desk(request), who, status)
    return {"items": [asdict(r) for r in rows]}


@router.get(
    "/submissions/template",
    response_class=Response,
    responses={200: TEMPLATE_ANSWER, **documented(401, 403, 422)},
)
def template(
    request: Request,
    format: str = "csv",
    country: str | None = None,
    who: Principal = WHO,  # noqa: A002
) -> Response:
    state = (country or who.country or "").upper()
    if state not in member_states():
        raise ValidationError("country", ["name the member state: ?country=ISO3"])
    media = "text/csv; charset=utf-8" if format == "csv" else XLSX
    return Response(subs.template(_desk(request), who, state, format), media_type=media)


@router.get(
    "/submissions/{submission_id}",
    response_model=SubmissionDetail,
    responses=documented(401, 404, 422),
)
def get_submission(request: Request, submission_id: int, who: Principal = WHO) -> dict[str, Any]:
    shown = subs.view(_desk(request), who, submission_id)
    return {
        **asdict(shown.submission), "past_years_revised": shown.past_years_revised,
        "flags": shown.flag_counts, "values": [asdict(line) for line in shown.lines],
        "comments": [asdict(c) for c in shown.comments],
    }  # fmt: skip


@router.post(
    "/submissions/{submission_id}/resubmit",
    response_model=FiledSubmission,
    responses={**documented(401, 403, 404, 409, 413), **REFUSED},
)
async def resubmit(
    request: Request, submission_id: int, version: int, form: Upload, who: Principal = WHO
) -> Response:
    file = form.file
    content = await _content(request, file)
    name = file.filename or "upload.csv"
    try:
        filed = subs.resubmit(_desk(request), who, submission_id, version, content, name)
    except ImportRejected:
        return _refused(
            request, subs.dry_run(_desk(request), who, content, name, submission_id=submission_id)
        )
    return JSONResponse(
        {"id": filed.submission_id, "version": filed.version, "report": report_json(filed.report)}
    )


class VersionIn(Input):
    version: int


class DecisionIn(Input):
    action: str = Field(pattern="^(approve|return)$")
    indicator: str | None = None
    year: int | None = None
    reason: str | None = None
    comment: str = ""


class DecisionsIn(Input):
    version: int
    decisions: list[DecisionIn]


class CommentIn(Input):
    indicator: str
    year: int
    body: str


@router.post(
    "/submissions/{submission_id}/withdraw",
    response_model=Withdrawn,
    responses=documented(401, 403, 404, 409, 422),
)
def withdraw(
    request: Request, submission_id: int, body: VersionIn, who: Principal = WHO
) -> dict[str, Any]:
    subs.withdraw(_desk(request), who, submission_id, body.version)
    return {"id": submission_id, "status": "withdrawn"}


@router.post(
    "/submissions/{submission_id}/decisions",
    response_model=Decided,
    responses=documented(401, 403, 404, 409, 422),
)
def decide(
    request: Request, submission_id: int, body: DecisionsIn, who: Principal = WHO
) -> dict[str, Any]:
    """Approve or return values (or, without indicator and year, every pending value) at the
    version read; 409 if another reviewer acted first."""
    decisions = [
        subs.Decision(d.action, d.indicator, d.year, d.reason, d.comment) for d in body.decisions
    ]
    version = subs.decide(_desk(request), who, submission_id, body.version, decisions)
    return {"id": submission_id, "version": version}


@router.post(
    "/submissions/{submission_id}/comments",
    status_code=201,
    response_model=CommentCreated,
    responses=documented(401, 403, 404, 422),
)
def comment(
    request: Request, submission_id: int, body: CommentIn, who: Principal = WHO
) -> dict[str, Any]:
    cid = subs.add_comment(_desk(request), who, submission_id, body.indicator, body.year, body.body)
    return {"id": cid}


@router.get("/submission-status", response_model=SubmissionStatus, responses=documented(401, 404))
def status(request: Request, plan: str | None = None, who: Principal = WHO) -> dict[str, Any]:
    grid = subs.status_grid(_desk(request), who, plan)
    return {
        "plan": grid.plan, "year": grid.year, "counts": grid.counts(),
        "items": [{"country": c, "indicator": i, "status": s} for (c, i), s in grid.cells.items()],
    }  # fmt: skip


@router.get("/audit", response_model=AuditPage, responses=documented(401, 403, 422))
def audit(
    request: Request, before: int | None = None, limit: int = 200, activity: bool = True,
    who: Principal = WHO,
) -> dict[str, Any]:  # fmt: skip
    entries = audit_trail.browse(
        _desk(request).engine, who, activity_only=activity, before_id=before, limit=limit
    )
    return {"items": audit_trail.as_rows(entries)}
