"""Values the store returns besides domain objects: registered sources, audit entries and the
counts of what a write changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from admtrack.domain.observations import SourceRef


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A data source registered under a short id (e.g. ``"wdi"``) that observations cite."""

    id: str
    ref: SourceRef
    retrieved: date | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One row of the append-only audit log; old/new values are JSON-compatible documents."""

    id: int
    at: datetime
    actor: str
    action: str  # "insert" | "update" | "delete"
    entity: str  # "plan", "country", "source", "release", "observation(s)", "enabling_action"
    key: str
    old_value: Any
    new_value: Any


@dataclass(frozen=True, slots=True)
class ChangeCounts:
    """What one write did: rows inserted, updated, deleted and left unchanged."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        """inserted + updated + deleted: zero means the write was a no-op."""
        return self.inserted + self.updated + self.deleted
