"""The enabling-action register: actions, milestones, each state's approved status and evidence."""

from __future__ import annotations

from pydantic import Field

from admtrack.domain.actions import ActionStatus, ReviewState

from .base import Shape, one_of

STATUS_VALUES: tuple[str, ...] = (*(s.value for s in ActionStatus), "not_reported")


class MilestoneOut(Shape):
    title: str
    due: str = Field(description="ISO date")


class EvidenceOut(Shape):
    sha256: str = Field(description="SHA-256 of the document's bytes")
    filename: str
    media_type: str
    size: int = Field(description="bytes")
    url: str = Field(description="download path")


class StatusReportOut(Shape):
    id: int
    country: str = Field(description="ISO3")
    status: str = one_of(tuple(s.value for s in ActionStatus), "the state's status")
    as_of: str = Field(description="ISO date of the status")
    note: str
    evidence_url: str | None
    evidence: EvidenceOut | None
    reviewed_at: str | None = Field(description="when it was approved (ISO timestamp)")


class StateStatusOut(Shape):
    country: str = Field(description="ISO3")
    status: str = one_of(STATUS_VALUES, "latest approved status, or not_reported")
    report: StatusReportOut | None


class ActionSummaryOut(Shape):
    id: str
    title: str
    outcome: str
    priority: str
    timeframe: str
    lead: str = Field(description="a member state, ASEAN body or sectoral body")
    indicators: list[str] = Field(description="codes of the indicators it should move")
    milestones: list[MilestoneOut]
    counts: dict[str, int] = Field(description="member states per status (incl. not_reported)")


class ActionList(Shape):
    plan: str
    items: list[ActionSummaryOut]


class ActionDetail(ActionSummaryOut):
    plan: str
    states: list[StateStatusOut]
    timeline: list[StatusReportOut] = Field(description="every approved report, oldest first")


class ActionReportOut(Shape):
    """A report through the desk: pending until the secretariat approves or returns it."""

    id: int
    plan: str
    action: str
    country: str = Field(description="ISO3")
    status: str = one_of(tuple(s.value for s in ActionStatus), "the reported status")
    as_of: str = Field(description="ISO date of the status")
    note: str
    evidence_url: str | None
    evidence: EvidenceOut | None = Field(
        description="the uploaded document; its url is the API's download with a token (once "
        "approved, also public at /actions/evidence/{sha256})"
    )
    review_state: str = one_of(tuple(s.value for s in ReviewState), "the review's state")
    submitted_by: str
    submitted_at: str = Field(description="ISO timestamp")
    reviewed_by: str | None
    reviewed_at: str | None = Field(description="ISO timestamp of the decision")
    review_note: str = Field(description="why it was returned (empty otherwise)")


class ActionReportList(Shape):
    items: list[ActionReportOut] = Field(description="the reports the caller may see, newest first")
