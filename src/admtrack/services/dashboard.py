"""What every dashboard and API request shares (the web's context, as a service): the store,
the results cache and a catalogue of the reference data (plans, countries, releases, sources)
and of each release's observations. Results come from :mod:`admtrack.services.scoring` only.

Observations and results are read and computed once per data revision of the store (the id of
its newest audit entry, which every write changes) and kept in memory; the revision is checked at
most every ``refresh_seconds``, so `admtrack data import`, `plans import` or `actions import` are
picked up without a restart, even when they write into an existing release.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.geography import ASEAN_MEMBERS, Country
from admtrack.domain.observations import Observation, Release
from admtrack.errors import AdmtrackError, NotFound
from admtrack.services.scoring import PlanResults, ResultsCache, plan_fingerprint, series_codes
from admtrack.store import SourceRecord, Store, create_engine_for

__all__ = ["DEFAULT_PLAN", "Catalog", "SourceRecord", "WebContext", "context_on", "make_context"]

DEFAULT_PLAN = "adm2025"


@dataclass(frozen=True)
class Catalog:
    plans: dict[str, Plan]
    countries: dict[str, Country]
    releases: tuple[Release, ...]
    sources: dict[str, SourceRecord]
    revision: int = 0  # the store's data revision these were read at
    stamp: str = "0"  # that revision with the time it was written (keys results kept on disk)

    @property
    def latest_release(self) -> Release | None:
        """The newest published release (drafts are not shown to the public)."""
        published = [r for r in self.releases if r.is_published]
        return published[-1] if published else None

    def release_as_of(self, day: date) -> Release:
        """The newest release published on or before ``day``."""
        published = [r for r in self.releases if r.is_published and r.published <= day]
        if not published:
            raise NotFound(f"no release was published on or before {day.isoformat()}")
        return published[-1]

    @property
    def members(self) -> tuple[Country, ...]:
        return tuple(self.countries[c] for c in ASEAN_MEMBERS if c in self.countries)

    def plan(self, plan_id: str | None) -> Plan:
        if plan_id is None:
            if DEFAULT_PLAN in self.plans:
                return self.plans[DEFAULT_PLAN]
            if not self.plans:
                raise NotFound("no plan is loaded; run `admtrack init` first")
            return next(iter(self.plans.values()))
        try:
            return self.plans[plan_id]
        except KeyError:
            raise NotFound(f"no plan {plan_id!r}; known: {', '.join(self.plans)}") from None

    def release(self, release_id: str | None) -> Release:
        if release_id is None:
            if self.latest_release is None:
                raise NotFound("no data release is loaded; run `admtrack init` first")
            return self.latest_release
        for r in self.releases:
            if r.id == release_id and r.is_published:
                return r
        raise NotFound(
            f"no published release {release_id!r}; known: "
            f"{', '.join(r.id for r in self.releases if r.is_published)}"
        )

    def country(self, iso3: str) -> Country:
        try:
            return self.countries[iso3.upper()]
        except KeyError:
            raise NotFound(f"no country {iso3!r}") from None

    def indicator(self, plan: Plan, code: str) -> Indicator:
        try:
            return plan.indicator(code)
        except KeyError:
            raise NotFound(f"plan {plan.id} has no indicator {code!r}") from None

    def name(self, iso3: str) -> str:
        c = self.countries.get(iso3)
        return c.name if c is not None else iso3


@dataclass
class WebContext:
    store: Store
    cache: ResultsCache
    refresh_seconds: float = 5.0
    _catalog: Catalog | None = None
    _checked: float = 0.0
    _observations: dict[str, dict[str, list[Observation]]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def catalog(self) -> Catalog:
        now = time.monotonic()
        if self._catalog is not None and now - self._checked < self.refresh_seconds:
            return self._catalog
        with self._lock:
            with self.store.reader() as r:
                revision = r.data_revision()
                if self._catalog is None or revision != self._catalog.revision:
                    self._catalog = Catalog(
                        plans={p.id: p for p in r.list_plans()},
                        countries={c.iso3: c for c in r.countries()},
                        releases=tuple(r.releases()),
                        sources={s.id: s for s in r.sources()},
                        revision=revision,
                        stamp=r.data_stamp(),
                    )
                    self._observations.clear()
            self._checked = now
            return self._catalog

    def observations(self, release_id: str) -> dict[str, list[Observation]]:
        """The data as published with a release, by indicator code, ordered by (country, year):
        each value from the newest release up to this one that has it (a submission filed as a
        new release adds to the bundled data rather than replacing it)."""
        self.catalog()  # drops the cached observations when the store has changed
        cached = self._observations.get(release_id)
        if cached is not None:
            return cached
        with self._lock:
            if release_id not in self._observations:
                with self.store.reader() as r:
                    rows = r.observations(as_of=release_id)
                grouped: dict[str, list[Observation]] = defaultdict(list)
                for o in rows:
                    grouped[o.indicator].append(o)
                self._observations[release_id] = dict(grouped)
            return self._observations[release_id]

    def results(self, plan_id: str | None = None, release_id: str | None = None) -> PlanResults:
        catalog = self.catalog()
        plan = catalog.plan(plan_id)
        release = catalog.release(release_id)

        def load() -> tuple[Plan, list[Observation], list[Country]]:
            by_code = self.observations(release.id)
            rows = [o for code in series_codes(plan) for o in by_code.get(code, [])]
            return plan, rows, list(catalog.countries.values())

        fingerprint = f"{plan_fingerprint(plan)}@{catalog.stamp}"
        return self.cache.get(plan.id, release.id, load, fingerprint=fingerprint)

    def warm(self, plans: Sequence[str] | None = None, *, observations: bool = False) -> list[str]:
        """Compute (or load from disk) the results of ``plans`` (default: every plan) for the
        latest published release, so that no page request has to, and with ``observations``
        read that release's observations too (the pages show them); returns the plan ids done
        (none without a published release; a plan the engine refuses is left to its pages,
        which explain why)."""
        catalog = self.catalog()
        if catalog.latest_release is None:
            return []
        done = []
        for plan_id in plans if plans is not None else list(catalog.plans):
            try:
                self.results(plan_id, catalog.latest_release.id)
            except AdmtrackError:
                continue
            done.append(plan_id)
        if observations:
            self.observations(catalog.latest_release.id)
        return done

    @property
    def engine(self) -> sa.Engine:
        """The database engine, for the services that share the dashboard's connections."""
        return self.store.engine

    def close(self) -> None:
        """Release the database connections."""
        self.store.engine.dispose()


def make_context(database_url: str, cache_dir: Path | None, samples: int = 1000) -> WebContext:
    """The context on the database at ``database_url``, caching results under ``cache_dir``."""
    return context_on(create_engine_for(database_url), cache_dir, samples)


def context_on(engine: sa.Engine, cache_dir: Path | None, samples: int = 1000) -> WebContext:
    """The context on an open database ``engine`` (e.g. ``admtrack init``'s)."""
    return WebContext(store=Store(engine), cache=ResultsCache(cache_dir, samples=samples))
