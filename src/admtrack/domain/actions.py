"""The enabling-action tracker's records: a member state's status of an action, with its
evidence and note, and the review that makes a focal point's report public."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from admtrack.errors import ValidationError


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class ReviewState(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    RETURNED = "returned"


def parse_status(text: str, where: str) -> ActionStatus:
    """``text`` as a status (``completed`` or ``in progress`` alike), or a ValidationError."""
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return ActionStatus(key)
    except ValueError:
        known = ", ".join(s.value for s in ActionStatus)
        raise ValidationError(where, [f"status {text!r} is not one of {known}"]) from None


@dataclass(frozen=True, slots=True)
class EvidenceDocument:
    """An uploaded document, addressed by the SHA-256 of its bytes."""

    sha256: str
    filename: str
    media_type: str
    size: int


@dataclass(frozen=True, slots=True)
class StatusReport:
    """One state's status of one action as of a date. Reports by focal points start pending;
    only approved reports are public."""

    id: int
    plan: str
    action: str
    country: str
    status: ActionStatus
    as_of: date
    note: str
    evidence_url: str | None
    evidence: EvidenceDocument | None
    review_state: ReviewState
    submitted_by: str
    submitted_at: datetime
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    review_note: str = ""
