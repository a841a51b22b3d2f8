"""The connector protocol every source module implements, its result type and a registry.

A connector turns one source file into domain :class:`Observation` values plus data-quality
:class:`Issue` values. It never raises for a data problem: every problem of a file is collected
and returned together, so a user can fix them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol, runtime_checkable

from admtrack.domain.issues import Issue, errors_in
from admtrack.domain.observations import Observation, SourceRef

#: The day the raw files in ``shared/data/raw`` were retrieved (see SOURCES.md).
RETRIEVED = date(2026, 11, 29)
#: The day the files of the second collection round were retrieved ("Second collection round").
RETRIEVED_ROUND2 = date(2026, 12, 2)

#: The provenance note of every value read from a file SOURCES.md marks "(H) hand-copied".
HAND_COPIED = (
    "hand-copied from a stored copy of the source repository (SOURCES.md, second collection "
    "round); a scripted re-download is advisable before publication"
)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What a connector read: the observations and every issue found on the way."""

    observations: tuple[Observation, ...] = ()
    issues: tuple[Issue, ...] = ()

    @property
    def errors(self) -> list[Issue]:
        """The issues that refuse the batch."""
        return errors_in(list(self.issues))

    @property
    def ok(self) -> bool:
        """True when no issue is an error."""
        return not self.errors

    def __add__(self, other: IngestResult) -> IngestResult:
        return IngestResult(self.observations + other.observations, self.issues + other.issues)

    @staticmethod
    def combine(results: Iterable[IngestResult]) -> IngestResult:
        """Concatenate several results, keeping their order."""
        observations: list[Observation] = []
        issues: list[Issue] = []
        for result in results:
            observations.extend(result.observations)
            issues.extend(result.issues)
        return IngestResult(tuple(observations), tuple(issues))


@runtime_checkable
class Connector(Protocol):
    """One source format: a stable id, the source's metadata and a reader.

    ``read(path, name)`` reads one file; ``name`` is the file name recorded in provenance and
    issue locations (default: a name derived from ``path``), so a snapshot built on any machine
    records the same relative names.
    """

    @property
    def id(self) -> str: ...

    @property
    def source(self) -> SourceRef: ...

    def read(self, path: Path, name: str | None = None) -> IngestResult: ...


@dataclass
class ConnectorRegistry:
    """Connectors by id; registering a second connector under an id already taken is refused."""

    _connectors: dict[str, Connector] = field(default_factory=dict)

    def register(self, connector: Connector) -> None:
        if connector.id in self._connectors:
            raise ValueError(f"a connector with id {connector.id!r} is already registered")
        self._connectors[connector.id] = connector

    def get(self, connector_id: str) -> Connector:
        try:
            return self._connectors[connector_id]
        except KeyError:
            known = ", ".join(sorted(self._connectors))
            raise KeyError(f"no connector {connector_id!r}; known: {known}") from None

    def ids(self) -> list[str]:
        return sorted(self._connectors)

    def __contains__(self, connector_id: object) -> bool:
        return connector_id in self._connectors

    def __iter__(self) -> Iterator[Connector]:
        return iter(self._connectors[i] for i in self.ids())

    def __len__(self) -> int:
        return len(self._connectors)
