"""What every dashboard and API request shares (the web's context, as a service): the store,
the results cache and a catalogue of the reference data (plans, countries, releases, sources)
and of each release's observations. Results come from :mod:`admtrack.services.scoring` only.

Observations and results are read and computed once per data revision of the store (the id of
its newest audit entry, which every write changes) and kept in memory; the revision is checked at
most every ``refresh_seconds``, so `admtrack data import`, `plans import` or `actions import` are
picked up without a restart, even when they write into an existing release.

A request may pin the release it reads (``?release=ID`` or ``?as_of=YYYY-MM-DD``):
:meth:`Catalog.resolve` finds it and :meth:`WebContext.pinned` gives the same context with that
release as the default of every read, so the pages and the API never pass it along by hand.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.geography import ASEAN_MEMBERS, Country
from admtrack.domain.observations import Observation, Release
from admtrack.domain.text import Message
from admtrack.errors import AdmtrackError, NotFound, ValidationError
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
    selected: str | None = None  # the release a request pinned (None: the latest)

    @property
    def latest_release(self) -> Release | None:
        """The newest published release (drafts are not shown to the public)."""
        published = [r for r in self.releases if r.is_published]
        return published[-1] if published else None

    @property
    def published(self) -> tuple[Release, ...]:
        """The published releases, oldest first."""
        return tuple(r for r in self.releases if r.is_published)

    def resolve(self, release_id: str | None, as_of: date | None) -> Release | None:
        """The published release a reader asked for by id or by date (None: neither given).
        Unknown id or a date before the first release: NotFound; both given: ValidationError."""
        if release_id is not None and as_of is not None:
            raise ValidationError("query.as_of", ["give either release or as_of, not both"])
        if as_of is not None:
            return self.release_as_of(as_of)
        if release_id is not None:
            return self.release(release_id)
        return None

    def pinned(self, release_id: str | None) -> Catalog:
        """This catalogue with ``release_id`` as the release shown by default."""
        return self if release_id == self.selected else replace(self, selected=release_id)

    @property
    def is_older(self) -> bool:
        """Is the release shown by default an older one than the latest?"""
        latest = self.latest_release
        return self.selected is not None and latest is not None and self.selected != latest.id

    def release_as_of(self, day: date) -> Release:
        """The newest release published on or before ``day``."""
        published = [r for r in self.releases if r.is_published and r.published <= day]
        if not published:
            raise NotFound(
                Message("no release was published on or before %(day)s", day=day.isoformat())
            )
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
            raise NotFound(
                Message(
                    "no plan %(plan)r; known: %(known)s", plan=plan_id, known=", ".join(self.plans)
                )
            ) from None

    def release(self, release_id: str | None) -> Release:
        """The published release ``release_id``; None: the pinned one, else the latest."""
        release_id = release_id if release_id is not None else self.selected
        if release_id is None:
            if self.latest_release is None:
                raise NotFound("no data release is loaded; run `admtrack init` first")
            return self.latest_release
        for r in self.releases:
            if r.id == release_id and r.is_published:
                return r
        known = ", ".join(r.id for r in self.releases if r.is_published)
        raise NotFound(
            Message("no published release %(release)r; known: %(known)s", release=release_id,
                    known=known)
        )  # fmt: skip

    def country(self, iso3: str) -> Country:
        try:
            return self.countries[iso3.upper()]
        except KeyError:
            raise NotFound(Message("no country %(iso3)r", iso3=iso3)) from None

    def indicator(self, plan: Plan, code: str) -> Indicator:
        try:
            return plan.indicator(code)
        except KeyError:
            raise NotFound(
                Message("plan %(plan)s has no indicator %(code)r", plan=plan.id, code=code)
            ) from None

    def name(self, iso3: str) -> str:
        c = self.countries.get(iso3)
        return c.name if c is not None else iso3


@dataclass
class _Shared:
    """What every view of one context shares: the catalogue and observations read per data
    revision, and the lock that guards them."""

    catalog: Catalog | None = None
    checked: float = 0.0
    writes: int = 0
    observations: dict[str, dict[str, list[Observation]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class WebContext:
    store: Store
    cache: ResultsCache
    refresh_seconds: float = 5.0
    #: the release this view reads by default (``?release=`` / ``?as_of=``); None: the latest
    selected: str | None = None
    _shared: _Shared = field(default_factory=_Shared)

    def pinned(self, release_id: str | None) -> WebContext:
        """The same context (shared caches) reading ``release_id`` by default."""
        return self if release_id == self.selected else replace(self, selected=release_id)

    def catalog(self) -> Catalog:
        return self._read_catalog().pinned(self.selected)

    def invalidate(self) -> None:
        """Read the store's revision again on the next request (after a write made here)."""
        self._shared.checked = float("-inf")
        self._shared.writes += 1

    @property
    def writes(self) -> int:
        """How many times :meth:`invalidate` ran (the page cache reads the revision again)."""
        return self._shared.writes

    def _read_catalog(self) -> Catalog:
        shared = self._shared
        now = time.monotonic()
        if shared.catalog is not None and now - shared.checked < self.refresh_seconds:
            return shared.catalog
        with shared.lock:
            with self.store.reader() as r:
                revision = r.data_revision()
                if shared.catalog is None or revision != shared.catalog.revision:
                    shared.catalog = Catalog(
                        plans={p.id: p for p in r.list_plans()},
                        countries={c.iso3: c for c in r.countries()},
                        releases=tuple(r.releases()),
                        sources={s.id: s for s in r.sources()},
                        revision=revision,
                        stamp=r.data_stamp(),
                    )
                    shared.observations.clear()
            shared.checked = now
            return shared.catalog

    def observations(self, release_id: str) -> dict[str, list[Observation]]:
        """The data as published with a release, by indicator code, ordered by (country, year):
        each value from the newest release up to this one that has it (a submission filed as a
        new release adds to the bundled data rather than replacing it)."""
        self._read_catalog()  # drops the cached observations when the store has changed
        shared = self._shared
        cached = shared.observations.get(release_id)
        if cached is not None:
            return cached
        with shared.lock:
            if release_id not in shared.observations:
                with self.store.reader() as r:
                    rows = r.observations(as_of=release_id)
                grouped: dict[str, list[Observation]] = defaultdict(list)
                for o in rows:
                    grouped[o.indicator].append(o)
                shared.observations[release_id] = dict(grouped)
            return shared.observations[release_id]

    def results(self, plan_id: str | None = None, release_id: str | None = None) -> PlanResults:
        """A plan's results on ``release_id`` (None: the pinned release, else the latest)."""
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
