"""Listing submissions a principal may see, and the status of every member state x indicator.

Status of a state's indicator, first that applies: ``returned`` (a value is back with the focal
point), ``submitted`` (a value waits for review), ``approved`` (the reporting year's value is in
the published data: approved from a submission, or from another source), ``due`` (published values exist but none for the reporting year, the
last year a submission covers), ``missing`` (no value at all).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from admtrack.services.accounts import Principal, member_states
from admtrack.services.submissions.desk import Desk, plan_of, template_years
from admtrack.store import submissions_repo as repo
from admtrack.store.submissions_repo import SubmissionRow

STATES = ("returned", "submitted", "approved", "due", "missing")


def list_visible(
    desk: Desk, principal: Principal, status: str | None = None
) -> list[SubmissionRow]:
    countries = None if principal.sees_every_state else [principal.country or "-"]
    with desk.store.reader() as r:
        return repo.list_submissions(r.connection, countries, None if status is None else [status])


@dataclass(frozen=True)
class StatusGrid:
    plan: str
    year: int
    countries: tuple[str, ...]
    indicators: tuple[str, ...]
    cells: dict[tuple[str, str], str]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for state in self.cells.values():
            out[state] += 1
        return out


def status_grid(desk: Desk, principal: Principal, plan_id: str | None = None) -> StatusGrid:
    states = member_states() if principal.sees_every_state else [principal.country or "-"]
    with desk.store.reader() as r:
        plan = plan_of(r, plan_id)
        codes = [i.code for i in plan.indicators]
        year = template_years(plan, desk.clock())[-1]
        live = repo.value_states(r.connection, states)
        observed = r.observations(indicator=codes, countries=states)
    seen: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in live:
        state = {"pending": "submitted"}.get(row.state, row.state)
        if state != "approved" or row.year == year:
            seen[(row.country, row.indicator)].add(state)
    published: dict[tuple[str, str], set[int]] = defaultdict(set)
    for o in observed:
        published[(o.country, o.indicator)].add(o.year)
    cells = {}
    for country in states:
        for code in codes:
            key = (country, code)
            found = seen.get(key, set())
            first: str | None = next(
                (s for s in ("returned", "submitted", "approved") if s in found), None
            )
            if first is None:
                years = published.get(key, set())
                first = "missing" if not years else ("approved" if year in years else "due")
            cells[key] = first
    return StatusGrid(plan.id, year, tuple(states), tuple(codes), cells)
