"""Countries, their ASEAN membership by date, and the groups used for comparison and targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class MembershipStatus(StrEnum):
    MEMBER = "member"
    OBSERVER = "observer"


@dataclass(frozen=True, slots=True)
class Membership:
    organisation: str
    status: MembershipStatus
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Country:
    """A country or a statistical aggregate (World Bank codes such as WLD, EAP)."""

    iso3: str
    name: str
    m49: int | None = None
    is_aggregate: bool = False
    memberships: tuple[Membership, ...] = ()
    groups: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.iso3) != 3 or not self.iso3.isalpha() or not self.iso3.isupper():
            raise ValueError(f"country code must be three upper-case letters: {self.iso3!r}")

    def status_on(self, organisation: str, day: date) -> MembershipStatus | None:
        for m in self.memberships:
            if m.organisation == organisation and m.covers(day):
                return m.status
        return None

    def is_member(self, organisation: str, day: date) -> bool:
        return self.status_on(organisation, day) is MembershipStatus.MEMBER

    def member_since(self, organisation: str) -> date | None:
        starts = [
            m.start
            for m in self.memberships
            if m.organisation == organisation and m.status is MembershipStatus.MEMBER
        ]
        return min(starts) if starts else None


ASEAN = "ASEAN"
LDC = "ldc"  # UN least developed countries during the ADM2025 period
COMPARATOR = "comparator"


@dataclass(frozen=True, slots=True)
class GroupSource:
    """Where a country group's membership list comes from. A target for a group applies only
    to a group with a sourced list (:data:`SOURCED_GROUPS`); a target for any other group (e.g.
    the Broadband Commission's "developing countries", which has no agreed list) is shown as a
    reference only and never applied."""

    group: str
    name: str
    source: str
    url: str


#: Country groups whose membership admtrack takes from a cited list.
SOURCED_GROUPS: dict[str, GroupSource] = {
    LDC: GroupSource(
        LDC,
        "UN least developed countries",
        "UN Committee for Development Policy, list of least developed countries (Cambodia, "
        "Lao PDR, Myanmar and Timor-Leste during 2021-2025)",
        "https://www.un.org/development/desa/dpad/least-developed-country-category.html",
    ),
}


def _asean(start: date, observer_from: date | None = None) -> tuple[Membership, ...]:
    member = Membership(ASEAN, MembershipStatus.MEMBER, start)
    if observer_from is None:
        return (member,)
    return (Membership(ASEAN, MembershipStatus.OBSERVER, observer_from, start), member)


_FOUNDING = date(1967, 8, 8)

COUNTRIES: tuple[Country, ...] = (
    Country("BRN", "Brunei Darussalam", 96, memberships=_asean(date(1984, 1, 7))),
    Country("KHM", "Cambodia", 116, memberships=_asean(date(1999, 4, 30)), groups=frozenset({LDC})),
    Country("IDN", "Indonesia", 360, memberships=_asean(_FOUNDING)),
    Country("LAO", "Lao PDR", 418, memberships=_asean(date(1997, 7, 23)), groups=frozenset({LDC})),
    Country("MYS", "Malaysia", 458, memberships=_asean(_FOUNDING)),
    Country("MMR", "Myanmar", 104, memberships=_asean(date(1997, 7, 23)), groups=frozenset({LDC})),
    Country("PHL", "Philippines", 608, memberships=_asean(_FOUNDING)),
    Country("SGP", "Singapore", 702, memberships=_asean(_FOUNDING)),
    Country("THA", "Thailand", 764, memberships=_asean(_FOUNDING)),
    Country("VNM", "Viet Nam", 704, memberships=_asean(date(1995, 7, 28))),
    Country(
        "TLS",
        "Timor-Leste",
        626,
        memberships=_asean(date(2025, 10, 26), observer_from=date(2022, 11, 11)),
        groups=frozenset({LDC}),
    ),
    Country("CHN", "China", 156, groups=frozenset({COMPARATOR})),
    Country("IND", "India", 356, groups=frozenset({COMPARATOR})),
    Country("JPN", "Japan", 392, groups=frozenset({COMPARATOR})),
    Country("KOR", "Korea, Rep.", 410, groups=frozenset({COMPARATOR})),
    Country("AUS", "Australia", 36, groups=frozenset({COMPARATOR})),
    Country("USA", "United States", 840, groups=frozenset({COMPARATOR})),
    Country("WLD", "World", 1, is_aggregate=True),
    Country("EAS", "East Asia & Pacific", is_aggregate=True),
    Country("EAP", "East Asia & Pacific (excluding high income)", is_aggregate=True),
    Country("TEA", "East Asia & Pacific (IDA & IBRD countries)", is_aggregate=True),
    Country("EUU", "European Union", is_aggregate=True),
    Country("OED", "OECD members", is_aggregate=True),
    Country("HIC", "High income", is_aggregate=True),
    Country("UMC", "Upper middle income", is_aggregate=True),
    Country("LMC", "Lower middle income", is_aggregate=True),
    Country("LIC", "Low income", is_aggregate=True),
    Country("LMY", "Low & middle income", is_aggregate=True),
    Country("MIC", "Middle income", is_aggregate=True),
    Country("SEA", "South-Eastern Asia (UN M49)", 35, is_aggregate=True),
)

COUNTRIES_BY_ISO3: dict[str, Country] = {c.iso3: c for c in COUNTRIES}
COUNTRIES_BY_M49: dict[int, Country] = {c.m49: c for c in COUNTRIES if c.m49 is not None}

#: The 11 member states in the order the ASEAN Secretariat lists them (alphabetical by
#: English short name, Timor-Leste last as the newest member).
ASEAN_MEMBERS: tuple[str, ...] = (
    "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS",
)  # fmt: skip


def asean_members_on(day: date) -> tuple[str, ...]:
    """ISO3 codes of the member states on ``day`` (TLS counts from 26 October 2025)."""
    return tuple(c for c in ASEAN_MEMBERS if COUNTRIES_BY_ISO3[c].is_member(ASEAN, day))


def country(iso3: str) -> Country:
    try:
        return COUNTRIES_BY_ISO3[iso3]
    except KeyError:
        raise KeyError(f"unknown country code {iso3!r}") from None
