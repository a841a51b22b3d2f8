"""National submissions: template, upload with dry run, review, approval into the data."""

from admtrack.services.submissions.desk import STATUSES, Desk
from admtrack.services.submissions.intake import Filed, dry_run, resubmit, submit, withdraw
from admtrack.services.submissions.publish import enter_approved_values, open_draft, source_id
from admtrack.services.submissions.reading import UploadLimits
from admtrack.services.submissions.report import RowOutcome, RowReport, UploadReport
from admtrack.services.submissions.review import (
    Decision,
    DiffLine,
    Reason,
    SubmissionView,
    add_comment,
    decide,
    view,
)
from admtrack.services.submissions.status import StatusGrid, list_visible, status_grid
from admtrack.services.submissions.template import template

__all__ = [
    "STATUSES",
    "Decision",
    "Desk",
    "DiffLine",
    "Filed",
    "Reason",
    "RowOutcome",
    "RowReport",
    "StatusGrid",
    "SubmissionView",
    "UploadLimits",
    "UploadReport",
    "add_comment",
    "decide",
    "dry_run",
    "enter_approved_values",
    "list_visible",
    "open_draft",
    "resubmit",
    "source_id",
    "status_grid",
    "submit",
    "template",
    "view",
    "withdraw",
]
