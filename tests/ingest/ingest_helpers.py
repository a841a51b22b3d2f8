"""Helpers of the ingest tests: paths, issue lookup and ASEAN coverage counts."""

from __future__ import annotations

import os
from pathlib import Path

from admtrack.domain.issues import Issue
from admtrack.domain.observations import Observation
from admtrack.ingest.base import IngestResult

REPO_ROOT = Path(__file__).resolve().parents[2]
SPECIMENS = REPO_ROOT / "tests" / "data" / "ingest"
ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")


def raw_dir() -> Path:
    """``$ADMTRACK_RAW_DIR`` or the shared raw folder next to the repository."""
    configured = os.environ.get("ADMTRACK_RAW_DIR")
    return (
        Path(configured) if configured else (REPO_ROOT / ".." / "shared" / "data" / "raw").resolve()
    )


def issue_at(result: IngestResult, code: str, row: int | None, column: str | None) -> Issue:
    """The single issue with this code at this row and column (fails the test otherwise)."""
    found = [
        i
        for i in result.issues
        if i.code == code and i.location.row == row and i.location.column == column
    ]
    assert len(found) == 1, f"no single {code} at row {row} column {column}: {result.issues}"
    return found[0]


def values(result: IngestResult) -> dict[tuple[str, str, int], float]:
    return {o.key: o.value for o in result.observations}


def asean_count(
    observations: tuple[Observation, ...] | list[Observation], indicator: str, year: int
) -> int:
    """How many ASEAN member states have a value of ``indicator`` in ``year``."""
    return len(
        {
            o.country
            for o in observations
            if o.indicator == indicator and o.year == year and o.country in ASEAN
        }
    )


def latest(
    observations: tuple[Observation, ...] | list[Observation], indicator: str
) -> tuple[int, int]:
    """(latest year with an ASEAN value, number of ASEAN countries with a value that year)."""
    years = [o.year for o in observations if o.indicator == indicator and o.country in ASEAN]
    year = max(years)
    return year, asean_count(observations, indicator, year)
