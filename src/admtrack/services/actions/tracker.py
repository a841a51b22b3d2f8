"""What the public sees of the enabling-action register: each action with its milestones and
linked indicators, and each member state's current status, built from approved reports only.

A state's current status of an action is its latest approved report (by the status date, then
by the order of approval); a state without one is "not reported".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from admtrack.domain.actions import ActionStatus, EvidenceDocument, ReviewState, StatusReport
from admtrack.domain.framework import EnablingAction, Plan
from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.errors import NotFound
from admtrack.store import Store, actions_repo

NOT_REPORTED = "not_reported"
STATUS_KEYS: tuple[str, ...] = (*(s.value for s in ActionStatus), NOT_REPORTED)


@dataclass(frozen=True, slots=True)
class ActionRow:
    action: EnablingAction
    states: dict[str, StatusReport | None]  # every member state -> its latest approved report
    timeline: tuple[StatusReport, ...]  # every approved report, oldest first

    def status_of(self, country: str) -> str:
        report = self.states.get(country)
        return NOT_REPORTED if report is None else report.status.value

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(self.status_of(c) for c in self.states)
        return {k: found.get(k, 0) for k in STATUS_KEYS}


@dataclass(frozen=True, slots=True)
class OutcomeSummary:
    outcome: str
    actions: int
    counts: dict[str, int]  # over action x member-state pairs

    @property
    def pairs(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Register:
    plan: Plan
    rows: tuple[ActionRow, ...]
    members: tuple[str, ...] = field(default=ASEAN_MEMBERS)

    def row(self, action_id: str) -> ActionRow:
        for row in self.rows:
            if row.action.id == action_id:
                return row
        raise NotFound(f"plan {self.plan.id} has no enabling action {action_id!r}")

    def filtered(
        self,
        *,
        outcome: str | None = None,
        lead: str | None = None,
        status: str | None = None,
        state: str | None = None,
    ) -> list[ActionRow]:
        """Rows matching every filter given; ``status`` applies to ``state`` when both are
        given, otherwise to any member state."""
        out = []
        for row in self.rows:
            a = row.action
            if outcome and a.outcome != outcome.upper():
                continue
            if lead and a.lead.casefold() != lead.casefold():
                continue
            if status:
                chosen = [state.upper()] if state else list(row.states)
                if not any(row.status_of(c) == status for c in chosen):
                    continue
            elif state and row.states.get(state.upper()) is None:
                continue
            out.append(row)
        return out

    def leads(self) -> list[str]:
        return sorted({r.action.lead for r in self.rows if r.action.lead})

    def outcome_summary(self, outcome: str) -> OutcomeSummary:
        rows = [r for r in self.rows if r.action.outcome == outcome]
        counts = Counter[str]()
        for r in rows:
            counts.update(r.counts)
        return OutcomeSummary(outcome, len(rows), {k: counts.get(k, 0) for k in STATUS_KEYS})

    def matrix(self, country: str) -> list[tuple[EnablingAction, StatusReport | None]]:
        """Every action of the register with ``country``'s current report."""
        return [(r.action, r.states.get(country.upper())) for r in self.rows]


def build_register(plan: Plan, approved: list[StatusReport]) -> Register:
    """The register of ``plan`` from its approved reports (oldest first)."""
    by_action: dict[str, list[StatusReport]] = {}
    for report in approved:
        if report.review_state is ReviewState.APPROVED and report.plan == plan.id:
            by_action.setdefault(report.action, []).append(report)
    rows = []
    for action in plan.enabling_actions:
        timeline = by_action.get(action.id, [])
        states: dict[str, StatusReport | None] = dict.fromkeys(ASEAN_MEMBERS)
        for report in timeline:  # oldest first: the last one wins
            if report.country in states:
                states[report.country] = report
        rows.append(ActionRow(action, states, tuple(timeline)))
    return Register(plan, tuple(rows))


def read_register(store: Store, plan: Plan) -> Register:
    with store.reader() as r:
        approved = actions_repo.read_reports(
            r.connection, plan=plan.id, states=[ReviewState.APPROVED]
        )
    return build_register(plan, approved)


def evidence_download(engine: sa.Engine | Store, sha256: str) -> tuple[EvidenceDocument, bytes]:
    """An evidence document's bytes, only when an approved report cites it."""
    store = engine if isinstance(engine, Store) else Store(engine)
    with store.reader() as r:
        cited = [
            rep
            for rep in actions_repo.read_reports(r.connection, states=[ReviewState.APPROVED])
            if rep.evidence is not None and rep.evidence.sha256 == sha256
        ]
        if not cited:
            raise NotFound(f"no published evidence document {sha256!r}")
        return actions_repo.read_document(r.connection, sha256)


def stored_register(engine: sa.Engine, plan_id: str) -> Register:
    """The register of the stored plan ``plan_id``."""
    store = Store(engine)
    with store.reader() as r:
        plan = r.get_plan(plan_id)
    return read_register(store, plan)
