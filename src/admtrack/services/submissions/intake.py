"""Filing a submission: the dry run, the submission itself, the resubmission after a return and
the withdrawal. Only the focal point of the member state may file for it; the dry run and the
submission build the report with the same function (:func:`report.classify`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from admtrack.errors import Conflict, Forbidden, ImportRejected
from admtrack.services.accounts import Principal
from admtrack.services.submissions.desk import (
    OPEN,
    Desk,
    plan_of,
    published_values,
    visible_submission,
)
from admtrack.services.submissions.reading import read_upload
from admtrack.services.submissions.report import Key, UploadReport, classify
from admtrack.store import Reader
from admtrack.store import submissions_repo as repo

#: Columns a resubmission leaves as they were: the key, and the reason it was returned for.
KEEP_ON_RESUBMIT = ("indicator", "year", "reason", "comment", "decided_by", "decided_at")


@dataclass(frozen=True, slots=True)
class Filed:
    submission_id: int
    version: int
    report: UploadReport


def _require_focal_point(principal: Principal) -> str:
    if principal.country is None or not principal.can_submit_for(principal.country):
        raise Forbidden("only a member state's focal point files submissions")
    return principal.country


def _elsewhere(connection: sa.Connection, country: str, exclude: int | None) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for sub in repo.list_submissions(connection, [country], OPEN):
        if sub.id == exclude:
            continue
        for v in repo.values_of(connection, sub.id):
            if v.state in ("pending", "returned"):
                out[(v.indicator, v.year)] = sub.id
    return out


def _report(
    desk: Desk, tx: Reader, principal: Principal, content: bytes, file_name: str,
    plan_id: str | None, revising: int | None,
) -> UploadReport:  # fmt: skip
    country = _require_focal_point(principal)
    plan = plan_of(tx, plan_id)
    codes = [i.code for i in plan.indicators]
    source_id = f"submission-{country}"
    upload = read_upload(content, file_name, codes, source_id, desk.limits, desk.clock().date())
    locked: dict[Key, float] = {}
    if revising is not None:
        locked = {(v.indicator, v.year): v.value for v in repo.values_of(tx.connection, revising)
                  if v.state == "approved"}  # fmt: skip
    published = published_values(tx, country, codes)
    elsewhere = _elsewhere(tx.connection, country, revising)
    return classify(upload, country, plan.id, published, locked, elsewhere)


def dry_run(
    desk: Desk, principal: Principal, content: bytes, file_name: str, plan_id: str | None = None,
    submission_id: int | None = None,
) -> UploadReport:  # fmt: skip
    """What submitting this file would do, row by row; nothing is written."""
    with desk.store.reader() as r:
        if submission_id is not None:
            _editable(r.connection, principal, submission_id)
        return _report(desk, r, principal, content, file_name, plan_id, submission_id)


def _value_row(a: Any, round_: int) -> dict[str, Any]:
    return {"indicator": a.observation.indicator, "year": a.observation.year,
            "value": a.observation.value, "obs_status": a.observation.status.value,
            "source_text": a.source_text, "row_number": a.row, "state": "pending",
            "round": round_, "reason": None, "comment": None, "returned_value": None,
            "decided_by": None, "decided_at": None}  # fmt: skip


def submit(
    desk: Desk, principal: Principal, content: bytes, file_name: str, plan_id: str | None = None
) -> Filed:
    """File a new submission (pending review) or refuse the whole file, writing nothing."""
    with desk.store.transaction(principal.actor) as tx:
        report = _report(desk, tx, principal, content, file_name, plan_id, None)
        if not report.ok:
            raise ImportRejected(report.file, [*report.problems])
        sid = repo.insert_submission(tx.connection, report.country, report.plan, report.file,
                                     principal.user_id, tx.audit.at)  # fmt: skip
        repo.insert_values(tx.connection, sid, [_value_row(a, 1) for a in report.accepted])
        tx.audit.record([("submit", "submission", str(sid), None, {
            "country": report.country, "file": report.file, "counts": report.counts})])  # fmt: skip
    return Filed(sid, 1, report)


def _editable(
    connection: sa.Connection, principal: Principal, submission_id: int
) -> repo.SubmissionRow:
    sub = visible_submission(connection, principal, submission_id)
    if not principal.can_submit_for(sub.country):
        raise Forbidden("only the member state's focal point changes its submission")
    values = repo.values_of(connection, submission_id)
    untouched = sub.status == "in_review" and all(
        v.state == "pending" and v.round == sub.round for v in values
    )
    if sub.status != "returned" and not untouched:
        raise Conflict(
            f"submission {submission_id} is {sub.status.replace('_', ' ')} and a reviewer has acted; it can no longer be changed"
        )
    return sub


def resubmit(
    desk: Desk, principal: Principal, submission_id: int, expected_version: int, content: bytes,
    file_name: str,
) -> Filed:  # fmt: skip
    """Replace the values not yet approved: returned values are revised (their returned value
    is kept to show what changed), new keys are added, absent ones dropped; approved values
    stay locked."""
    with desk.store.transaction(principal.actor) as tx:
        sub = _editable(tx.connection, principal, submission_id)
        report = _report(desk, tx, principal, content, file_name, sub.plan, submission_id)
        if not report.ok:
            raise ImportRejected(report.file, [*report.problems])
        round_ = sub.round + 1
        if not repo.bump_version(tx.connection, sub.id, expected_version, tx.audit.at,
                                 status="in_review", round=round_, file_name=report.file):  # fmt: skip
            raise Conflict(f"submission {sub.id} changed since you opened it; reload it")
        current = {(v.indicator, v.year): v for v in repo.values_of(tx.connection, sub.id)}
        incoming = {(a.observation.indicator, a.observation.year): a for a in report.accepted}
        updates, inserts, dropped = [], [], []
        for key, a in incoming.items():
            old = current.get(key)
            row = _value_row(a, round_)
            if old is None:
                inserts.append(row)
            else:
                was = old.value if old.state == "returned" else old.returned_value
                updates.append({**row, "value_id": old.id, "returned_value": was})
        for key, v in current.items():
            if key not in incoming and v.state in ("pending", "returned"):
                dropped.append({"value_id": v.id, "state": "dropped"})
        repo.update_values(
            tx.connection, [{k: u[k] for k in u if k not in KEEP_ON_RESUBMIT} for u in updates]
        )
        repo.update_values(tx.connection, dropped)
        repo.insert_values(tx.connection, sub.id, inserts)
        tx.audit.record([("resubmit", "submission", str(sub.id), {"round": sub.round, "status": sub.status},
                          {"round": round_, "file": report.file, "counts": report.counts,
                           "dropped": len(dropped)})])  # fmt: skip
    return Filed(sub.id, expected_version + 1, report)


def withdraw(desk: Desk, principal: Principal, submission_id: int, expected_version: int) -> None:
    with desk.store.transaction(principal.actor) as tx:
        sub = _editable(tx.connection, principal, submission_id)
        if any(v.state == "approved" for v in repo.values_of(tx.connection, sub.id)):
            raise Conflict(f"submission {sub.id} has approved values; it cannot be withdrawn")
        if not repo.bump_version(
            tx.connection, sub.id, expected_version, tx.audit.at, status="withdrawn"
        ):
            raise Conflict(f"submission {sub.id} changed since you opened it; reload it")
        tx.audit.record(
            [
                (
                    "withdraw",
                    "submission",
                    str(sub.id),
                    {"status": sub.status},
                    {"status": "withdrawn"},
                )
            ]
        )
