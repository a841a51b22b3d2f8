"""The bundled snapshot: every connector run on its raw files, written as compact, reproducible files.

``build_snapshot(raw_dir)`` reads the raw-data folder laid out as in ``shared/data/SOURCES.md``
(see :data:`SOURCE_FILES`), derives ``BX.KLT.DINV.WD.GD.ZS`` and keeps admtrack's countries
(ASEAN-11, comparators, aggregates) and years >= 2000. ``write_snapshot`` writes
``snapshot.csv.gz`` (columns :data:`COLUMNS`, sorted by indicator, country, year, source; floats
written with ``repr`` so they read back exactly; gzip with mtime 0, so the bytes depend only on
the data) and ``sources.json`` (per source id: publisher, dataset, licence, url, citation,
retrieved). ``read_snapshot`` reads the observations back.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.observations import Observation, Provenance, SourceRef
from admtrack.errors import ImportRejected

from .base import RETRIEVED, Connector, ConnectorRegistry, IngestResult
from .cyberlaw import CyberlawConnector
from .ddf import SERIES, SdgDdfConnector
from .derived import DERIVED_SOURCE, DERIVED_SOURCE_ID, fdi_share_of_gdp
from .egdi import EgdiConnector
from .gci import GciConnector
from .owid import OwidConnector
from .sdmx import SdmxConnector
from .wdi import WdiDatahubConnector, WdiDdfConnector

SNAPSHOT_FILE = "snapshot.csv.gz"
SOURCES_FILE = "sources.json"
COLUMNS = ("indicator", "country", "year", "value", "source", "licence", "file", "row", "column")
FIRST_YEAR = 2000

#: (connector id, glob pattern relative to the raw folder) for every file the snapshot reads.
SOURCE_FILES: tuple[tuple[str, str], ...] = (
    ("wdi", "worldbank_wdi_datahub/*/data.csv"),
    ("wdi-ddf", "worldbank_wdi_open_numbers/ddf--datapoints--*--by--geo--time.csv"),
    ("owid", "owid_itu_internet_users/share-of-individuals-using-the-internet.csv"),
    ("un-egdi", "un_egdi/*.csv"),
    ("itu-gci", "itu_gci/gci_2020.csv"),
    ("unctad-cyberlaw", "unctad_cyberlaw_tracker/data.csv"),
    *(("un-sdg", f"un_sdg_open_numbers/ddf--datapoints--{c}--by--*.csv") for c in sorted(SERIES)),
)


def default_registry() -> ConnectorRegistry:
    """A registry holding one instance of every file connector admtrack ships."""
    registry = ConnectorRegistry()
    connectors: tuple[Connector, ...] = (
        WdiDatahubConnector(),
        WdiDdfConnector(),
        OwidConnector(),
        EgdiConnector(),
        GciConnector(),
        CyberlawConnector(),
        SdgDdfConnector(),
        SdmxConnector(),
    )
    for connector in connectors:
        registry.register(connector)
    return registry


@dataclass(frozen=True, slots=True)
class SnapshotResult:
    observations: tuple[Observation, ...]
    issues: tuple[Issue, ...]
    sources: dict[str, SourceRef]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]


def _keep(observation: Observation) -> bool:
    return observation.year >= FIRST_YEAR and observation.country in COUNTRIES_BY_ISO3


def _sort_key(observation: Observation) -> tuple[str, str, int, str]:
    return (observation.indicator, observation.country, observation.year, observation.source)


def build_snapshot(raw_dir: Path, registry: ConnectorRegistry | None = None) -> SnapshotResult:
    """Run every connector of :data:`SOURCE_FILES` on ``raw_dir`` and derive FDI % of GDP.

    A pattern that matches no file is a ``file.missing`` error; an (indicator, country, year)
    given by two sources is an ``obs.duplicate`` error.
    """
    registry = registry or default_registry()
    results: list[IngestResult] = []
    sources: dict[str, SourceRef] = {}
    for connector_id, pattern in SOURCE_FILES:
        connector = registry.get(connector_id)
        paths = sorted(raw_dir.glob(pattern))
        if not paths:
            issue = Issue("file.missing", Severity.ERROR, "no file matches", Location(pattern))
            results.append(IngestResult((), (issue,)))
        for path in paths:
            results.append(connector.read(path, path.relative_to(raw_dir).as_posix()))
        sources[connector_id] = connector.source
    read = IngestResult.combine(results)
    derived = fdi_share_of_gdp(read.observations)
    sources[DERIVED_SOURCE_ID] = DERIVED_SOURCE
    everything = read + derived
    kept = sorted((o for o in everything.observations if _keep(o)), key=_sort_key)
    issues = list(everything.issues)
    seen: dict[tuple[str, str, int], Observation] = {}
    unique: list[Observation] = []
    for obs in kept:
        if obs.key in seen:
            first = seen[obs.key]
            message = f"{'/'.join(map(str, obs.key))} is also given by source {first.source!r}"
            place = obs.provenance or Provenance(obs.source)
            issues.append(
                Issue(
                    "obs.duplicate",
                    Severity.ERROR,
                    message,
                    Location(place.file, place.row, place.column),
                )
            )
            continue
        seen[obs.key] = obs
        unique.append(obs)
    return SnapshotResult(tuple(unique), tuple(issues), dict(sorted(sources.items())))


def snapshot_csv_bytes(result: SnapshotResult) -> bytes:
    """The gzip-compressed CSV of the observations (mtime 0, no file name: reproducible)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for obs in sorted(result.observations, key=_sort_key):
        prov = obs.provenance or Provenance("")
        licence = result.sources[obs.source].licence if obs.source in result.sources else ""
        writer.writerow(
            (
                obs.indicator,
                obs.country,
                obs.year,
                repr(obs.value),
                obs.source,
                licence,
                prov.file,
                "" if prov.row is None else prov.row,
                prov.column or "",
            )
        )
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def sources_json_bytes(result: SnapshotResult, retrieved: date = RETRIEVED) -> bytes:
    """``{source id: {publisher, dataset, licence, url, citation, retrieved}}`` as sorted JSON."""
    payload = {
        source_id: {
            "publisher": ref.publisher,
            "dataset": ref.dataset,
            "licence": ref.licence,
            "url": ref.url,
            "citation": ref.citation,
            "retrieved": retrieved.isoformat(),
        }
        for source_id, ref in sorted(result.sources.items())
    }
    return (json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def write_snapshot(result: SnapshotResult, out_dir: Path) -> dict[str, int]:
    """Write ``snapshot.csv.gz`` and ``sources.json``; returns the byte size of each file.

    Raises :class:`ImportRejected` (writing nothing) if the result holds any error.
    """
    if result.errors:
        raise ImportRejected("bundled snapshot", list(result.errors))
    files = {SNAPSHOT_FILE: snapshot_csv_bytes(result), SOURCES_FILE: sources_json_bytes(result)}
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}


def read_snapshot(directory: Path) -> list[Observation]:
    """The observations of ``directory/snapshot.csv.gz``, with provenance and retrieval date."""
    sources = json.loads((directory / SOURCES_FILE).read_text(encoding="utf-8"))
    text = gzip.decompress((directory / SNAPSHOT_FILE).read_bytes()).decode("utf-8")
    observations: list[Observation] = []
    for record in csv.DictReader(io.StringIO(text)):
        retrieved = sources.get(record["source"], {}).get("retrieved")
        provenance = Provenance(
            record["file"],
            int(record["row"]) if record["row"] else None,
            record["column"] or None,
            date.fromisoformat(retrieved) if retrieved else None,
        )
        observations.append(
            Observation(
                record["indicator"],
                record["country"],
                int(record["year"]),
                float(record["value"]),
                record["source"],
                provenance=provenance,
            )
        )
    return observations
