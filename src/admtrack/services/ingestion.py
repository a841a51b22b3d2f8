"""Importing observations: a connector reads the file, every problem is collected, and only a
clean batch is written, in one transaction. A rejected file leaves the database untouched.

A file without any value is refused (``file.no-data-rows``). An import never writes into the
bundled release (``release.published``) and never changes a value a release already holds
(``release.would-overwrite``): a revised figure goes into a new release, so a published
number can always be reproduced. Re-importing identical values is a no-op."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
import sqlalchemy as sa

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.observations import Observation, Release, SourceRef
from admtrack.errors import ImportRejected, NotFound
from admtrack.ingest.base import IngestResult
from admtrack.ingest.snapshot import default_registry
from admtrack.ingest.tabular import read_template
from admtrack.ingest.worldbank_api import WorldBankApiConnector
from admtrack.services.setup import BUNDLED_RELEASE
from admtrack.store.records import ChangeCounts, SourceRecord
from admtrack.store.unit_of_work import Reader, Store

TEMPLATE = "template"


@dataclass(frozen=True)
class ImportReport:
    file: str
    source: str
    release: str
    counts: ChangeCounts
    warnings: tuple[str, ...]


def connector_ids() -> list[str]:
    return [TEMPLATE, *default_registry().ids()]


def read_file(
    engine: sa.Engine, path: Path, source: str
) -> tuple[IngestResult, SourceRecord | None]:
    """Read ``path`` with the connector ``source`` (``template`` for the user template, whose
    indicators must belong to a stored plan). Returns the result and, for a template, the source
    record the submission is filed under."""
    if not path.is_file():
        raise NotFound(f"no file at {path}")
    if source == TEMPLATE:
        with Store(engine).reader() as r:
            known = {i.code for plan in r.list_plans() for i in plan.indicators}
        source_id = f"submission:{path.name}"
        record = SourceRecord(
            id=source_id,
            ref=SourceRef(
                publisher="National submission",
                dataset=path.name,
                licence="as agreed with the submitting member state",
            ),
            retrieved=date.today(),
        )
        return read_template(path, known, source_id=source_id, retrieved=date.today()), record
    registry = default_registry()
    if source not in registry.ids():
        raise NotFound(f"unknown source {source!r}; one of: {', '.join(connector_ids())}")
    connector = registry.get(source)
    # an SDMX message is not one of the bundled sources: register it under its connector's id
    if source == "sdmx":
        return connector.read(path), SourceRecord(connector.id, connector.source, date.today())
    return connector.read(path), None


def _store_batch(
    engine: sa.Engine,
    result: IngestResult,
    label: str,
    record: SourceRecord | None,
    release: Release | None,
    actor: str,
    reason: str | None = None,
) -> tuple[str, ChangeCounts]:
    """Refuse a batch with any error, without a single observation (``file.no-data-rows``), aimed
    at the bundled release, or changing a value a release already holds; else write it in one
    transaction. A refused batch writes nothing."""
    if result.errors:
        raise ImportRejected(label, list(result.errors))
    if not result.observations:
        issue = Issue(
            "file.no-data-rows",
            Severity.ERROR,
            "no data rows: the file holds no value to import",
            Location(label, 2),
        )
        raise ImportRejected(label, [issue])
    release = release or Release(id=f"import-{date.today().isoformat()}", published=date.today())
    if release.id == BUNDLED_RELEASE.id:
        message = (
            f"release {release.id} is the published bundled release and cannot be changed; "
            "import into a new release (--release NAME)"
        )
        raise ImportRejected(
            label, [Issue("release.published", Severity.ERROR, message, Location(label))]
        )
    with Store(engine).transaction(actor=actor) as tx:
        if release.id in {r.id for r in tx.releases()}:
            conflicts = overwrites(tx, result.observations, release.id)
            if conflicts:
                raise ImportRejected(label, [*conflicts])
        if record is not None:
            tx.save_sources([record])
        if release.id not in {r.id for r in tx.releases()}:
            tx.create_release(release)
        counts = tx.upsert_observations(list(result.observations), release.id, reason)
    return release.id, counts


def overwrites(reader: Reader, batch: Sequence[Observation], release: str) -> list[Issue]:
    """``release.would-overwrite`` for each observation of ``batch`` whose key ``release``
    already holds with another value, status or source (located at the batch's row)."""
    stored = {
        o.key: o
        for o in reader.observations(
            indicator=sorted({o.indicator for o in batch}), release=release
        )
    }
    issues = []
    for obs in batch:
        old = stored.get(obs.key)
        if old is None or (old.value, old.status, old.source) == (
            obs.value,
            obs.status,
            obs.source,
        ):
            continue
        p = obs.provenance
        message = (
            f"release {release} already holds {obs.indicator}/{obs.country}/{obs.year} = "
            f"{old.value:g} ({old.status.value}, {old.source}); a release is never overwritten: "
            "import into a new release (--release NAME)"
        )
        location = Location(p.file, p.row, p.column) if p else Location(release)
        issues.append(Issue("release.would-overwrite", Severity.ERROR, message, location))
    return issues


def fetch_worldbank(
    engine: sa.Engine,
    client: httpx.Client,
    series: Sequence[str],
    countries: Sequence[str],
    start: int,
    end: int,
    release: Release | None = None,
    actor: str = "cli:data fetch",
) -> ImportReport:
    """Fetch series from the World Bank Indicators API (the client is injected: its timeouts,
    proxies or a recorded transport are the caller's) and import them all-or-nothing."""
    connector = WorldBankApiConnector(client)
    result = IngestResult.combine(
        connector.fetch(code, countries, start, end, date.today()) for code in series
    )
    record = SourceRecord(connector.id, connector.source, date.today())
    label = f"World Bank API ({', '.join(series)})"
    release_id, counts = _store_batch(engine, result, label, record, release, actor)
    warnings = tuple(str(i) for i in result.issues if not i.is_error)
    return ImportReport(label, connector.id, release_id, counts, warnings)


def import_file(
    engine: sa.Engine,
    path: Path,
    source: str = TEMPLATE,
    release: Release | None = None,
    actor: str = "cli:data import",
    reason: str | None = None,
) -> ImportReport:
    """All-or-nothing, idempotent import of one file into ``release`` (default: a release named
    after today's date, created if needed). ``reason`` (a review's) is kept on every value the
    import adds or revises, for the release's changelog."""
    result, record = read_file(engine, path, source)
    release_id, counts = _store_batch(engine, result, path.name, record, release, actor, reason)
    warnings = tuple(str(i) for i in result.issues if not i.is_error)
    return ImportReport(path.name, source, release_id, counts, warnings)
