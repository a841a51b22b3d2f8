"""The bundled snapshot: every connector run on its raw files, written as compact, reproducible files.

``build_snapshot(raw_dir)`` reads the raw-data folder laid out as in ``shared/data/SOURCES.md``
(see :data:`SOURCE_FILES`), derives ``BX.KLT.DINV.WD.GD.ZS`` and the Findex gender gap ``FX.OWN.TOTL.(ABS)GAP`` and keeps admtrack's countries
(ASEAN-11, comparators, aggregates) and years >= 2000. Where sources are vintages of one series
(:mod:`admtrack.ingest.vintages`) the latest vintage's value is used and the older ones are
kept as superseded. ``write_snapshot`` writes ``snapshot.csv.gz`` (the values used) and
``superseded.csv.gz`` (the older vintages), both with columns :data:`COLUMNS` (each value's
licence, vintage, file, row, column and provenance note), sorted by indicator, country, year,
source; floats written with ``repr`` so they read back exactly; gzip with mtime 0, so the bytes
depend only on the data; and ``sources.json`` (per source id: publisher, dataset, licence,
url, citation, vintage, retrieved). ``read_snapshot`` reads the values used back,
``read_superseded`` the older vintages.
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

from .base import (
    HAND_COPIED,
    RETRIEVED,
    RETRIEVED_ROUND2,
    Connector,
    ConnectorRegistry,
    IngestResult,
)
from .cyberlaw import CyberlawConnector
from .data360 import Data360Connector
from .ddf import SDG_2023, SERIES, SERIES_2023, SdgDdfConnector
from .derived import (
    DERIVED_SOURCE,
    DERIVED_SOURCE_ID,
    FINDEX_GAP_SOURCE,
    FINDEX_GAP_SOURCE_ID,
    fdi_share_of_gdp,
    findex_gender_gap,
)
from .egdi import EgdiConnector
from .gci import GciConnector
from .gci_wide import GciWideConnector
from .itu_prices import ItuPriceBasketsConnector
from .owid import OwidConnector, mobile_coverage_connector
from .sdmx import SdmxConnector
from .vintages import resolve_vintages
from .wdi import DATAHUB, OPEN_NUMBERS_2, WdiDatahubConnector, WdiDdfConnector

SNAPSHOT_FILE = "snapshot.csv.gz"
SUPERSEDED_FILE = "superseded.csv.gz"
SOURCES_FILE = "sources.json"
COLUMNS = (
    "indicator", "country", "year", "value", "source", "licence", "vintage",
    "file", "row", "column", "note",
)  # fmt: skip
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
    # second collection round (SOURCES.md, "Second collection round")
    *(
        ("un-sdg-2023", f"un_sdg_open_numbers_2023/ddf--datapoints--{c}--by--*.csv")
        for c in sorted(SERIES_2023)
    ),
    (
        "owid-sdg",
        "owid_sdg_mobile_coverage/population-covered-by-mobile-network-by-network-capability.csv",
    ),
    ("itu-gci-2024", "itu_gci_2024/gci_2024.csv"),
    ("itu-prices", "itu_ict_price_baskets/itu_affordability_latest.csv"),
    ("unctad-dds", "unctad_digitally_deliverable_services/UNCTAD_DE.csv"),
    ("wdi-ddf-2", "worldbank_wdi_open_numbers_2/ddf--datapoints--*--by--geo--time.csv"),
    ("wdi-extra", "worldbank_wdi_datahub_extra/*/data.csv"),
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
        SdgDdfConnector("un-sdg-2023", SDG_2023, SERIES_2023, RETRIEVED_ROUND2),
        mobile_coverage_connector(),
        GciWideConnector(),
        ItuPriceBasketsConnector(),
        Data360Connector(),
        WdiDdfConnector("wdi-ddf-2", OPEN_NUMBERS_2, RETRIEVED_ROUND2, HAND_COPIED),
        WdiDatahubConnector("wdi-extra", DATAHUB, RETRIEVED_ROUND2),
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
    #: values of older vintages, replaced by a later vintage of the same series
    superseded: tuple[Observation, ...] = ()
    #: retrieval date per source id (default :data:`RETRIEVED`)
    retrieved: dict[str, date] | None = None

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
    given by two sources is an ``obs.duplicate`` error unless the sources are vintages of one
    series (then the latest is used and the others are superseded).
    """
    registry = registry or default_registry()
    results: list[IngestResult] = []
    sources: dict[str, SourceRef] = {}
    retrieved: dict[str, date] = {}
    for connector_id, pattern in SOURCE_FILES:
        connector = registry.get(connector_id)
        paths = sorted(raw_dir.glob(pattern))
        if not paths:
            issue = Issue("file.missing", Severity.ERROR, "no file matches", Location(pattern))
            results.append(IngestResult((), (issue,)))
        for path in paths:
            results.append(connector.read(path, path.relative_to(raw_dir).as_posix()))
        sources[connector_id] = connector.source
        retrieved[connector_id] = getattr(connector, "retrieved", RETRIEVED)
    read = IngestResult.combine(results)
    derived = fdi_share_of_gdp(read.observations) + findex_gender_gap(read.observations)
    sources[DERIVED_SOURCE_ID] = DERIVED_SOURCE
    sources[FINDEX_GAP_SOURCE_ID] = FINDEX_GAP_SOURCE
    retrieved[FINDEX_GAP_SOURCE_ID] = RETRIEVED_ROUND2
    everything = read + derived
    kept = sorted((o for o in everything.observations if _keep(o)), key=_sort_key)
    resolved = resolve_vintages(kept)
    return SnapshotResult(
        tuple(sorted(resolved.used, key=_sort_key)),
        (*everything.issues, *resolved.issues),
        dict(sorted(sources.items())),
        tuple(sorted(resolved.superseded, key=_sort_key)),
        retrieved,
    )


