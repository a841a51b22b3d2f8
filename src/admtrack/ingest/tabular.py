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

from .base import RETRIEVED, IngestResult
from .checks import BatchChecker
from .csvtable import CsvRow, CsvTable, file_issue, read_csv

REQUIRED_COLUMNS = ("country", "indicator", "year", "value")
OPTIONAL_COLUMNS = ("status", "note")


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    return repr(value) if isinstance(value, float) else str(value)


def read_xlsx(path: Path, name: str, required: Collection[str] = REQUIRED_COLUMNS) -> CsvTable:
    """The first sheet of an XLSX workbook as a table (cells as text, header = row 1)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        return CsvTable(
            (), (), (file_issue("file.unreadable", f"cannot read the workbook: {exc}", name),)
        )
    try:
        sheet = workbook.worksheets[0]
        records = [[_cell_text(v) for v in r] for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    if not records:
        return CsvTable((), (), (file_issue("file.empty", "the sheet has no header row", name),))
    while records[0] and records[0][-1] == "":
        records[0].pop()
    header = tuple(h.strip() for h in records[0])
    missing = [c for c in required if c not in header]
    if missing:
        issues = tuple(
            file_issue("file.missing-column", f"required column {c!r} is missing", name, 1, c)
            for c in missing
        )
        return CsvTable(header, (), issues)
    rows = []
    for number, record in enumerate(records[1:], start=2):
        cells = (record + [""] * len(header))[: len(header)]
        if any(cells):
            rows.append(CsvRow(number, dict(zip(header, cells, strict=True))))
    return CsvTable(header, tuple(rows), ())


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
                message = f"status {status_text!r} is not one of {allowed}"
                checker.error("obs.unknown-status", message, row.number, "status")
                continue
        if not row["value"].strip():
            checker.warning(
                "obs.missing-value", "the value is empty; row skipped", row.number, "value"
            )
            continue
        country = checker.country(row["country"].strip().upper(), row.number, "country")
        year = checker.year(row["year"], row.number, "year")
        value = checker.number(row["value"], row.number, "value")
        indicator = row["indicator"].strip()
        if indicator not in known:
            message = f"indicator {indicator!r} is not in the plan"
            checker.error("obs.unknown-indicator", message, row.number, "indicator")
            continue
        if country is None or year is None or value is None:
            continue
        checker.add(indicator, country, year, value, row.number, "value", status)
    return checker.result()
