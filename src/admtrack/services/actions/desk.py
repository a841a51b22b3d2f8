"""Action reports through the submission desk: every read and write is checked against the
signed-in principal's role and member state, as the data submissions are.

- A focal point files reports for their own member state only; nobody else files one.
- The secretariat sees every state's reports and approves or returns pending ones (with a note
  saying why); a viewer or focal point sees their own state's reports, an admin sees all.
- A report another principal may not see is answered "not found", so that another state's
  pending reports cannot even be told to exist.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.actions import ReviewState, StatusReport
from admtrack.domain.text import Message
from admtrack.errors import Forbidden, NotFound, ValidationError
from admtrack.services.accounts import Principal
from admtrack.services.actions.register import (
    StatusInput,
    approve_report,
    record_status,
    return_report,
    submit_report,
)
from admtrack.store import Store, actions_repo

DECISIONS = ("approve", "return")
REVIEW_STATES: tuple[str, ...] = tuple(s.value for s in ReviewState)


def file_report(engine: sa.Engine, principal: Principal, report: StatusInput) -> StatusReport:
    """A focal point's report of their own state's status: pending until reviewed."""
    country = report.country.strip().upper()
    if not principal.can_submit_for(country):
        if principal.country and principal.role.value == "focal_point":
            raise Forbidden(
                f"{principal.username} is the focal point of {principal.country} and cannot "
                f"report for {country or 'another member state'}"
            )
        raise Forbidden("only a member state's focal point reports its action status")
    return submit_report(engine, report, actor=principal.actor)


def edit_status(engine: sa.Engine, principal: Principal, report: StatusInput) -> StatusReport:
    """The secretariat's own edit of the register: approved as it is written."""
    if not principal.can_review:
        raise Forbidden("only the secretariat edits the register directly")
    return record_status(engine, report, actor=principal.actor)


def visible_reports(
    engine: sa.Engine,
    principal: Principal,
    review_state: str | None = None,
    plan: str | None = None,
) -> list[StatusReport]:
    """The reports ``principal`` may see (newest first), of one review state if given."""
    states = None
    if review_state:
        if review_state not in REVIEW_STATES:
            raise ValidationError(
                "state",
                [
                    Message(
                        "%(value)r is not one of %(allowed)s",
                        value=review_state,
                        allowed=", ".join(REVIEW_STATES),
                    )
                ],  # fmt: skip
            )
        states = [ReviewState(review_state)]
    with Store(engine).reader() as r:
        found = actions_repo.read_reports(r.connection, plan=plan, states=states)
    seen = [x for x in found if principal.can_read_state(x.country)]
    return sorted(seen, key=lambda x: x.id, reverse=True)


def visible_report(engine: sa.Engine, principal: Principal, report_id: int) -> StatusReport:
    with Store(engine).reader() as r:
        try:
            report = actions_repo.get_report(r.connection, report_id)
        except NotFound:
            report = None
    if report is None or not principal.can_read_state(report.country):
        raise NotFound(f"no action report {report_id}")
    return report


def visible_document(
    engine: sa.Engine, principal: Principal, report_id: int
) -> tuple[StatusReport, bytes]:
    """A report's evidence document for its reviewers and its own state, pending or not."""
    report = visible_report(engine, principal, report_id)
    if report.evidence is None:
        raise NotFound(f"action report {report_id} has no evidence document")
    with Store(engine).reader() as r:
        _, content = actions_repo.read_document(r.connection, report.evidence.sha256)
    return report, content


def decide_report(
    engine: sa.Engine, principal: Principal, report_id: int, decision: str, note: str = ""
) -> StatusReport:
    """The secretariat approves or returns (with a note saying why) a pending report."""
    if not principal.can_review:
        raise Forbidden("only the secretariat reviews action reports")
    visible_report(engine, principal, report_id)
    if decision == "approve":
        return approve_report(engine, report_id, actor=principal.actor)
    if decision == "return":
        return return_report(engine, report_id, actor=principal.actor, note=note)
    raise ValidationError(
        "decision",
        [
            Message(
                "%(value)r is not one of %(allowed)s", value=decision, allowed=", ".join(DECISIONS)
            )
        ],
    )


def import_register_upload(
    engine: sa.Engine, principal: Principal, plan: str, filename: str, content: bytes
) -> int:
    """The secretariat's upload of the register (YAML or CSV, as ``admtrack actions import``):
    replaces the plan's enabling actions, all or nothing. Returns how many actions it holds."""
    import tempfile

    from admtrack.services.stored_data import import_enabling_actions

    if not principal.can_review:
        raise Forbidden("only the secretariat imports the enabling-action register")
    suffix = Path(filename).suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise ValidationError(
            filename or "register", [Message("the register must be a .yaml or .csv file")]
        )
    if not content:
        raise ValidationError(filename, [Message("the file is empty")])
    with tempfile.TemporaryDirectory(prefix="admtrack-register-") as folder:
        path = Path(folder) / (Path(filename).name or f"register{suffix}")
        path.write_bytes(content)
        actions, _ = import_enabling_actions(engine, plan, path, actor=principal.actor)
    return len(actions)
