"""Writing the enabling-action register: the secretariat's import and edits, focal points'
status reports (pending until another person approves or returns them) and evidence documents.

A focal point's report is a pending record with an id; :func:`pending_reports` lists them for a
review queue, :func:`approve_report` and :func:`return_report` decide them. A reviewer may not
decide a report they submitted. The secretariat's own edits (:func:`record_status`) are approved
as they are written. Every write is audited, so the pages are rebuilt after each one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.actions import (
    EvidenceDocument,
    ReviewState,
    StatusReport,
    parse_status,
)
from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.domain.text import Message
from admtrack.errors import Conflict, TooLarge, ValidationError
from admtrack.store import Store, actions_repo

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
#: Evidence documents accepted, by file name ending, with their media type and the first bytes
#: their content must start with (None: UTF-8 text).
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              (b"PK\x03\x04",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK\x03\x04",)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (b"PK\x03\x04",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}  # fmt: skip
ACCEPTED = ", ".join(DOCUMENT_TYPES)


@dataclass(frozen=True, slots=True)
class StatusInput:
    """What a report says: the action, the state, the status as of a date, evidence and note."""

    plan: str
    action: str
    country: str
    status: str
    as_of: date
    note: str = ""
    evidence_url: str | None = None
    document: Path | None = None
    #: An uploaded document as (file name, bytes), e.g. from a web form, instead of a path.
    upload: tuple[str, bytes] | None = None


def evidence_document(path: Path) -> tuple[EvidenceDocument, bytes]:
    """The document at ``path`` with its SHA-256, size and media type, read once."""
    if not path.is_file():
        raise ValidationError(str(path), [Message("evidence document not found")])
    return uploaded_document(path.name, path.read_bytes())


def uploaded_document(filename: str, content: bytes) -> tuple[EvidenceDocument, bytes]:
    """An uploaded document with its SHA-256, size and media type (guessed from the name)."""
    name = Path(filename).name.strip()
    if not name:
        raise ValidationError(
            Message("evidence document"), [Message("the upload has no file name")]
        )
    if not content:
        raise ValidationError(name, [Message("the document is empty")])
    if len(content) > MAX_DOCUMENT_BYTES:
        raise TooLarge(
            f"{name}: the document is larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes"
        )
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            name, [Message("evidence must be one of these file types: %(types)s", types=ACCEPTED)]
        )
    media, magic = DOCUMENT_TYPES[suffix]
    if magic is None:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                name, [Message("a %(type)s document must be UTF-8 text", type=suffix)]
            ) from None
    elif not content.startswith(magic):
        raise ValidationError(
            name, [Message("the content is not a %(type)s document", type=suffix)]
        )
    digest = hashlib.sha256(content).hexdigest()
    return EvidenceDocument(digest, name, media, len(content)), content


def record_status(engine: sa.Engine, report: StatusInput, *, actor: str) -> StatusReport:
    """The secretariat's edit of the register: public at once."""
    return _add(engine, report, actor, ReviewState.APPROVED)


def submit_report(engine: sa.Engine, report: StatusInput, *, actor: str) -> StatusReport:
    """A focal point's report: pending until reviewed."""
    return _add(engine, report, actor, ReviewState.PENDING)


def pending_reports(engine: sa.Engine, plan: str | None = None) -> list[StatusReport]:
    with Store(engine).reader() as r:
        return actions_repo.read_reports(r.connection, plan=plan, states=[ReviewState.PENDING])


def approve_report(engine: sa.Engine, report_id: int, *, actor: str) -> StatusReport:
    return _decide(engine, report_id, actor, ReviewState.APPROVED, "")


def return_report(engine: sa.Engine, report_id: int, *, actor: str, note: str) -> StatusReport:
    if not note.strip():
        raise ValidationError(
            Message("report %(id)s", id=report_id),
            [Message("a returned report needs a note saying why")],
        )
    return _decide(engine, report_id, actor, ReviewState.RETURNED, note.strip())


def _decide(
    engine: sa.Engine, report_id: int, actor: str, state: ReviewState, note: str
) -> StatusReport:
    with Store(engine).transaction(actor=actor) as tx:
        report = actions_repo.get_report(tx.connection, report_id)
        where = f"report {report_id}"
        if report.review_state is not ReviewState.PENDING:
            raise Conflict(f"{where} is already {report.review_state.value}")
        if report.submitted_by == actor:
            raise ValidationError(
                where,
                [Message("%(actor)s submitted it; another person must review it", actor=actor)],
            )
        actions_repo.set_review(tx.connection, tx.audit, report_id, state, note)
        return actions_repo.get_report(tx.connection, report_id)


def _add(engine: sa.Engine, report: StatusInput, actor: str, state: ReviewState) -> StatusReport:
    where = f"{report.plan}/{report.action}/{report.country}"
    status = parse_status(report.status, where)
    country = report.country.strip().upper()
    problems = []
    if country not in ASEAN_MEMBERS:
        problems.append(
            Message("country %(code)r is not an ASEAN member state", code=report.country)
        )
    url = (report.evidence_url or "").strip() or None
    if url is not None and not url.startswith(("https://", "http://")):
        problems.append(
            Message("evidence URL %(url)r must start with https:// or http://", url=url)
        )
    if report.document is not None and report.upload is not None:
        raise ValidationError(where, [Message("give a document path or an upload, not both")])
    if report.document is not None:
        document: tuple[EvidenceDocument, bytes] | None = evidence_document(report.document)
    elif report.upload is not None:
        document = uploaded_document(*report.upload)
    else:
        document = None
    store = Store(engine)
    with store.transaction(actor=actor) as tx:
        plan = tx.get_plan(report.plan)
        if report.action not in {a.id for a in plan.enabling_actions}:
            problems.append(
                Message(
                    "plan %(plan)s has no enabling action %(action)r",
                    plan=plan.id,
                    action=report.action,
                )
            )
        if problems:
            raise ValidationError(where, problems)
        if document is not None:
            actions_repo.save_document(tx.connection, tx.audit, document[0], document[1])
        new_id = actions_repo.add_report(
            tx.connection, tx.audit, plan=plan.id, action=report.action, country=country,
            status=status, as_of=report.as_of, note=report.note.strip(), evidence_url=url,
            evidence_sha256=None if document is None else document[0].sha256, review_state=state,
        )  # fmt: skip
        return actions_repo.get_report(tx.connection, new_id)
