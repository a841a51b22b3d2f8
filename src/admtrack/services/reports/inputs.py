"""What a report is made from: the plan, the release, the countries, the sources, the release's
observations and the plan's results.

:func:`plan_results` is the only place the reports get scores, ranks, intervals and verdicts
from: the results service's cache, keyed exactly as the dashboard keys it (plan content and the
store's data revision), so a report and the pages show the same numbers and nothing is computed
twice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from admtrack.domain.framework import Plan
from admtrack.domain.geography import ASEAN_MEMBERS, Country
from admtrack.domain.observations import Observation, Release
from admtrack.errors import AdmtrackError, NotFound
from admtrack.services.scoring import PlanResults, ResultsCache, plan_fingerprint, series_codes
from admtrack.store import SourceRecord, Store


@dataclass(frozen=True)
class ReportInputs:
    plan: Plan
    release: Release
    countries: dict[str, Country]
    sources: dict[str, SourceRecord]
    observations: dict[str, list[Observation]]  # by indicator code, as of the release
    results: PlanResults | None
    results_problem: str = ""  # why there are no results (e.g. a focus area without indicators)

    @property
    def members(self) -> tuple[str, ...]:
        """The member states the results cover, else every member state in the catalogue."""
        if self.results is not None:
            return self.results.units
        return tuple(c for c in ASEAN_MEMBERS if c in self.countries)

    def name(self, iso3: str) -> str:
        c = self.countries.get(iso3)
        return c.name if c is not None else iso3


def plan_results(
    cache: ResultsCache,
    plan: Plan,
    release_id: str,
    revision: int | str,
    observations: dict[str, list[Observation]],
    countries: list[Country],
) -> PlanResults:
    """The plan's results for one release from the results service (computed once, cached)."""

    def load() -> tuple[Plan, list[Observation], list[Country]]:
        rows = [o for code in series_codes(plan) for o in observations.get(code, [])]
        return plan, rows, countries

    fingerprint = f"{plan_fingerprint(plan)}@{revision}"
    return cache.get(plan.id, release_id, load, fingerprint=fingerprint)


def load_inputs(
    store: Store, cache: ResultsCache, plan_id: str, release_id: str | None = None
) -> ReportInputs:
    """Everything a report of ``plan_id`` needs for ``release_id`` (default: the latest)."""
    with store.reader() as r:
        plans = {p.id: p for p in r.list_plans()}
        if plan_id not in plans:
            raise NotFound(f"no plan {plan_id!r}; known: {', '.join(plans) or 'none'}")
        releases = r.releases()
        if not releases:
            raise NotFound("no data release is loaded; run `admtrack init` first")
        if release_id is None:
            release = releases[-1]
        else:
            found = [x for x in releases if x.id == release_id]
            if not found:
                raise NotFound(
                    f"no release {release_id!r}; known: {', '.join(x.id for x in releases)}"
                )
            release = found[0]
        countries = r.countries()
        sources = {s.id: s for s in r.sources()}
        revision = r.data_stamp()
        rows = r.observations(as_of=release.id)
    grouped: dict[str, list[Observation]] = defaultdict(list)
    for o in rows:
        grouped[o.indicator].append(o)
    plan = plans[plan_id]
    results: PlanResults | None = None
    problem = ""
    try:
        results = plan_results(cache, plan, release.id, revision, dict(grouped), countries)
    except AdmtrackError as exc:  # e.g. a plan the engine cannot score yet
        problem = str(exc)
    return ReportInputs(
        plan=plan, release=release, countries={c.iso3: c for c in countries}, sources=sources,
        observations=dict(grouped), results=results, results_problem=problem,
    )  # fmt: skip
