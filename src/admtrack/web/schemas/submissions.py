"""The answers of the submissions API: an upload's per-row report, a filed submission, the list,
one submission with its values and comments, review results, the status grid and the audit
trail. Value sets (row outcomes, submission and grid statuses) come from the services."""

from __future__ import annotations

from datetime import datetime

from fastapi import UploadFile
from pydantic import Field, JsonValue

from admtrack.services.submissions.desk import STATUSES
from admtrack.services.submissions.report import RowOutcome
from admtrack.services.submissions.status import STATES

from .base import Input, Shape, one_of

OUTCOMES = tuple(o.value for o in RowOutcome)


class UploadForm(Input):
    """The multipart form of an upload: one CSV or XLSX file."""

    file: UploadFile = Field(description="the CSV or XLSX file, in the template's columns")


class RowOutcomeCounts(Shape):
    new: int
    revised: int
    unchanged: int
    rejected: int
    skipped: int


class ReportRow(Shape):
    row: int | None = Field(description="the row in the file (1 is the header)")
    indicator: str
    year: int | None
    value: float | None
    source: str
    outcome: str = one_of(OUTCOMES, "what filing the file does with this row")
    published: float | None = Field(description="the value published now, if any")
    messages: list[str] = Field(description="why a row is rejected: file, row, column, reason")


class UploadReportOut(Shape):
    """What filing the file does (the dry run) or did, row by row."""

    file: str
    country: str = Field(description="ISO3")
    plan: str
    ok: bool = Field(description="no row rejected and at least one value new or revised")
    counts: RowOutcomeCounts
    problems: list[str]
    rows: list[ReportRow]


class FiledSubmission(Shape):
    id: int
    version: int = Field(description="send it back with a resubmission, withdrawal or decision")
    report: UploadReportOut


class RefusedUpload(Shape):
    """A refused file (RFC 9457): nothing was stored; every problem located by file, row and
    column, with the per-row report."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[str]
    report: UploadReportOut


class SubmissionOut(Shape):
    id: int
    country: str = Field(description="ISO3")
    plan: str
    status: str = one_of(STATUSES, "where the submission is in review")
    version: int
    round: int = Field(description="1, then one more for each resubmission")
    file_name: str
    created_by: str = Field(description="the user name of the focal point")
    created_at: datetime
    updated_at: datetime


class SubmissionList(Shape):
    items: list[SubmissionOut]


class SubmittedValue(Shape):
    value_id: int
    indicator: str
    year: int
    old: float | None = Field(description="the published value it replaces, if any")
    new: float
    change_pct: float | None
    state: str = Field(description="pending, approved or returned")
    source: str
    flags: list[str] = Field(description="e.g. outside-range, unusual-change, source-missing")
    reason: str | None = Field(description="why it was returned")
    comment: str | None
    returned_value: float | None = Field(description="the value when it was returned")
    round: int


class CommentOut(Shape):
    id: int
    indicator: str
    year: int
    author: str
    at: datetime
    body: str


class SubmissionDetail(SubmissionOut):
    past_years_revised: int
    flags: dict[str, int] = Field(description="how many values carry each flag")
    values: list[SubmittedValue]
    comments: list[CommentOut]


class Withdrawn(Shape):
    id: int
    status: str = one_of(("withdrawn",), "the submission's status now")


class Decided(Shape):
    id: int
    version: int = Field(description="the submission's version after the decisions")


class CommentCreated(Shape):
    id: int


class GridCounts(Shape):
    returned: int
    submitted: int
    approved: int
    due: int
    missing: int


class GridCell(Shape):
    country: str = Field(description="ISO3")
    indicator: str
    status: str = one_of(STATES, "the state of the reporting year's value")


class SubmissionStatus(Shape):
    plan: str
    year: int = Field(description="the reporting year")
    counts: GridCounts
    items: list[GridCell]


class AuditEntryOut(Shape):
    id: int
    at: str = Field(description="ISO 8601")
    actor: str
    action: str
    entity: str
    key: str
    before: JsonValue = Field(description="the entity before the change (JSON), or null")
    after: JsonValue = Field(description="the entity after the change (JSON), or null")


class AuditPage(Shape):
    items: list[AuditEntryOut] = Field(description="newest first")
