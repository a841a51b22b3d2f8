"""The enabling-action register (approved statuses only) and DO3's cyber-readiness view."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from admtrack.domain.actions import StatusReport
from admtrack.errors import ValidationError
from admtrack.services.actions import ActionRow, read_register, register_csv, register_xlsx
from admtrack.services.cyber import LAWS, NOT_MEASURED, PILLARS, CyberView, cyber_view
from admtrack.services.dashboard import WebContext
from admtrack.web.deps import get_context
from admtrack.web.labels import Labels, LangQuery
from admtrack.web.problems import documented
from admtrack.web.schemas import ActionDetail, ActionList, CyberReadiness
from admtrack.web.schemas.actions import STATUS_VALUES

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
PlanQuery = Annotated[str | None, Query(description="plan id (default: adm2025)")]


def evidence_path(sha256: str) -> str:
    return f"/actions/evidence/{sha256}"


def report_dict(r: StatusReport) -> dict[str, Any]:
    doc = r.evidence
    return {
        "id": r.id, "country": r.country, "status": r.status.value, "as_of": r.as_of.isoformat(),
        "note": r.note, "evidence_url": r.evidence_url,
        "evidence": None if doc is None else {
            "sha256": doc.sha256, "filename": doc.filename, "media_type": doc.media_type,
            "size": doc.size, "url": evidence_path(doc.sha256)},
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
    }  # fmt: skip


def action_summary(row: ActionRow) -> dict[str, Any]:
    a = row.action
    return {
        "id": a.id, "title": a.title, "outcome": a.outcome, "priority": a.priority,
        "timeframe": a.timeframe, "lead": a.lead, "indicators": list(a.indicators),
        "milestones": [{"title": m.title, "due": m.due} for m in a.milestones],
        "counts": row.counts,
    }  # fmt: skip


@router.get(
    "/actions",
    summary="The enabling-action register with each action's status counts",
    response_model=ActionList,
    responses=documented(404, 422),
)
def list_actions(
    ctx: Ctx,
    plan: PlanQuery = None,
    outcome: Annotated[str | None, Query(description="e.g. DO3")] = None,
    lead: Annotated[str | None, Query(description="the lead, as in the register")] = None,
    status: Annotated[str | None, Query(description=", ".join(STATUS_VALUES))] = None,
    state: Annotated[str | None, Query(description="ISO3 of a member state")] = None,
) -> dict[str, Any]:
    if status is not None and status not in STATUS_VALUES:
        raise ValidationError("status", [f"{status!r} is not one of {', '.join(STATUS_VALUES)}"])
    register = read_register(ctx.store, ctx.catalog().plan(plan))
    rows = register.filtered(outcome=outcome, lead=lead, status=status, state=state)
    return {"plan": register.plan.id, "items": [action_summary(r) for r in rows]}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The register as a table comes as ``text/csv`` (?format=csv) or an XLSX workbook (?format=xlsx).
EXPORT_ANSWER: dict[str, Any] = {
    "description": "one row per action and member state: status, date, note and evidence",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        XLSX: {"schema": {"type": "string", "format": "binary"}},
    },
}


@router.get(
    "/actions/export",
    summary="The register as a table (CSV or XLSX): one row per action and member state",
    response_class=Response,
    responses={200: EXPORT_ANSWER, **documented(404, 422)},
)
def export_actions(
    ctx: Ctx,
    plan: PlanQuery = None,
    format: Annotated[str, Query(description="csv or xlsx")] = "csv",  # noqa: A002
) -> Response:
    if format not in ("csv", "xlsx"):
        raise ValidationError("format", [f"{format!r} is not csv or xlsx"])
    register = read_register(ctx.store, ctx.catalog().plan(plan))
    name = f"{register.plan.id}-actions.{format}"
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    if format == "csv":
        return Response(register_csv(register), media_type="text/csv; charset=utf-8",
                        headers=headers)  # fmt: skip
    return Response(register_xlsx(register), media_type=XLSX, headers=headers)


@router.get(
    "/actions/{action_id}",
    summary="One action: milestones, each member state's status, the approved timeline",
    response_model=ActionDetail,
    responses=documented(404),
)
def get_action(action_id: str, ctx: Ctx, plan: PlanQuery = None) -> dict[str, Any]:
    register = read_register(ctx.store, ctx.catalog().plan(plan))
    row = register.row(action_id)
    return {
        **action_summary(row),
        "plan": register.plan.id,
        "states": [
            {
                "country": c,
                "status": row.status_of(c),
                "report": None if r is None else report_dict(r),
            }
            for c, r in row.states.items()
        ],  # fmt: skip
        "timeline": [report_dict(r) for r in row.timeline],
    }


def _words(lang: str, **english: str) -> dict[str, Any]:
    """``<field>_label`` for each English word, in ``lang``, and their ``label_lang``."""
    labels = Labels(lang)
    for field, text in english.items():
        labels.word(f"{field}_label", text)
    return labels.fields()


def _state(lang: str, iso3: str, name: str) -> dict[str, Any]:
    labels = Labels(lang)
    labels.country("label", iso3, name)
    return labels.fields()


def cyber_dict(
    view: CyberView, release: str, names: dict[str, str], lang: str = "en"
) -> dict[str, Any]:
    """The view as JSON; the English ``label`` of a pillar or law is kept, ``translated_label``
    gives it in ``lang`` (and a state's ``label`` its name in ``lang``)."""
    return {
        "release": release,
        "editions": list(view.editions),
        "pillars": [{"code": c, "label": label, **_words(lang, translated=label)}
                    for c, label in PILLARS],
        "states": [
            {"country": c, "name": names.get(c, c), **_state(lang, c, names.get(c, c)),
             "gci": [{"pillar": code, "values": {str(y): v for y, v in cell.values.items()},
                      "change": cell.change} for code, cell in view.gci[c].items()],
             "laws": [{"code": s.code, "label": s.label, "has_law": s.has_law, "year": s.year,
                       **_words(lang, translated=s.label)}
                      for s in view.laws[c]],
             "secure_servers": [list(p) for p in view.servers[c]]}
            for c in view.members
        ],
        "regional": [
            {"pillar": r.code, "label": r.label, **_words(lang, translated=r.label),
             "mean": {str(y): v for y, v in r.mean.items()},
             "median": {str(y): v for y, v in r.median.items()},
             "reported": {str(y): v for y, v in r.reported.items()},
             "improved": r.improved, "declined": r.declined}
            for r in view.regional
        ],
        "law_gaps": [{"law": code, "label": label, **_words(lang, translated=label),
                      "states": list(view.law_gaps[code])}
                     for code, label in LAWS],
        "law_year": view.law_year,
        "not_measured": [{"what": w, "how_to_submit": h, **_words(lang, what=w, how_to_submit=h)}
                         for w, h in NOT_MEASURED],
    }  # fmt: skip


@router.get(
    "/cyber-readiness",
    summary="DO3: GCI editions by pillar, cyberlaw status and gaps, secure servers per state",
    response_model=CyberReadiness,
    responses=documented(404, 422),
)
def cyber_readiness(ctx: Ctx, lang: LangQuery = "en") -> dict[str, Any]:
    """`lang` adds `translated_label` beside the English `label` of each pillar and law, a
    state's `label` (its name), `what_label` and `how_to_submit_label`, each object with its
    `label_lang` (the language the labels are really in)."""
    catalog = ctx.catalog()
    chosen = catalog.release(None)
    view = cyber_view(ctx.observations(chosen.id))
    return cyber_dict(view, chosen.id, {c: catalog.name(c) for c in view.members}, lang)
