"""Vintages: several sources holding the same series in different editions.

:data:`VINTAGE_CHAINS` lists, oldest first, the sources that are editions of one another: the UN
SDG database's 2020 and December 2023 snapshots and OWID's SDG 9.c.1 chart (to 2022); OWID's
copy of ITU's Internet-use series and the later WDI copy (with 2024 values and ITU's revisions).
:func:`resolve_vintages` keeps, for every (indicator, country, year), the value of the latest
vintage that holds it; the values it replaces are *superseded*: kept, not used. A key given by
two sources that are not editions of each other stays an ``obs.duplicate`` error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.observations import Observation, Provenance

VINTAGE_CHAINS: tuple[tuple[str, ...], ...] = (
    ("un-sdg", "un-sdg-2023", "owid-sdg"),
    ("owid", "wdi-ddf-2"),
)


def vintage_rank(source: str) -> tuple[int, int] | None:
    """(chain, position in it) of a source that has vintages, else None."""
    for chain_number, chain in enumerate(VINTAGE_CHAINS):
        if source in chain:
            return chain_number, chain.index(source)
    return None


@dataclass(frozen=True, slots=True)
class ResolvedVintages:
    used: tuple[Observation, ...]
    superseded: tuple[Observation, ...]
    issues: tuple[Issue, ...]


def _duplicate(obs: Observation, first: Observation) -> Issue:
    message = f"{'/'.join(map(str, obs.key))} is also given by source {first.source!r}"
    place = obs.provenance or Provenance(obs.source)
    return Issue(
        "obs.duplicate", Severity.ERROR, message, Location(place.file, place.row, place.column)
    )


def resolve_vintages(observations: Iterable[Observation]) -> ResolvedVintages:
    """Split observations (in a stable order) into the values used and those superseded."""
    groups: dict[tuple[str, str, int], list[Observation]] = {}
    for obs in observations:
        groups.setdefault(obs.key, []).append(obs)
    used: list[Observation] = []
    superseded: list[Observation] = []
    issues: list[Issue] = []
    for group in groups.values():
        if len(group) == 1:
            used.append(group[0])
            continue
        ranks = [vintage_rank(o.source) for o in group]
        chains = {r[0] for r in ranks if r is not None}
        sources = [o.source for o in group]
        if None in ranks or len(chains) != 1 or len(set(sources)) != len(sources):
            used.append(group[0])
            issues.extend(_duplicate(o, group[0]) for o in group[1:])
            continue
        by_age = sorted(group, key=lambda o: vintage_rank(o.source) or (0, 0))
        used.append(by_age[-1])
        superseded.extend(by_age[:-1])
    return ResolvedVintages(tuple(used), tuple(superseded), tuple(issues))


@dataclass(frozen=True, slots=True)
class Revision:
    """One value changed between two vintages: ``change = new_value - old_value``."""

    indicator: str
    country: str
    year: int
    old_source: str
    old_value: float
    new_source: str
    new_value: float

    @property
    def change(self) -> float:
        return self.new_value - self.old_value


def revisions(
    used: Iterable[Observation], superseded: Iterable[Observation], tolerance: float = 1e-9
) -> list[Revision]:
    """Every superseded value whose later vintage differs by more than ``tolerance``, sorted by
    indicator, country, year and the older source (the value used is the newest)."""
    current = {o.key: o for o in used}
    found = []
    for old in superseded:
        new = current.get(old.key)
        if new is not None and abs(new.value - old.value) > tolerance:
            found.append(
                Revision(
                    old.indicator,
                    old.country,
                    old.year,
                    old.source,
                    old.value,
                    new.source,
                    new.value,
                )  # fmt: skip
            )
    return sorted(found, key=lambda r: (r.indicator, r.country, r.year, r.old_source))
