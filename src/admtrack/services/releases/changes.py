"""What changed between two releases: every value added, revised or withdrawn, with the reason
recorded for it. A release's changelog is its difference from the release before it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from admtrack.domain.observations import Observation
from admtrack.errors import NotFound
from admtrack.store.unit_of_work import Reader, Store

Key = tuple[str, str, int]


class ChangeKind(StrEnum):
    ADDED = "added"
    REVISED = "revised"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    indicator: str
    country: str
    year: int
    old_value: float | None
    new_value: float | None
    old_release: str | None
    new_release: str | None
    reason: str | None

    def as_row(self) -> dict[str, object]:
        return {
            "change": self.kind.value,
            "indicator": self.indicator,
            "country": self.country,
            "year": self.year,
            "old_value": self.old_value,
            "new_value": self.new_value,
            "old_release": self.old_release,
            "new_release": self.new_release,
            "reason": self.reason,
        }


def _view(reader: Reader, release_id: str) -> dict[Key, Observation]:
    return {o.key: o for o in reader.observations(as_of=release_id)}


def _compare(reader: Reader, older: str | None, newer: str) -> list[Change]:
    before = _view(reader, older) if older is not None else {}
    after = _view(reader, newer)
    withdrawn_reasons = reader.withdrawals()
    reasons: dict[str, dict[Key, str]] = {}

    def reason_for(release: str | None, key: Key) -> str | None:
        if release is None:
            return None
        if release not in reasons:
            reasons[release] = reader.reasons(release)
        return reasons[release].get(key)

    changes: list[Change] = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None:
            if (old.value, old.status, old.source) == (new.value, new.status, new.source):
                continue
            kind, reason = ChangeKind.REVISED, reason_for(new.release, key)
        elif new is not None:
            kind, reason = ChangeKind.ADDED, reason_for(new.release, key)
        else:
            assert old is not None
            kind = ChangeKind.WITHDRAWN
            reason = next(
                (w[key] for rid, w in sorted(withdrawn_reasons.items()) if key in w), None
            )
        changes.append(
            Change(
                kind,
                *key,
                old_value=None if old is None else old.value,
                new_value=None if new is None else new.value,
                old_release=None if old is None else old.release,
                new_release=None if new is None else new.release,
                reason=reason,
            )  # fmt: skip
        )
    return changes


def diff_releases(engine: sa.Engine, older: str, newer: str) -> list[Change]:
    """Values that differ between the view as of ``older`` and the view as of ``newer``."""
    with Store(engine).reader() as r:
        ids = [x.id for x in r.releases()]
        for rid in (older, newer):
            if rid not in ids:
                raise NotFound(f"no release {rid!r}")
        return _compare(r, older, newer)


def changelog(engine: sa.Engine, release_id: str) -> list[Change]:
    """Every value ``release_id`` added, revised or withdrawn since the release before it."""
    with Store(engine).reader() as r:
        ids = [x.id for x in r.releases()]
        if release_id not in ids:
            raise NotFound(f"no release {release_id!r}")
        position = ids.index(release_id)
        return _compare(r, ids[position - 1] if position else None, release_id)
