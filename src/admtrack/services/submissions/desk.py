"""The submission desk: the engine, upload limits and clock every submission use case shares,
and the reads they have in common (a visible submission, published values of a state)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

from admtrack.domain.framework import Plan
from admtrack.errors import NotFound
from admtrack.services.accounts import Principal
from admtrack.services.submissions.reading import UploadLimits
from admtrack.store import Reader, Store
from admtrack.store import submissions_repo as repo
from admtrack.store.submissions_repo import SubmissionRow

DEFAULT_PLAN = "adm2025"
#: Submission statuses: open ones can still change.
OPEN = ("in_review", "returned")
STATUSES = ("in_review", "returned", "approved", "withdrawn")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Desk:
    engine: sa.Engine
    limits: UploadLimits = field(default_factory=UploadLimits)
    clock: Callable[[], datetime] = _now

    @property
    def store(self) -> Store:
        return Store(self.engine, clock=self.clock)


def visible_submission(
    connection: sa.Connection, principal: Principal, submission_id: int
) -> SubmissionRow:
    """The submission if ``principal`` may see it; otherwise NotFound, so that another state's
    submissions cannot even be told to exist."""
    row = repo.get_submission(connection, submission_id)
    if row is None or not principal.can_read_state(row.country):
        raise NotFound(f"no submission {submission_id}")
    return row


def published_values(
    reader: Reader, country: str, codes: Collection[str]
) -> dict[tuple[str, int], float]:
    """The current published value of each (indicator, year) of ``country``."""
    return {
        (o.indicator, o.year): o.value
        for o in reader.observations(indicator=list(codes), countries=[country])
    }


def plan_of(reader: Reader, plan_id: str | None) -> Plan:
    plans = {p.id: p for p in reader.list_plans()}
    if not plans:
        raise NotFound("no plan is loaded; run `admtrack init` first")
    if plan_id is None:
        return plans.get(DEFAULT_PLAN) or next(iter(plans.values()))
    if plan_id not in plans:
        raise NotFound(f"no plan {plan_id!r}; known: {', '.join(plans)}")
    return plans[plan_id]


def template_years(plan: Plan, today: datetime) -> list[int]:
    """Years a submission covers: the plan's baseline (or start) to its end, not in the future."""
    start, end = plan.period or (today.year - 5, today.year - 1)
    first = plan.baseline_year or start
    return list(range(first, min(end, today.year) + 1))
