"""Importing observations: a connector reads the file, every problem is collected, and only a
clean batch is written, in one transaction. A rejected file leaves the database untouched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.observations import Release, SourceRef
from admtrack.errors import ImportRejected, NotFound
from admtrack.ingest.base import IngestResult
from admtrack.ingest.snapshot import default_registry
from admtrack.ingest.tabular import read_template
from admtrack.store.records import ChangeCounts, SourceRecord
from admtrack.store.unit_of_work import Store

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
    return registry.get(source).read(path), None


def import_file(
    engine: sa.Engine,
    path: Path,
    source: str = TEMPLATE,
    release: Release | None = None,
    actor: str = "cli:data import",
) -> ImportReport:
    """All-or-nothing, idempotent import of one file into ``release`` (default: a release named
    after today's date, created if needed)."""
    result, record = read_file(engine, path, source)
    if result.errors:
        raise ImportRejected(path.name, list(result.errors))
    release = release or Release(id=f"import-{date.today().isoformat()}", published=date.today())
    with Store(engine).transaction(actor=actor) as tx:
        if record is not None:
            tx.save_sources([record])
        if release.id not in {r.id for r in tx.releases()}:
            tx.create_release(release)
        counts = tx.upsert_observations(list(result.observations), release.id)
    warnings = tuple(str(i) for i in result.issues if not i.is_error)
    return ImportReport(path.name, source, release.id, counts, warnings)
