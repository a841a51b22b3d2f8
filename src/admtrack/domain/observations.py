"""Observations: one value of one indicator for one country and year, with its provenance."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class ObservationStatus(StrEnum):
    OBSERVED = "observed"
    ESTIMATED = "estimated"
    PROVISIONAL = "provisional"
    IMPUTED = "imputed"


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Who published a value and under which terms."""

    publisher: str
    dataset: str
    licence: str
    url: str = ""
    series_code: str = ""
    citation: str = ""
    #: The edition of the data (ISO date of the snapshot or release the file was taken from);
    #: of two sources holding the same series, the later vintage is the one used.
    vintage: str = ""


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value was read: the file (or request), row and column, when it was retrieved,
    and a note on how the file was obtained (e.g. "hand-copied from ...; re-download advised")."""

    file: str
    row: int | None = None
    column: str | None = None
    retrieved: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Observation:
    indicator: str
    country: str
    year: int
    value: float
    source: str  # id of a source registered with the ingest layer, e.g. "wdi"
    status: ObservationStatus = ObservationStatus.OBSERVED
    provenance: Provenance | None = None
    #: The release the value was read from (set by the store; not part of equality).
    release: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not math.isfinite(self.value):
            raise ValueError(
                f"observation {self.indicator}/{self.country}/{self.year}: value must be finite"
            )
        if len(self.country) != 3 or not self.country.isupper():
            raise ValueError(
                f"observation country must be an upper-case ISO3 code: {self.country!r}"
            )

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.indicator, self.country, self.year)


class ReleaseStatus(StrEnum):
    """A draft collects approved values; a published release never changes again."""

    DRAFT = "draft"
    PUBLISHED = "published"


@dataclass(frozen=True, slots=True)
class Release:
    """A dated vintage of data: a draft until published, immutable from then on.

    ``published`` is the publication date (for a draft, the date it is planned for). The status
    is not part of equality: it is the release's state, not its identity."""

    id: str
    published: date
    description: str = ""
    status: ReleaseStatus = field(default=ReleaseStatus.DRAFT, compare=False)

    @property
    def is_published(self) -> bool:
        return self.status is ReleaseStatus.PUBLISHED
