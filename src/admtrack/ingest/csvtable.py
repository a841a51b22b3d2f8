"""Reading a delimited text file into numbered rows, collecting structural problems as issues.

Row numbers are 1-based with the header as row 1, as a spreadsheet shows them. A row whose
number of fields differs from the header's is reported as ``file.truncated-row`` and left out;
a required column absent from the header is reported as ``file.missing-column`` and no row is
returned, since nothing in such a file can be read safely.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.text import Message

from .safe_read import FileRefused, Row, csv_rows


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row: its 1-based row number (header = 1) and its values by column name."""

    number: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass(frozen=True, slots=True)
class CsvTable:
    header: tuple[str, ...]
    rows: tuple[CsvRow, ...]
    issues: tuple[Issue, ...]


def file_issue(
    code: str, message: str, file: str, row: int | None = None, column: str | None = None
) -> Issue:
    """An error-severity issue located in ``file``."""
    return Issue(code, Severity.ERROR, message, Location(file, row, column))


def read_csv(path: Path, name: str, required: Sequence[str] = ()) -> CsvTable:
    """Read ``path`` as a CSV table with the rules of :mod:`admtrack.ingest.safe_read` (UTF-8
    with an optional byte-order mark, size and row limits, fields of any length).

    ``name`` is the file name used in issue locations. Blank lines are ignored.
    """
    try:
        records = csv_rows(path, name)
    except FileRefused as refused:
        return CsvTable((), (), refused.issues)
    return table_from_rows(records, name, required)


def table_from_rows(records: Sequence[Row], name: str, required: Sequence[str] = ()) -> CsvTable:
    """Numbered records (header first; from a CSV file or an XLSX sheet) as a table: a required
    column missing from the header refuses the file; a row whose number of fields differs from
    the header's is ``file.truncated-row`` and is left out."""
    records = [(n, r) for n, r in records if r]
    if not records:
        return CsvTable(
            (), (), (file_issue("file.empty", Message("the file has no header row"), name),)
        )
    header = tuple(records[0][1])
    missing = [c for c in required if c not in header]
    if missing:
        issues = tuple(
            file_issue(
                "file.missing-column",
                Message(
                    "required column %(column)r is missing (header: %(header)s)",
                    column=c,
                    header=", ".join(header),
                ),
                name,
                1,
                c,
            )
            for c in missing
        )
        return CsvTable(header, (), issues)
    rows: list[CsvRow] = []
    problems: list[Issue] = []
    for number, record in records[1:]:
        if len(record) != len(header):
            problems.append(
                file_issue(
                    "file.truncated-row",
                    Message(
                        "row has %(n)s field(s), the header has %(header)s",
                        n=len(record),
                        header=len(header),
                    ),
                    name,
                    number,
                    header[min(len(record), len(header) - 1)],
                )
            )
            continue
        rows.append(CsvRow(number, dict(zip(header, record, strict=True))))
    return CsvTable(header, tuple(rows), tuple(problems))
