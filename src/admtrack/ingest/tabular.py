"""The user data template (CSV or XLSX) read by ``admtrack data import``.

Columns: ``country`` (ISO3), ``indicator``, ``year``, ``value`` and optionally ``status``
(observed, estimated, provisional, imputed; empty = observed) and ``note`` (free text, not
stored). Rows are validated like every connector's (numbers, ranges of known codes, countries,
duplicates, truncated rows); ``known_indicators`` lists the codes the target plan accepts.
An XLSX template is read from its first sheet, header in row 1.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

from admtrack.domain.observations import ObservationStatus
from admtrack.domain.text import Message

from .base import RETRIEVED, IngestResult
from .checks import BatchChecker
from .csvtable import CsvTable, read_csv, table_from_rows
from .safe_read import FileRefused, xlsx_rows

REQUIRED_COLUMNS = ("country", "indicator", "year", "value")
OPTIONAL_COLUMNS = ("status", "note")


def read_xlsx(path: Path, name: str, required: Collection[str] = REQUIRED_COLUMNS) -> CsvTable:
    """The first sheet of an XLSX workbook as a table (cells as text, header = row 1), read in
    read-only mode with the CSV rules: a row with more (or fewer) cells than the header is
    ``file.truncated-row``. Trailing empty cells do not count; empty rows are skipped."""
    try:
        records = xlsx_rows(path, name)
    except FileRefused as refused:
        return CsvTable((), (), refused.issues)
    if records:
        records[0] = (records[0][0], [h.strip() for h in records[0][1]])
        width = len(records[0][1])
        records = [records[0]] + [
            (n, cells + [""] * (width - len(cells))) for n, cells in records[1:] if cells
        ]
    return table_from_rows(records, name, tuple(required))


def read_template(
    path: Path,
    known_indicators: Collection[str],
    source_id: str = "user",
    name: str | None = None,
    retrieved: date = RETRIEVED,
) -> IngestResult:
    """Read a filled-in template; every problem is returned as an issue, nothing is raised."""
    label = name or path.name
    known = frozenset(known_indicators)
    checker = BatchChecker(
        source_id, label, known_indicator=known.__contains__, retrieved=retrieved
    )
    if path.suffix.lower() == ".xlsx":
        table = read_xlsx(path, label)
    else:
        table = read_csv(path, label, REQUIRED_COLUMNS)
    checker.extend(table.issues)
    for row in table.rows:
        status_text = row.values.get("status", "").strip().lower()
        status = ObservationStatus.OBSERVED
        if status_text:
            try:
                status = ObservationStatus(status_text)
            except ValueError:
                allowed = ", ".join(s.value for s in ObservationStatus)
                message = Message("status %(status)r is not one of %(allowed)s",
                                  status=status_text, allowed=allowed)  # fmt: skip
                checker.error("obs.unknown-status", message, row.number, "status")
                continue
        if not row["value"].strip():
            checker.warning(
                "obs.missing-value", Message("the value is empty; row skipped"), row.number, "value"
            )
            continue
        country = checker.country(row["country"].strip().upper(), row.number, "country")
        year = checker.year(row["year"], row.number, "year")
        value = checker.number(row["value"], row.number, "value")
        indicator = row["indicator"].strip()
        if indicator not in known:
            message = Message("indicator %(code)r is not in the plan", code=indicator)
            checker.error("obs.unknown-indicator", message, row.number, "indicator")
            continue
        if country is None or year is None or value is None:
            continue
        checker.add(indicator, country, year, value, row.number, "value", status)
    return checker.result()
