"""Status reports of enabling actions and their evidence documents (audited writes)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

import sqlalchemy as sa

from admtrack.domain.actions import ActionStatus, EvidenceDocument, ReviewState, StatusReport
from admtrack.errors import NotFound
from admtrack.store.action_tables import action_status_reports, evidence_documents
from admtrack.store.audit import AuditLog

ENTITY = "action_status_report"


def save_document(
    connection: sa.Connection, audit: AuditLog, document: EvidenceDocument, content: bytes
) -> bool:
    """Store ``content`` under its SHA-256 unless it is already there; True when new."""
    exists = connection.scalar(
        sa.select(evidence_documents.c.sha256).where(evidence_documents.c.sha256 == document.sha256)
    )
    if exists is not None:
        return False
    connection.execute(
        sa.insert(evidence_documents),
        {"sha256": document.sha256, "filename": document.filename,
         "media_type": document.media_type, "size": document.size, "content": content,
         "stored_at": audit.at},
    )  # fmt: skip
    audit.record([("insert", "evidence_document", document.sha256, None,
                   {"filename": document.filename, "size": document.size})])  # fmt: skip
    return True


def read_document(connection: sa.Connection, sha256: str) -> tuple[EvidenceDocument, bytes]:
    row = connection.execute(
        sa.select(evidence_documents).where(evidence_documents.c.sha256 == sha256)
    ).first()
    if row is None:
        raise NotFound(f"no evidence document {sha256!r}")
    return EvidenceDocument(row.sha256, row.filename, row.media_type, row.size), bytes(row.content)


def add_report(
    connection: sa.Connection,
    audit: AuditLog,
    *,
    plan: str,
    action: str,
    country: str,
    status: ActionStatus,
    as_of: date,
    note: str,
    evidence_url: str | None,
    evidence_sha256: str | None,
    review_state: ReviewState,
) -> int:
    values: dict[str, Any] = {
        "plan": plan, "action": action, "country": country, "status": status.value,
        "as_of": as_of, "note": note, "evidence_url": evidence_url,
        "evidence_sha256": evidence_sha256, "review_state": review_state.value,
        "submitted_by": audit.actor, "submitted_at": audit.at, "review_note": "",
    }  # fmt: skip
    if review_state is ReviewState.APPROVED:
        values |= {"reviewed_by": audit.actor, "reviewed_at": audit.at}
    new_id = connection.execute(
        sa.insert(action_status_reports).returning(action_status_reports.c.id), values
    ).scalar_one()
    audit.record([("insert", ENTITY, str(new_id), None, _document(values))])
    return int(new_id)


def set_review(
    connection: sa.Connection, audit: AuditLog, report_id: int, state: ReviewState, note: str
) -> None:
    old = get_report(connection, report_id)
    connection.execute(
        sa.update(action_status_reports)
        .where(action_status_reports.c.id == report_id)
        .values(review_state=state.value, reviewed_by=audit.actor, reviewed_at=audit.at,
                review_note=note)
    )  # fmt: skip
    audit.record([("update", ENTITY, str(report_id), {"review_state": old.review_state.value},
                   {"review_state": state.value, "review_note": note})])  # fmt: skip


def get_report(connection: sa.Connection, report_id: int) -> StatusReport:
    reports = read_reports(connection, ids=[report_id])
    if not reports:
        raise NotFound(f"no action status report {report_id}")
    return reports[0]


def read_reports(
    connection: sa.Connection,
    *,
    plan: str | None = None,
    states: Collection[ReviewState] | None = None,
    ids: Collection[int] | None = None,
) -> list[StatusReport]:
    """Reports oldest first (by date of the status, then by id)."""
    r, d = action_status_reports, evidence_documents
    query = (
        sa.select(r, d.c.filename, d.c.media_type, d.c.size)
        .select_from(r.outerjoin(d, r.c.evidence_sha256 == d.c.sha256))
        .order_by(r.c.as_of, r.c.id)
    )
    if plan is not None:
        query = query.where(r.c.plan == plan)
    if states is not None:
        query = query.where(r.c.review_state.in_([s.value for s in states]))
    if ids is not None:
        query = query.where(r.c.id.in_(list(ids)))
    return [
        StatusReport(
            id=int(row.id), plan=row.plan, action=row.action, country=row.country,
            status=ActionStatus(row.status), as_of=row.as_of, note=row.note,
            evidence_url=row.evidence_url,
            evidence=None if row.evidence_sha256 is None else EvidenceDocument(
                row.evidence_sha256, row.filename, row.media_type, int(row.size)),
            review_state=ReviewState(row.review_state), submitted_by=row.submitted_by,
            submitted_at=row.submitted_at, reviewed_by=row.reviewed_by,
            reviewed_at=row.reviewed_at, review_note=row.review_note,
        )
        for row in connection.execute(query)
    ]  # fmt: skip


def _document(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in values.items()
        if k not in ("submitted_at", "reviewed_at")
    }
