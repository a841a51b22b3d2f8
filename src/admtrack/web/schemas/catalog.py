"""Plans, countries, indicators and releases."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from admtrack.domain.framework import PlanStatus
from admtrack.domain.geography import MembershipStatus
from admtrack.domain.observations import ReleaseStatus

from .base import Shape, one_of


class Labelled(Shape):
    """The name in the language asked for with ``?lang=`` (``name`` stays English)."""

    label: str = Field(description="the name in the language of `lang` (English where none)")
    label_lang: str = Field(description="the language the label is in: `lang`, or en")
    label_source: str | None = Field(
        description="who translated it: admtrack (admtrack's own translation), the official "
        "source a plan file names, or CLDR (country names); null for English"
    )


class OutcomeSummary(Labelled):
    id: str = Field(description="e.g. DO1")
    name: str
    weight: float = Field(description="nominal weight in the composite index")
    indicators: list[str] = Field(description="codes of the outcome's indicators")


class OutcomeDetail(OutcomeSummary):
    summary: str
    not_measured: str = Field(description="what the indicators leave unmeasured")


class TargetSetOut(Shape):
    id: str
    name: str
    attribution: str
    url: str
    is_plan_target: bool = Field(description="set by the plan itself (not by admtrack)")
    description: str


class PlanSummary(Labelled):
    id: str
    name: str
    status: PlanStatus
    period: tuple[int, int] | None = Field(description="first and last year")
    baseline_year: int | None
    indicators_proposed_by: str | None = Field(
        description="who proposed the indicator set (the plan itself when null)"
    )
    outcomes: list[OutcomeSummary]


class PlanDetail(PlanSummary):
    outcomes: list[OutcomeDetail]  # type: ignore[assignment]
    description: str
    indicator_note: str
    target_sets: list[TargetSetOut]
    sources: list[str]


class PlanList(Shape):
    items: list[PlanSummary]


class CountryOut(Labelled):
    iso3: str
    name: str
    m49: int | None = Field(description="UN M49 code")
    is_aggregate: bool = Field(description="a group of countries, e.g. World")
    asean_status: MembershipStatus | None = Field(description="today; null: not in ASEAN")
    asean_member_since: str | None = Field(description="ISO date of accession")
    groups: list[str]


class CountryList(Shape):
    items: list[CountryOut]


class SourceOut(Shape):
    publisher: str
    dataset: str
    licence: str
    url: str
    series_code: str
    citation: str
    vintage: str = Field(
        description="the edition of the source the values come from; empty: not stated"
    )


class TargetOut(Shape):
    value: float
    target_set: str
    year: int | None
    group: str | None = Field(description="country group it applies to; null: every country")
    note: str


class IndicatorOut(Labelled):
    code: str
    name: str
    unit: str
    direction: Literal[1, -1] = Field(description="+1 higher is better, -1 lower is better")
    outcome: str
    weight: float
    description: str
    goalposts: tuple[float, float] | None = Field(description="lower and upper goalpost")
    proposed_by: str | None
    headline: bool
    source: SourceOut | None
    targets: list[TargetOut]


class IndicatorList(Shape):
    plan: str
    items: list[IndicatorOut]


class ReleaseBundleLinks(Shape):
    """Where the files of a published release's bundle are served."""

    manifest: str
    datapackage: str
    dcat: str
    csv: str
    xlsx: str
    parquet: str
    json_: str = Field(alias="json")
    sdmx_structure: str
    sdmx_data: str


class ReleaseOut(Shape):
    id: str
    published: str = Field(description="ISO date")
    description: str
    status: str = one_of(tuple(s.value for s in ReleaseStatus), "draft or published")
    bundle: ReleaseBundleLinks | None = Field(
        default=None, description="the bundle's files; only for a published release"
    )


class ReleaseList(Shape):
    items: list[ReleaseOut]
