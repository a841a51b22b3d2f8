"""Small domain objects for the store tests, built with the domain dataclasses directly."""

from __future__ import annotations

from datetime import date

from admtrack.domain.framework import (
    Aggregate,
    EnablingAction,
    Indicator,
    Outcome,
    Plan,
    PlanStatus,
    Target,
    TargetSet,
)
from admtrack.domain.geography import ASEAN, Country, Membership, MembershipStatus
from admtrack.domain.observations import Observation, Provenance, Release, SourceRef
from admtrack.store import SourceRecord

WDI = SourceRef("World Bank", "World Development Indicators", "CC BY 4.0", "https://wdi", "IT.NET")


def make_plan(plan_id: str = "demo", internet_name: str = "Internet users") -> Plan:
    internet = Indicator(
        code="NET",
        name=internet_name,
        unit="% of population",
        direction=1,
        outcome="DO1",
        weight=2.0,
        source=WDI,
        targets=(Target(90.0, "plan", 2025),),
        goalposts=(0.0, 100.0),
        headline=True,
    )
    price = Indicator("PRICE", "Broadband price", "% of GNI", -1, "DO1")
    skills = Indicator("SKILLS", "Digital skills", "index", 1, "DO2", description="Skills")
    return Plan(
        id=plan_id,
        name="Demo plan",
        outcomes=(
            Outcome("DO1", "Connectivity", "Get online", 1.0, (internet, price), parent="IDX"),
            Outcome("DO2", "Skills", weight=0.5, indicators=(skills,), parent="IDX"),
        ),
        period=(2021, 2025),
        baseline_year=2020,
        status=PlanStatus.PROVISIONAL,
        aggregates=(Aggregate("IDX", "Index", 3),),
        target_sets=(TargetSet("plan", "Plan targets", "ASEAN", is_plan_target=True),),
        sources=("https://example.org/plan",),
    )


ACTIONS = (
    EnablingAction(
        "EA1.1",
        "Open spectrum",
        "DO1",
        "high",
        "2021-2023",
        "ATRC",
        ((2021, "started"), (2022, "done")),
        ("https://e/1",),
    ),  # fmt: skip
    EnablingAction("EA2.1", "Train teachers", "DO2"),
)

COUNTRIES = (
    Country(
        "IDN",
        "Indonesia",
        360,
        memberships=(Membership(ASEAN, MembershipStatus.MEMBER, date(1967, 8, 8)),),
    ),  # fmt: skip
    Country(
        "TLS",
        "Timor-Leste",
        626,
        memberships=(
            Membership(ASEAN, MembershipStatus.OBSERVER, date(2022, 11, 11), date(2025, 10, 26)),
            Membership(ASEAN, MembershipStatus.MEMBER, date(2025, 10, 26)),
        ),
        groups=frozenset({"ldc", "asean"}),
    ),
    Country("WLD", "World", 1, is_aggregate=True),
)

SOURCES = (
    SourceRecord("wdi", WDI, date(2025, 5, 1)),
    SourceRecord("itu", SourceRef("ITU", "WTID", "terms")),
)
RELEASE = Release("2025-06", date(2025, 6, 30), "June 2025 vintage")


def obs(indicator: str, country: str, year: int, value: float, **kw: object) -> Observation:
    return Observation(indicator, country, year, value, source="wdi", **kw)  # type: ignore[arg-type]


BATCH = (
    obs("NET", "IDN", 2021, 62.1, provenance=Provenance("wdi.csv", 4, "2021", date(2025, 5, 1))),
    obs("NET", "TLS", 2021, 39.5),
    obs("NET", "IDN", 2020, 53.7),
    obs("PRICE", "IDN", 2021, 1.25),
)