def snapshot_csv_bytes(result: SnapshotResult, superseded: bool = False) -> bytes:
    """The gzip-compressed CSV of the values used (or, with ``superseded``, of the older
    vintages), mtime 0 and no file name: reproducible."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    rows = result.superseded if superseded else result.observations
    for obs in sorted(rows, key=_sort_key):
        prov = obs.provenance or Provenance("")
        ref = result.sources.get(obs.source)
        writer.writerow(
            (
                obs.indicator,
                obs.country,
                obs.year,
                repr(obs.value),
                obs.source,
                ref.licence if ref else "",
                ref.vintage if ref else "",
                prov.file,
                "" if prov.row is None else prov.row,
                prov.column or "",
                prov.note or "",
            )
        )
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.getvalue().encode("utf-8"))
    return buffer.getvalue()


def sources_json_bytes(result: SnapshotResult, retrieved: date = RETRIEVED) -> bytes:
    """``{source id: {publisher, dataset, licence, url, citation, vintage, retrieved}}`` as
    sorted JSON (``retrieved``: the source's own date in the result, else ``retrieved``)."""
    dates = result.retrieved or {}
    payload = {
        source_id: {
            "publisher": ref.publisher,
            "dataset": ref.dataset,
            "licence": ref.licence,
            "url": ref.url,
            "citation": ref.citation,
            "vintage": ref.vintage,
            "retrieved": dates.get(source_id, retrieved).isoformat(),
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
    files = {
        SNAPSHOT_FILE: snapshot_csv_bytes(result),
        SUPERSEDED_FILE: snapshot_csv_bytes(result, superseded=True),
        SOURCES_FILE: sources_json_bytes(result),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
    return {name: len(data) for name, data in files.items()}


def read_snapshot(directory: Path, file: str = SNAPSHOT_FILE) -> list[Observation]:
    """The observations of ``directory/snapshot.csv.gz`` (the values used), with provenance,
    note and retrieval date."""
    sources = json.loads((directory / SOURCES_FILE).read_text(encoding="utf-8"))
    path = directory / file
    if file == SUPERSEDED_FILE and not path.is_file():
        return []
    text = gzip.decompress(path.read_bytes()).decode("utf-8")
    observations: list[Observation] = []
    for record in csv.DictReader(io.StringIO(text)):
        retrieved = sources.get(record["source"], {}).get("retrieved")
        provenance = Provenance(
            record["file"],
            int(record["row"]) if record["row"] else None,
            record["column"] or None,
            date.fromisoformat(retrieved) if retrieved else None,
            record.get("note") or None,
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


def read_superseded(directory: Path) -> list[Observation]:
    """The older vintages of ``directory/superseded.csv.gz`` (none if the file is absent)."""
    return read_snapshot(directory, SUPERSEDED_FILE)
