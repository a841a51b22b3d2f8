"""Reviewing a submission: the diff against the published values with flags computed from the
data, the per-value or whole-submission decisions (approve, or return with a reason), and the
threaded comments on a value.

Flags:
- ``outside-range``: outside the indicator's valid range (ingest's ranges) or its goalposts;
- ``unusual-change``: the change from the previous year is more than
  :data:`UNUSUAL_FACTOR` times the median absolute year-on-year change of the published series
  (needs :data:`MIN_CHANGES` published changes);
- ``approved-year``: revises a value approved in an earlier submission;
- ``source-missing``: the source column is empty.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from admtrack.domain.framework import Plan
from admtrack.domain.text import Message
from admtrack.errors import Conflict, Forbidden, NotFound, ValidationError
from admtrack.ingest.checks import valid_range
from admtrack.services.accounts import Principal
from admtrack.services.submissions.desk import (
    OPEN,
    Desk,
    plan_of,
    published_values,
    visible_submission,
)
from admtrack.services.submissions.publish import enter_approved_values
from admtrack.store import Reader
from admtrack.store import submissions_repo as repo
from admtrack.store.submissions_repo import CommentRow, SubmissionRow, ValueRow

UNUSUAL_FACTOR = 3.0
MIN_CHANGES = 3


class Reason(StrEnum):
    SOURCE_MISSING = "source_missing"
    IMPLAUSIBLE_CHANGE = "implausible_change"
    DEFINITION_MISMATCH = "definition_mismatch"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class DiffLine:
    value_id: int
    indicator: str
    year: int
    old: float | None
    new: float
    change_pct: float | None
    state: str
    source: str
    flags: tuple[str, ...]
    reason: str | None
    comment: str | None
    returned_value: float | None  # the value when it was returned (a resubmission's "before")
    round: int


@dataclass(frozen=True)
class SubmissionView:
    submission: SubmissionRow
    lines: tuple[DiffLine, ...]
    comments: tuple[CommentRow, ...]

    @property
    def past_years_revised(self) -> int:
        return sum(1 for line in self.lines if line.old is not None)

    @property
    def flag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for line in self.lines:
            for flag in line.flags:
                counts[flag] += 1
        return dict(sorted(counts.items()))


def _usual_change(series: dict[int, float]) -> float | None:
    years = sorted(series)
    if len(years) < MIN_CHANGES + 1:
        return None
    values = np.array([series[y] for y in years])
    gaps = np.diff(np.array(years, dtype=float))
    changes = np.abs(np.diff(values)) / gaps
    return float(np.median(changes))


def _flags(
    plan: Plan, v: ValueRow, published: dict[tuple[str, int], float],
    by_series: dict[str, dict[int, float]], approved_before: set[tuple[str, int]],
) -> tuple[str, ...]:  # fmt: skip
    flags = []
    bounds = valid_range(v.indicator)
    try:
        goalposts = plan.indicator(v.indicator).goalposts
    except KeyError:
        goalposts = None
    for b in (bounds, goalposts):
        if b is not None and not b[0] <= v.value <= b[1]:
            flags.append("outside-range")
            break
    series = by_series.get(v.indicator, {})
    usual = _usual_change(series)
    earlier = [y for y in series if y < v.year]
    if usual is not None and earlier:
        previous = max(earlier)
        change = abs(v.value - series[previous]) / (v.year - previous)
        if change > UNUSUAL_FACTOR * usual and change > 1e-12:
            flags.append("unusual-change")
    if (v.indicator, v.year) in approved_before:
        flags.append("approved-year")
    if not v.source_text.strip():
        flags.append("source-missing")
    return tuple(flags)


def build_view(reader: Reader, principal: Principal, submission_id: int) -> SubmissionView:
    sub = visible_submission(reader.connection, principal, submission_id)
    plan = plan_of(reader, sub.plan)
    values = [v for v in repo.values_of(reader.connection, sub.id) if v.state != "dropped"]
    codes = sorted({v.indicator for v in values})
    published = published_values(reader, sub.country, codes)
    by_series: dict[str, dict[int, float]] = defaultdict(dict)
    for (code, year), value in published.items():
        by_series[code][year] = value
    own = {(v.indicator, v.year) for v in values}
    approved_before = repo.approved_keys(reader.connection, sub.country) - own
    lines = []
    for v in values:
        old = published.get((v.indicator, v.year))
        if v.state == "approved":
            old = None if old == v.value else old  # now published: the value itself
        pct = None if old in (None, 0.0) else 100.0 * (v.value - old) / abs(old)
        flags = _flags(plan, v, published, by_series, approved_before)
        lines.append(DiffLine(v.id, v.indicator, v.year, old, v.value, pct, v.state, v.source_text,
                              flags, v.reason, v.comment, v.returned_value, v.round))  # fmt: skip
    comments = tuple(repo.comments_of(reader.connection, sub.id))
    return SubmissionView(sub, tuple(lines), comments)


def view(desk: Desk, principal: Principal, submission_id: int) -> SubmissionView:
    with desk.store.reader() as r:
        return build_view(r, principal, submission_id)


@dataclass(frozen=True, slots=True)
class Decision:
    """``approve`` or ``return`` one value (indicator and year) or, with neither, every value
    still pending. A return needs a reason; ``other`` needs a comment too."""

    action: str
    indicator: str | None = None
    year: int | None = None
    reason: str | None = None
    comment: str = ""


def _check(decision: Decision) -> None:
    if decision.action not in ("approve", "return"):
        raise ValidationError(
            "decision",
            [Message("action %(action)r is not approve or return", action=decision.action)],
        )
    if decision.action == "return":
        allowed = ", ".join(r.value for r in Reason)
        if decision.reason not in {r.value for r in Reason}:
            raise ValidationError(
                "decision",
                [Message("a return needs a reason: one of %(allowed)s", allowed=allowed)],
            )
        if decision.reason == Reason.OTHER and not decision.comment.strip():
            raise ValidationError(
                "decision", [Message("a return for another reason needs a comment")]
            )
    if (decision.indicator is None) != (decision.year is None):
        raise ValidationError(
            "decision", [Message("name both the indicator and the year, or neither")]
        )


def _status(values: list[ValueRow]) -> str:
    states = {v.state for v in values if v.state != "dropped"}
    if "returned" in states:
        return "returned"  # back with the focal point, who revises and resubmits
    if "pending" in states:
        return "in_review"
    return "approved"


def decide(
    desk: Desk, principal: Principal, submission_id: int, expected_version: int,
    decisions: list[Decision],
) -> int:  # fmt: skip
    """Apply the decisions at once, or none if the submission changed since
    ``expected_version`` was read (another reviewer acted first: :class:`Conflict`). Approved
    values enter the published data in the same transaction. Returns the new version."""
    if not principal.can_review:
        raise Forbidden("only the secretariat reviews submissions")
    if not decisions:
        raise ValidationError("decision", [Message("nothing decided")])
    for d in decisions:
        _check(d)
    with desk.store.transaction(principal.actor) as tx:
        sub = visible_submission(tx.connection, principal, submission_id)
        if sub.status not in OPEN:
            raise Conflict(f"submission {sub.id} is {sub.status}; nothing is left to decide")
        if not repo.bump_version(tx.connection, sub.id, expected_version, tx.audit.at):
            raise Conflict(
                f"submission {sub.id} was changed by someone else since you opened it (version {expected_version}); reload it to see their decision"
            )
        values = repo.values_of(tx.connection, sub.id)
        by_key = {(v.indicator, v.year): v for v in values}
        chosen: dict[int, tuple[ValueRow, Decision]] = {}
        for d in decisions:
            if d.indicator is None:
                targets = [v for v in values if v.state == "pending"]
            else:
                assert d.year is not None
                v = by_key.get((d.indicator, d.year))
                if v is None or v.state == "dropped":
                    raise NotFound(f"submission {sub.id} has no value {d.indicator} {d.year}")
                if v.state != "pending":
                    raise Conflict(
                        f"{d.indicator} {d.year} is already {v.state}; approved values are locked"
                    )
                targets = [v]
            for v in targets:
                chosen.setdefault(v.id, (v, d))
        changes = [
            {
                "value_id": v.id,
                "state": "approved" if d.action == "approve" else "returned",
                "reason": d.reason if d.action == "return" else None,
                "comment": d.comment or None,
                "decided_by": principal.user_id,
                "decided_at": tx.audit.at,
            }  # fmt: skip
            for v, d in chosen.values()
        ]
        repo.update_values(tx.connection, changes)
        after = repo.values_of(tx.connection, sub.id)
        status = _status(after)
        repo.bump_version(tx.connection, sub.id, expected_version + 1, tx.audit.at, status=status)
        approved = [v for v in after if v.id in chosen and v.state == "approved"]
        comments = {v.id: d.comment or None for v, d in chosen.values()}
        enter_approved_values(tx, sub, approved, comments)
        rows = []
        for action in ("approve", "return"):
            picked = {f"{v.indicator}/{v.year}": {"value": v.value, "reason": d.reason, "comment": d.comment}
                      for v, d in chosen.values() if d.action == action}  # fmt: skip
            if picked:
                before = {k: {"state": "pending"} for k in picked}
                rows.append((action, "submission", str(sub.id), {"values": before, "status": sub.status},
                             {"values": picked, "status": status}))  # fmt: skip
        tx.audit.record(rows)
    return expected_version + 2


def add_comment(
    desk: Desk, principal: Principal, submission_id: int, indicator: str, year: int, body: str
) -> int:
    text = body.strip()
    if not text or len(text) > 4000:
        raise ValidationError("comment", [Message("a comment has 1 to 4000 characters")])
    with desk.store.transaction(principal.actor) as tx:
        sub = visible_submission(tx.connection, principal, submission_id)
        if not principal.can_comment_on(sub.country):
            raise Forbidden("only the secretariat and the state's focal point comment")
        keys = {(v.indicator, v.year) for v in repo.values_of(tx.connection, sub.id)}
        if (indicator, year) not in keys:
            raise NotFound(f"submission {sub.id} has no value {indicator} {year}")
        cid = repo.insert_comment(
            tx.connection, sub.id, indicator, year, principal.user_id, tx.audit.at, text
        )
        tx.audit.record(
            [
                (
                    "comment",
                    "comment",
                    f"{sub.id}/{indicator}/{year}",
                    None,
                    {"id": cid, "body": text},
                )
            ]
        )
    return cid
