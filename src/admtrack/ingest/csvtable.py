"""Reading a delimited text file into numbered rows, collecting structural problems as issues.

Row numbers are 1-based with the header as row 1, as a spreadsheet shows them. A row whose
number of fields differs from the header's is reported as ``file.truncated-row`` and left out;
a required column absent from the header is reported as ``file.missing-column`` and no row is
returned, since nothing in such a file can be read safely.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from admtrack.domain.issues import Issue, Location, Severity


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
    """Read ``path`` (UTF-8, an optional byte-order mark is dropped) as a CSV table.

    ``name`` is the file name used in issue locations. Blank lines are ignored.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return CsvTable(
            (), (), (file_issue("file.unreadable", f"cannot read the file: {exc}", name),)
        )
    records = list(csv.reader(text.splitlines()))
    if not records:
        return CsvTable((), (), (file_issue("file.empty", "the file has no header row", name),))
    header = tuple(records[0])
    missing = [c for c in required if c not in header]
    if missing:
        issues = tuple(
            file_issue(
                "file.missing-column",
                f"required column {c!r} is missing (header: {', '.join(header)})",
                name,
                1,
                c,
            )
            for c in missing
        )
        return CsvTable(header, (), issues)
    rows: list[CsvRow] = []
    problems: list[Issue] = []
    for number, record in enumerate(records[1:], start=2):
        if not record:
            continue
        if len(record) != len(header):
            problems.append(
                file_issue(
                    "file.truncated-row",
                    f"row has {len(record)} field(s), the header has {len(header)}",
                    name,
                    number,
                    header[min(len(record), len(header) - 1)],
                )
            )
            continue
        rows.append(CsvRow(number, dict(zip(header, record, strict=True))))
    return CsvTable(header, tuple(rows), tuple(problems))
