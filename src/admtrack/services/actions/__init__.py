"""The enabling-action tracker: the register's writes (import, edits, reviewed reports), its
public views and its exports."""

from admtrack.services.actions.exports import COLUMNS, register_csv, register_rows, register_xlsx
from admtrack.services.actions.register import (
    StatusInput,
    approve_report,
    evidence_document,
    pending_reports,
    record_status,
    return_report,
    submit_report,
    uploaded_document,
)
from admtrack.services.actions.tracker import (
    NOT_REPORTED,
    STATUS_KEYS,
    ActionRow,
    OutcomeSummary,
    Register,
    build_register,
    evidence_download,
    read_register,
    stored_register,
)

__all__ = [
    "COLUMNS",
    "NOT_REPORTED",
    "STATUS_KEYS",
    "ActionRow",
    "OutcomeSummary",
    "Register",
    "StatusInput",
    "approve_report",
    "build_register",
    "evidence_document",
    "evidence_download",
    "pending_reports",
    "read_register",
    "record_status",
    "register_csv",
    "register_rows",
    "register_xlsx",
    "return_report",
    "stored_register",
    "submit_report",
    "uploaded_document",
]
