"""``admtrack init``: migrate the database and load the built-in plans, countries, sources and the
bundled snapshot as one release. Idempotent: a second run changes nothing.

A release is never overwritten: a value the bundled release already holds with another value,
status or source (written there by an older admtrack, which let imports into it) is kept as
stored and counted in :attr:`InitReport.kept`; init only adds the values it lacks."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.geography import COUNTRIES
from admtrack.domain.observations import Observation, Release, SourceRef
from admtrack.errors import ValidationError
from admtrack.ingest.plan_files import builtin_plans
from admtrack.ingest.snapshot import SOURCES_FILE, read_snapshot
from admtrack.store.engine import upgrade
from admtrack.store.records import ChangeCounts, SourceRecord
from admtrack.store.unit_of_work import Store

#: The bundled data are one release, dated by the retrieval of the raw files they were built from.
BUNDLED_RELEASE = Release(
    id="bundled-2026-11-29",
    published=date(2026, 11, 29),
    description="Public data bundled with admtrack, built by `admtrack data snapshot` from files retrieved 2026-11-29.",
)


def bundled_data_dir() -> Path:
    return Path(str(resources.files("admtrack.data")))


def bundled_sources(data_dir: Path | None = None) -> list[SourceRecord]:
    folder = data_dir or bundled_data_dir()
    raw = json.loads((folder / SOURCES_FILE).read_text(encoding="utf-8"))
    return [
        SourceRecord(
            id=source_id,
            ref=SourceRef(
                publisher=meta.get("publisher", ""),
                dataset=meta.get("dataset", ""),
                licence=meta.get("licence", ""),
                url=meta.get("url", ""),
                citation=meta.get("citation", ""),
                vintage=meta.get("vintage", ""),
            ),
            retrieved=date.fromisoformat(meta["retrieved"]) if meta.get("retrieved") else None,
        )
        for source_id, meta in sorted(raw.items())
    ]


@dataclass(frozen=True)
class InitReport:
    plans: ChangeCounts
    countries: ChangeCounts
    sources: ChangeCounts
    observations: ChangeCounts
    release: str
    seconds: float


def _compare_published(stored: list[Observation], bundled: list[Observation]) -> ChangeCounts:
    if {o.key: o for o in stored} != {o.key: o for o in bundled}:
        raise ValidationError(
            f"release {BUNDLED_RELEASE.id!r}",
            ["is published and differs from the bundled snapshot; it cannot be rewritten"],
        )
    return ChangeCounts(unchanged=len(bundled))


def initialise(engine: sa.Engine, actor: str = "cli:init") -> InitReport:
    """Bring the schema to head and load the bundled content in one transaction (never changing
    a value the bundled release already holds)."""
    started = time.perf_counter()
    upgrade(engine)
    observations = read_snapshot(bundled_data_dir())
    with Store(engine).transaction(actor=actor) as tx:
        countries = tx.save_countries(COUNTRIES)
        sources = tx.save_sources(bundled_sources())
        plan_counts = [tx.save_plan(plan) for plan in builtin_plans()]
        stored = {r.id: r for r in tx.releases()}.get(BUNDLED_RELEASE.id)
        if stored is None:
            tx.create_release(BUNDLED_RELEASE)
        if stored is None or not stored.is_published:
            loaded = tx.upsert_observations(observations, BUNDLED_RELEASE.id)
            tx.publish_release(BUNDLED_RELEASE.id, BUNDLED_RELEASE.published)
        else:  # published, so immutable: a second run only confirms it holds the snapshot
            loaded = _compare_published(tx.observations(release=BUNDLED_RELEASE.id), observations)
    return InitReport(
        plans=ChangeCounts(
            inserted=sum(c.inserted for c in plan_counts),
            updated=sum(c.updated for c in plan_counts),
            unchanged=sum(c.unchanged for c in plan_counts),
        ),
        countries=countries,
        sources=sources,
        observations=loaded,
        release=BUNDLED_RELEASE.id,
        seconds=time.perf_counter() - started,
    )
