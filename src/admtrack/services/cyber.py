"""DO3's cyber-readiness view from stored observations: the ITU Global Cybersecurity Index by
edition and pillar (the change per state and the regional picture), UNCTAD's cyberlaw status
per state with the gaps, and the trend of secure Internet servers.

Every number here comes from the observations passed in (a release's view of the store); the
editions shown are the years the store holds, so a new edition appears once it is imported.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.domain.observations import Observation
from admtrack.i18n import N_

PILLARS: tuple[tuple[str, str], ...] = (
    ("GCI.OVERALL", N_("overall score")),
    ("GCI.LEGAL", N_("legal measures")),
    ("GCI.TECHNICAL", N_("technical measures")),
    ("GCI.ORGANISATIONAL", N_("organisational measures")),
    ("GCI.CAPACITY", N_("capacity development")),
    ("GCI.COOPERATION", N_("cooperation")),
)
LAWS: tuple[tuple[str, str], ...] = (
    ("CYBERLAW.ETRANS", N_("e-transactions")),
    ("CYBERLAW.CONSUMER", N_("consumer protection")),
    ("CYBERLAW.PRIVACY", N_("data protection and privacy")),
    ("CYBERLAW.CYBERCRIME", N_("cybercrime")),
)
SECURE_SERVERS = "IT.NET.SECR.P6"
#: What DO3 does not measure yet, and how a member state can supply it.
NOT_MEASURED: tuple[tuple[str, str], ...] = (
    (N_("National incident response capacity (incidents handled, time to respond)"),
     N_("no public series covers the member states; focal points can report it as evidence of the "
        "DO3 enabling actions (admtrack actions report), and the secretariat can add an indicator "
        "to the plan (docs/plans.md) so that national figures come in through the data template")),
    (N_("CERT/CSIRT maturity (e.g. an assessed maturity level per national team)"),
     N_("not in the GCI's published pillar scores; it can be submitted the same way, once the "
        "secretariat defines the indicator and its scale in the plan")),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PillarCell:
    values: dict[int, float | None]  # edition year -> score
    change: float | None  # newest edition minus oldest, when both are known


@dataclass(frozen=True, slots=True)
class RegionalPillar:
    code: str
    label: str
    mean: dict[int, float | None]
    median: dict[int, float | None]
    reported: dict[int, int]
    improved: int  # states whose score rose between the oldest and newest edition
    declined: int


@dataclass(frozen=True, slots=True)
class LawStatus:
    code: str
    label: str
    has_law: bool | None  # None: no data
    year: int | None


@dataclass(frozen=True, slots=True)
class CyberView:
    members: tuple[str, ...]
    editions: tuple[int, ...]
    gci: dict[str, dict[str, PillarCell]]  # country -> pillar code -> cell
    regional: tuple[RegionalPillar, ...]
    laws: dict[str, tuple[LawStatus, ...]]  # country -> per law
    law_gaps: dict[str, tuple[str, ...]]  # law code -> states without it
    law_year: int | None
    servers: dict[str, tuple[tuple[int, float], ...]]  # country -> (year, value), oldest first
    servers_latest: dict[str, tuple[int, float] | None]


def cyber_view(
    by_code: Mapping[str, Sequence[Observation]], members: Sequence[str] = ASEAN_MEMBERS
) -> CyberView:
    """The view over ``members`` from observations grouped by indicator code."""
    members = tuple(members)

    def values(code: str) -> dict[tuple[str, int], float]:
        return {(o.country, o.year): o.value for o in by_code.get(code, ()) if o.country in members}

    gci_values = {code: values(code) for code, _ in PILLARS}
    editions = tuple(sorted({y for v in gci_values.values() for _, y in v}))
    first, last = (editions[0], editions[-1]) if editions else (None, None)
    gci: dict[str, dict[str, PillarCell]] = {}
    for c in members:
        gci[c] = {}
        for code, _ in PILLARS:
            cell = {y: gci_values[code].get((c, y)) for y in editions}
            a, b = cell.get(first) if first else None, cell.get(last) if last else None
            change = b - a if a is not None and b is not None and first != last else None
            gci[c][code] = PillarCell(cell, change)
    regional = []
    for code, label in PILLARS:
        per_year = {y: [v for (_, yy), v in gci_values[code].items() if yy == y] for y in editions}
        changes = [gci[c][code].change for c in members if gci[c][code].change is not None]
        regional.append(RegionalPillar(
            code, label,
            mean={y: statistics.fmean(v) if v else None for y, v in per_year.items()},
            median={y: statistics.median(v) if v else None for y, v in per_year.items()},
            reported={y: len(v) for y, v in per_year.items()},
            improved=sum(1 for d in changes if d is not None and d > 0),
            declined=sum(1 for d in changes if d is not None and d < 0),
        ))  # fmt: skip
    laws: dict[str, tuple[LawStatus, ...]] = {}
    law_years: set[int] = set()
    latest_law = {code: _latest(by_code.get(code, ()), members) for code, _ in LAWS}
    for c in members:
        row = []
        for code, label in LAWS:
            found = latest_law[code].get(c)
            if found is not None:
                law_years.add(found[0])
            row.append(LawStatus(code, label, None if found is None else found[1] >= 1.0,
                                 None if found is None else found[0]))  # fmt: skip
        laws[c] = tuple(row)
    gaps = {
        code: tuple(c for c in members if laws[c][n].has_law is False)
        for n, (code, _) in enumerate(LAWS)
    }
    servers = {
        c: tuple(sorted((o.year, o.value) for o in by_code.get(SECURE_SERVERS, ()) if o.country == c))
        for c in members
    }  # fmt: skip
    return CyberView(
        members=members, editions=editions, gci=gci, regional=tuple(regional), laws=laws,
        law_gaps=gaps, law_year=max(law_years) if law_years else None, servers=servers,
        servers_latest={c: s[-1] if s else None for c, s in servers.items()},
    )  # fmt: skip


def _latest(rows: Sequence[Observation], members: Sequence[str]) -> dict[str, tuple[int, float]]:
    out: dict[str, tuple[int, float]] = {}
    for o in rows:
        if o.country in members and (o.country not in out or o.year > out[o.country][0]):
            out[o.country] = (o.year, o.value)
    return out
