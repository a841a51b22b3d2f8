"""SDMX data messages as the UN SDG database and ITU publish them: SDMX-CSV (1.0, first column
``DATAFLOW``; 2.0, first columns ``STRUCTURE, STRUCTURE_ID``) and SDMX-ML 2.1 generic data.

Dimensions: the indicator is ``INDICATOR`` (or ``SERIES``, as the SDG database names it), the
area ``REF_AREA`` (ISO3, or a UN M49 number as the SDG database gives it), the year
``TIME_PERIOD`` and the value ``OBS_VALUE``. Every value keeps its file, row (SDMX-CSV: the
line; SDMX-ML: the n-th observation) and column as provenance. Problems are collected, never
raised, so the import path refuses the whole file when any is an error.
"""

from __future__ import annotations

import io
from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import IngestResult
from .checks import BatchChecker
from .csvtable import file_issue, read_csv

INDICATOR_COLUMNS = ("INDICATOR", "SERIES")
REQUIRED = ("REF_AREA", "TIME_PERIOD", "OBS_VALUE")


class SdmxConnector:
    """An SDMX-CSV (``.csv``) or SDMX-ML generic data (``.xml``) message."""

    id = "sdmx"
    source = SourceRef(
        publisher="SDMX data message (publisher named in the file's dataflow)",
        dataset="SDMX import",
        licence="as stated by the publisher of the dataflow",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        if path.suffix.lower() == ".xml":
            return _read_xml(path, label, self.id)
        return _read_csv(path, label, self.id)


def _area(checker: BatchChecker, text: str, row: int, column: str) -> str | None:
    code = text.strip()
    if code.isdigit():
        return checker.m49_country(code, row, column)
    return checker.country(code, row, column)


def _read_csv(path: Path, label: str, source_id: str) -> IngestResult:
    checker = BatchChecker(source_id, label, skip_unlisted=True)
    table = read_csv(path, label, REQUIRED)
    checker.extend(table.issues)
    if table.header and table.header[0] not in ("DATAFLOW", "STRUCTURE"):
        message = f"not an SDMX-CSV message: the first column is {table.header[0]!r}, expected DATAFLOW or STRUCTURE"
        checker.extend((file_issue("file.not-sdmx", message, label, 1, table.header[0]),))
        return checker.result()
    indicator_column = next((c for c in INDICATOR_COLUMNS if c in table.header), None)
    if table.header and indicator_column is None and not table.issues:
        message = "required column 'INDICATOR' (or 'SERIES') is missing"
        checker.extend((file_issue("file.missing-column", message, label, 1, "INDICATOR"),))
        return checker.result()
    for row in table.rows:
        if "ACTION" in row.values and row["ACTION"].strip() not in ("", "I", "A", "R"):
            checker.error(
                "sdmx.action",
                f"action {row['ACTION']!r} is not imported (only I, A, R)",
                row.number,
                "ACTION",
            )
            continue
        assert indicator_column is not None
        value = checker.number(row["OBS_VALUE"], row.number, "OBS_VALUE")
        country = _area(checker, row["REF_AREA"], row.number, "REF_AREA")
        year = checker.year(row["TIME_PERIOD"], row.number, "TIME_PERIOD")
        if value is not None and country is not None and year is not None:
            checker.add(
                row[indicator_column].strip(), country, year, value, row.number, "OBS_VALUE"
            )
    return checker.result()


def _read_xml(path: Path, label: str, source_id: str) -> IngestResult:
    import sdmx

    checker = BatchChecker(source_id, label, skip_unlisted=True)
    try:
        message = sdmx.read_sdmx(io.BytesIO(path.read_bytes()))
    except Exception as exc:  # sdmx1 raises many types for a malformed message
        checker.error("file.not-sdmx", f"not a readable SDMX-ML data message: {exc}", 1)
        return checker.result()
    datasets = getattr(message, "data", None)
    if not datasets:
        checker.error(
            "file.not-sdmx", "the message holds no data set (is it a structure message?)", 1
        )
        return checker.result()
    number = 0
    for dataset in datasets:
        for obs in dataset.obs:
            number += 1
            key = {k: str(v.value) for k, v in obs.key.values.items()}
            indicator = next((key[c] for c in INDICATOR_COLUMNS if c in key), None)
            if indicator is None:
                checker.error(
                    "file.missing-column",
                    "observation has no INDICATOR or SERIES dimension",
                    number,
                    "INDICATOR",
                )
                continue
            text = "" if obs.value is None else str(obs.value)
            value = checker.number(text, number, "OBS_VALUE")
            if not text.strip():
                checker.error(
                    "obs.not-a-number", "the observation has no value", number, "OBS_VALUE"
                )
            country = _area(checker, key.get("REF_AREA", ""), number, "REF_AREA")
            year = checker.year(key.get("TIME_PERIOD", ""), number, "TIME_PERIOD")
            if value is not None and country is not None and year is not None:
                checker.add(indicator, country, year, value, number, "OBS_VALUE")
    return checker.result()
