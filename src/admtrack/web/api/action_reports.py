"""Action reports through the desk's API (``Authorization: Bearer`` tokens only): a focal point
files their state's status of an enabling action with evidence (a URL or a document); the
secretariat approves or returns pending reports. The role and member state of the token's owner
are checked on every write; another state's reports answer 404."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from admtrack.domain.actions import StatusReport
from admtrack.services.accounts import Principal
from admtrack.services.actions import desk as action_desk
from admtrack.services.actions.register import MAX_DOCUMENT_BYTES
from admtrack.services.dashboard import WebContext
from admtrack.web.auth import api_principal
from admtrack.web.problems import documented
from admtrack.web.schemas import ActionReportList, ActionReportOut, Input
from admtrack.web.uploads import read_upload, status_input

router = APIRouter(tags=["action reports"])
WHO = Depends(api_principal)
R = "/action-reports"


class ActionReportForm(Input):
    """The multipart form of a report: the action, the state and status, evidence and note."""

    action: str = Field(description="the enabling action's id")
    country: str = Field(description="ISO3 of the focal point's own member state")
    status: str = Field(description="not_started, in_progress, completed or not_applicable")
    as_of: str = Field("", description="ISO date of the status (default: today)")
    note: str = ""
    evidence_url: str = Field("", description="evidence on the web (https://...)")
    document: UploadFile | None = Field(
        None, description="an evidence document (PDF, DOCX, XLSX, ODT, ODS, PNG, JPEG, TXT, CSV)"
    )


class DecisionIn(Input):
    decision: str = Field(pattern="^(approve|return)$")
    note: str = Field("", description="why it is returned (required to return)")


def report_json(r: StatusReport) -> dict[str, Any]:
    doc = r.evidence
    return {
        "id": r.id, "plan": r.plan, "action": r.action, "country": r.country,
        "status": r.status.value, "as_of": r.as_of.isoformat(), "note": r.note,
        "evidence_url": r.evidence_url,
        "evidence": None if doc is None else {
            "sha256": doc.sha256, "filename": doc.filename, "media_type": doc.media_type,
            "size": doc.size, "url": f"/api/v1{R}/{r.id}/evidence"},
        "review_state": r.review_state.value, "submitted_by": r.submitted_by,
        "submitted_at": r.submitted_at.isoformat(),
        "reviewed_by": r.reviewed_by,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "review_note": r.review_note,
    }  # fmt: skip


def _ctx(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx


@router.post(
    R,
    status_code=201,
    response_model=ActionReportOut,
    responses=documented(401, 403, 404, 413, 422),
)
async def file_report(
    request: Request,
    form: Annotated[ActionReportForm, Form(media_type="multipart/form-data")],
    plan: str | None = None,
    who: Principal = WHO,
) -> JSONResponse:
    """File a report of the caller's own member state; pending until the secretariat reviews it."""
    upload = await read_upload(form.document, MAX_DOCUMENT_BYTES, "the document")
    plan_id = _ctx(request).catalog().plan(plan).id
    fields = form.model_dump(exclude={"document"})
    report = action_desk.file_report(
        request.app.state.desk.engine, who, status_input(plan_id, fields, upload)
    )
    return JSONResponse(
        report_json(report), status_code=201, headers={"location": f"/api/v1{R}/{report.id}"}
    )


@router.get(R, response_model=ActionReportList, responses=documented(401, 422))
def list_reports(
    request: Request, state: str | None = None, who: Principal = WHO
) -> dict[str, Any]:
    """The reports the caller may see (``state``: pending, approved or returned)."""
    found = action_desk.visible_reports(request.app.state.desk.engine, who, state)
    return {"items": [report_json(r) for r in found]}


@router.get(R + "/{report_id}", response_model=ActionReportOut, responses=documented(401, 404, 422))
def get_report(request: Request, report_id: int, who: Principal = WHO) -> dict[str, Any]:
    return report_json(action_desk.visible_report(request.app.state.desk.engine, who, report_id))


#: A report's evidence document, as bytes (never run as a page of this site).
DOCUMENT_ANSWER: dict[str, Any] = {
    "description": "the document's exact bytes; its SHA-256 in X-Checksum-SHA256",
    "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
}


@router.get(
    R + "/{report_id}/evidence",
    response_class=Response,
    responses={200: DOCUMENT_ANSWER, **documented(401, 404, 422)},
)
def get_evidence(request: Request, report_id: int, who: Principal = WHO) -> Response:
    """The report's document, pending or not, for the secretariat and the report's own state."""
    report, content = action_desk.visible_document(request.app.state.desk.engine, who, report_id)
    assert report.evidence is not None
    return Response(
        content, media_type="application/octet-stream",
        headers={"content-disposition": f'attachment; filename="evidence-{report_id}"',
                 "x-checksum-sha256": report.evidence.sha256,
                 "content-security-policy": "sandbox; default-src 'none'"},
    )  # fmt: skip


@router.post(
    R + "/{report_id}/decision",
    response_model=ActionReportOut,
    responses=documented(401, 403, 404, 409, 422),
)
def decide(
    request: Request, report_id: int, body: DecisionIn, who: Principal = WHO
) -> dict[str, Any]:
    """Approve a pending report (it becomes public) or return it with a note; 409 once decided."""
    decided = action_desk.decide_report(
        request.app.state.desk.engine, who, report_id, body.decision, body.note
    )
    return report_json(decided)
