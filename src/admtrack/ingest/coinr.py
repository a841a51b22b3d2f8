"""COINr-format input files (``iData.csv`` and ``iMeta.csv``) read into the index engine's
:class:`~admtrack.analytics.data_input.IndexData`.

This module does the file reading (encoding, CSV shape: ragged rows, duplicated headers); the
cell-by-cell validation of COINr ``check_iData`` is :func:`admtrack.analytics.data_input.from_columns`,
which names the file, row (header = row 1) and column of every problem.
"""

from __future__ import annotations

from pathlib import Path

from admtrack.analytics.data_input import IndexData, from_columns
from admtrack.analytics.framework_table import read_imeta
from admtrack.errors import ValidationError

from .safe_read import csv_dicts, csv_rows


def _read_rows(path: Path) -> list[dict[str, str]]:
    _, rows = csv_dicts(path, str(path))
    return [row for _, row in rows]


def read_idata_columns(idata_path: Path) -> dict[str, list[object]]:
    """The iData file as columns of text cells, header -> cells; refuses an empty file, rows
    whose cell count differs from the header's and a header naming a column twice."""
    records = [(n, r) for n, r in csv_rows(idata_path, str(idata_path)) if r]
    if not records:
        raise ValidationError(str(idata_path), [f"{idata_path}: the file is empty"])
    header = records[0][1]
    rows = [r for _, r in records[1:]]
    problems = [
        f"{idata_path}, row {n}: {len(r)} cells, the header has {len(header)}"
        for n, r in records[1:]
        if len(r) != len(header)
    ]
    if not rows:
        problems.append(f"{idata_path}, row 2: no data rows")
    dupes = sorted({h for h in header if header.count(h) > 1})
    problems += [f"{idata_path}, column {h!r}: appears more than once" for h in dupes]
    if problems:
        raise ValidationError(str(idata_path), problems)
    return {h: [r[j] for r in rows] for j, h in enumerate(header)}


def read_coinr(idata_path: str | Path, imeta_path: str | Path) -> IndexData:
    """Read a COINr-format pair of CSV files (iData, iMeta) into :class:`IndexData`.

    iData has ``uCode``, ``uName``, an optional ``Time`` column, group columns, denominator
    columns and one column per indicator; several ``Time`` values make a panel. Empty and ``NA``
    cells are missing values; any other cell that is not a finite number is an error."""
    idata_path, imeta_path = Path(idata_path), Path(imeta_path)
    tree = read_imeta(_read_rows(imeta_path), source=str(imeta_path))
    return from_columns(read_idata_columns(idata_path), tree, source=str(idata_path))
