"""Reading an uploaded submission file with the template connector (``ingest.tabular``).

The upload's bytes go to a temporary file whose name admtrack chooses (only the suffix, from
a fixed list, follows the upload), so a user's file name never touches a path; it is kept only
as a label in messages and provenance. Limits: the size in bytes, the number of data rows and,
for XLSX, the unpacked size of the workbook (a guard against zip bombs) are checked before
anything is parsed further.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from admtrack.domain.issues import Issue
from admtrack.domain.observations import Observation
from admtrack.domain.text import Message
from admtrack.errors import TooLarge, ValidationError
from admtrack.ingest.csvtable import CsvRow, read_csv
from admtrack.ingest.tabular import REQUIRED_COLUMNS, read_template, read_xlsx

SUFFIXES = (".csv", ".xlsx")
SOURCE_COLUMN = "source"
XLSX_UNPACKED_LIMIT = 50_000_000


@dataclass(frozen=True, slots=True)
class UploadLimits:
    max_bytes: int = 5_000_000
    max_rows: int = 20_000


@dataclass(frozen=True, slots=True)
class Upload:
    """What the connector read: the observations, every issue, and the rows as text (for the
    source column and the per-row report)."""

    label: str
    observations: tuple[Observation, ...]
    issues: tuple[Issue, ...]
    rows: tuple[CsvRow, ...]


def safe_label(file_name: str) -> str:
    """The file name for display: its last component, limited to safe characters."""
    base = re.split(r"[\\/]", file_name or "")[-1]
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "upload"
    return cleaned[:100]


def _suffix(label: str) -> str:
    suffix = Path(label).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            label,
            [
                Message(
                    "the file must be CSV or XLSX (.csv, .xlsx), not %(suffix)r",
                    suffix=suffix or "no suffix",
                )
            ],  # fmt: skip
        )
    return suffix


def _check_workbook(content: bytes, label: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise ValidationError(label, [Message("the file is not a valid XLSX workbook")]) from None
    if unpacked > XLSX_UNPACKED_LIMIT:
        raise TooLarge(
            f"{label}: the workbook unpacks to {unpacked:,} bytes; the limit is {XLSX_UNPACKED_LIMIT:,}"
        )


def read_upload(
    content: bytes,
    file_name: str,
    known_indicators: Collection[str],
    source_id: str,
    limits: UploadLimits,
    retrieved: date,
) -> Upload:
    label = safe_label(file_name)
    suffix = _suffix(label)
    if len(content) > limits.max_bytes:
        raise TooLarge(
            f"{label}: the file has {len(content):,} bytes; the limit is {limits.max_bytes:,}"
        )
    if suffix == ".xlsx":
        _check_workbook(content, label)
    with tempfile.TemporaryDirectory(prefix="admtrack-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        table = (
            read_xlsx(path, label) if suffix == ".xlsx" else read_csv(path, label, REQUIRED_COLUMNS)
        )
        if len(table.rows) > limits.max_rows:
            raise TooLarge(
                f"{label}: the file has {len(table.rows):,} data rows; the limit is {limits.max_rows:,}"
            )
        result = read_template(
            path, known_indicators, source_id=source_id, name=label, retrieved=retrieved
        )
    return Upload(label, result.observations, result.issues, table.rows)
