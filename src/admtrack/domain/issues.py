"""Data-quality issues: problems found in imported data, as values rather than exceptions."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the batch is refused
    WARNING = "warning"  # reported, the batch is accepted


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a source a problem sits: file, 1-based row (header = row 1) and column name."""

    file: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem: a stable code such as ``obs.out-of-range``, a severity, a message, a place."""

    code: str
    severity: Severity
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def errors_in(issues: list[Issue]) -> list[Issue]:
    """The issues that refuse a batch."""
    return [i for i in issues if i.is_error]
