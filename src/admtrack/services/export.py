"""Exports of a plan's observations as CSV, JSON, XLSX or Parquet, each with its metadata
(sources, licences, citations, release) in a sidecar file or sheet."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from admtrack import __version__
from admtrack.domain.framework import Plan
from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.domain.observations import Observation

if TYPE_CHECKING:  # imported where used, so that the CLI starts without polars or SQLAlchemy
    import polars as pl
    from openpyxl import Workbook

    from admtrack.store.records import SourceRecord

COLUMNS = (
    "indicator", "indicator_name", "outcome", "country", "country_name", "year", "value", "unit",
    "status", "source", "publisher", "licence", "vintage", "release", "file", "row", "column",
    "note",
)  # fmt: skip


class ExportFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    PARQUET = "parquet"


@dataclass(frozen=True)
class ExportTable:
    plan: Plan
    release: str
    records: list[dict[str, Any]]
    sources: list[SourceRecord]

    def metadata(self) -> dict[str, Any]:
        used = {r["source"] for r in self.records}
        return {
            "title": f"{self.plan.name}: observations",
            "plan": self.plan.id,
            "release": (
                self.release
                if self.release != "current"
                else "current view: each value from the newest release that has it (see the release column)"
            ),
            "generated": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "generator": f"admtrack {__version__}",
            "indicator_set": (
                f"proposed by {self.plan.indicators_proposed_by}, not by the plan itself"
                if self.plan.indicators_proposed_by
                else "the plan's own"
            ),
            "rows": len(self.records),
            "fields": {c: _FIELD_DOCS[c] for c in COLUMNS},
            "sources": [
                {
                    "id": s.id,
                    "publisher": s.ref.publisher,
                    "dataset": s.ref.dataset,
                    "licence": s.ref.licence,
                    "url": s.ref.url,
                    "citation": s.ref.citation,
                    "vintage": s.ref.vintage,
                    "retrieved": s.retrieved.isoformat() if s.retrieved else None,
                }
                for s in self.sources
                if s.id in used
            ],
        }


_FIELD_DOCS = {
    "indicator": "indicator code",
    "indicator_name": "indicator name",
    "outcome": "outcome (Desired Outcome) the indicator measures",
    "country": "ISO 3166-1 alpha-3 code",
    "country_name": "country name",
    "year": "reference year",
    "value": "value in the indicator's unit",
    "unit": "unit of the value",
    "status": "observed, estimated, provisional or imputed",
    "source": "id of the source (see sources)",
    "publisher": "who published the value",
    "licence": "terms of reuse of the source",
    "vintage": "edition of the source the value comes from (the latest one that holds it)",
    "release": "the admtrack release the value belongs to",
    "file": "file (or request) the value was read from",
    "row": "row of that file (header = row 1)",
    "column": "column of that file",
    "note": "how the file was obtained, where that matters (e.g. copied by hand)",
}


def export_table(
    plan: Plan, observations: Sequence[Observation], sources: Sequence[SourceRecord], release: str
) -> ExportTable:
    by_code = {i.code: i for i in plan.indicators}
    by_source = {s.id: s for s in sources}
    records = []
    for obs in observations:
        ind = by_code.get(obs.indicator)
        if ind is None:
            continue
        src = by_source.get(obs.source)
        country = COUNTRIES_BY_ISO3.get(obs.country)
        prov = obs.provenance
        records.append(
            {
                "indicator": obs.indicator,
                "indicator_name": ind.name,
                "outcome": ind.outcome,
                "country": obs.country,
                "country_name": country.name if country else obs.country,
                "year": obs.year,
                "value": obs.value,
                "unit": ind.unit,
                "status": obs.status.value,
                "source": obs.source,
                "publisher": src.ref.publisher if src else "",
                "licence": src.ref.licence if src else "",
                "vintage": src.ref.vintage if src else "",
                "release": obs.release or release,
                "file": prov.file if prov else None,
                "row": prov.row if prov else None,
                "column": prov.column if prov else None,
                "note": prov.note if prov else None,
            }
        )
    records.sort(key=lambda r: (r["indicator"], r["country"], r["year"]))
    return ExportTable(plan, release, records, list(sources))


def _frame(table: ExportTable) -> pl.DataFrame:
    import polars as pl

    schema: dict[str, Any] = dict.fromkeys(COLUMNS, pl.String) | {
        "year": pl.Int64, "value": pl.Float64, "row": pl.Int64,
    }  # fmt: skip
    return pl.DataFrame(table.records, schema=schema)


def write_export(table: ExportTable, out_dir: Path, fmt: ExportFormat) -> list[Path]:
    """Write the data file and its metadata; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{table.plan.id}-observations"
    meta = table.metadata()
    written: list[Path] = []
    if fmt is ExportFormat.JSON:
        path = out_dir / f"{stem}.json"
        path.write_text(
            json.dumps({"metadata": meta, "observations": table.records}, indent=1), "utf-8"
        )
        return [path]
    if fmt is ExportFormat.XLSX:
        path = out_dir / f"{stem}.xlsx"
        _write_xlsx(table, meta, path)
        return [path]
    if fmt is ExportFormat.CSV:
        path = out_dir / f"{stem}.csv"
        _frame(table).write_csv(path)
    else:
        path = out_dir / f"{stem}.parquet"
        _frame(table).write_parquet(path, metadata={"admtrack": json.dumps(meta)})
    written.append(path)
    sidecar = out_dir / f"{stem}.metadata.json"
    sidecar.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    written.append(sidecar)
    return written


def _exact_string(value: Any) -> str:
    """Like openpyxl's ``safe_string``, but a float is written as ``repr`` (the shortest text
    that reads back to the same double) instead of ``%.16g``, which drops the 17th significant
    digit some doubles need to read back unchanged."""
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    return str(_openpyxl_safe_string(value))


def _openpyxl_safe_string(value: Any) -> str:
    from openpyxl.compat.strings import safe_string

    return str(safe_string(value))


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save ``workbook`` with every float cell written exactly (see :func:`_exact_string`)."""
    from unittest.mock import patch  # here: it imports asyncio, which the CLI need not load

    from openpyxl.cell import _writer as _openpyxl_writer

    with patch.object(_openpyxl_writer, "safe_string", _exact_string):
        workbook.save(path)


def _write_xlsx(table: ExportTable, meta: dict[str, Any], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    data = wb.active
    assert data is not None
    data.title = "observations"
    data.append(list(COLUMNS))
    for r in table.records:
        data.append([r[c] for c in COLUMNS])
    info = wb.create_sheet("metadata")
    for key in ("title", "plan", "release", "generated", "generator", "indicator_set", "rows"):
        info.append([key, str(meta[key])])
    info.append([])
    info.append(["field", "meaning"])
    for field, doc in meta["fields"].items():
        info.append([field, doc])
    sources = wb.create_sheet("sources")
    keys = ["id", "publisher", "dataset", "licence", "url", "citation", "vintage", "retrieved"]
    sources.append(keys)
    for s in meta["sources"]:
        sources.append([s[k] for k in keys])
    save_workbook(wb, path)
