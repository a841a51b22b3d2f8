"""The response shapes of the REST API under ``/api/v1``, as pydantic models.

They are what /openapi.json publishes for every path, and FastAPI checks each JSON answer against
its model before sending it. Every model forbids unknown fields, so an answer that gains or loses
a field fails loudly (in the tests) instead of drifting away from its documentation. Value sets
(progress categories, statuses, lights) come from the analytics that produce them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from admtrack.analytics import progress as pg
from admtrack.domain.framework import PlanStatus
from admtrack.domain.geography import MembershipStatus
from admtrack.domain.observations import ObservationStatus

MaybeFloat = float | None


def one_of(values: tuple[str, ...], description: str, *, nullable: bool = False) -> Any:
    """A string field documented (and checked by the schema tests) as one of ``values``."""
    enum: list[JsonValue] = [*values, None] if nullable else list(values)
    return Field(description=description, json_schema_extra={"enum": enum})


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- plans, countries, indicators, releases ------------------------------------------------------


class OutcomeSummary(Shape):
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


class PlanSummary(Shape):
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


class CountryOut(Shape):
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


class TargetOut(Shape):
    value: float
    target_set: str
    year: int | None
    group: str | None = Field(description="country group it applies to; null: every country")
    note: str


class IndicatorOut(Shape):
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


class ReleaseOut(Shape):
    id: str
    published: str = Field(description="ISO date")
    description: str


class ReleaseList(Shape):
    items: list[ReleaseOut]


# --- observations --------------------------------------------------------------------------------


class ObservationOut(Shape):
    indicator: str
    country: str = Field(description="ISO3")
    year: int
    value: float
    status: ObservationStatus
    source: str = Field(description="source id")
    licence: str | None
    release: str = Field(description="the release the value was published in")


class ObservationPage(Shape):
    release: str
    total: int = Field(description="observations matching the filters")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last")
    items: list[ObservationOut]


# --- progress ------------------------------------------------------------------------------------

CATEGORIES = (
    pg.ACHIEVED,
    pg.ON_TRACK,
    pg.ACCELERATE,
    pg.LIMITED,
    pg.DETERIORATION,
    pg.INSUFFICIENT,
)
ANTICIPATED = (pg.MAINTAIN, pg.ACCELERATE_TREND, pg.REVERSE, pg.INSUFFICIENT)
TRENDS = (pg.TREND_ON_TRACK, pg.TREND_MODERATE, pg.TREND_STAGNATING, pg.TREND_DECREASING,
          pg.INSUFFICIENT)  # fmt: skip


class VerdictOut(Shape):
    """One indicator x country x target set; the measures are those of /methodology."""

    indicator: str
    country: str
    target_set: str | None = Field(description="null: the trend test without a target")
    target_value: MaybeFloat
    target_year: int | None
    baseline_year: int | None
    baseline_value: MaybeFloat
    latest_year: int | None
    latest_value: MaybeFloat
    category: str = one_of(CATEGORIES, "CAGR-ratio category")
    status: str = one_of(pg.STATUSES, "coarse class used by the summaries")
    reason: str
    target_met: bool | None
    cagr_actual: MaybeFloat
    cagr_required: MaybeFloat
    cagr_ratio: MaybeFloat
    current_status: MaybeFloat = Field(description="ESCAP current status, at most 10")
    expected_status: MaybeFloat
    projected_value: MaybeFloat
    anticipated_progress: MaybeFloat
    anticipated_category: str | None = one_of(ANTICIPATED, "ESCAP outlook", nullable=True)
    distance_progress: MaybeFloat = Field(description="share of the way to the target, 0-1")
    annual_change: MaybeFloat
    trend_ratio: MaybeFloat
    trend: str | None = one_of(TRENDS, "SDSN trend arrow", nullable=True)
    traffic_light: str | None = one_of(pg.LIGHTS, "SDSN light", nullable=True)


class OutcomeStatusOut(Shape):
    outcome: str
    country: str
    summary: str = one_of(pg.STATUSES, "lower median of the indicators' statuses")
    n_indicators: int
    n_assessed: int
    n_on_track: int
    n_needs_acceleration: int
    n_regressed: int
    n_lacks_data: int


class RegionalStatusOut(Shape):
    outcome: str
    on_track: int
    needs_acceleration: int
    regressed: int
    lacks_data: int


class ProgressResponse(Shape):
    plan: str
    release: str
    items: list[VerdictOut]
    outcomes: list[OutcomeStatusOut]
    regional: list[RegionalStatusOut]


# --- the composite index -------------------------------------------------------------------------


class RankIntervalOut(Shape):
    median: float
    p05: float
    p95: float


class IndexRow(Shape):
    iso3: str
    name: str
    score: MaybeFloat = Field(description="0-100; null: too little data")
    rank: int | None = Field(description="1 = best among the member states with a score")
    interval: RankIntervalOut | None = Field(description="5th, 50th, 95th percentile rank")


class WhatIfRow(Shape):
    iso3: str
    name: str
    score: MaybeFloat
    rank: int | None


class WhatIf(Shape):
    weights: dict[str, float] = Field(description="outcome weights used")
    normalisation: str
    aggregation: str
    ranking: list[WhatIfRow]


class IndexMethodOut(Shape):
    normalisation: str
    latest_window: int
    reference_year: int | None
    outcome_dat_thresh: float
    index_dat_thresh: float
    weight_noise: float
    gmean_offset: float
    exclude_one_indicator: bool
    samples: int = Field(description="uncertainty replications")
    seed: int


class AuditOut(Shape):
    codes: list[str]
    correlations: list[list[MaybeFloat]] = Field(description="Pearson, in the order of codes")
    alpha: dict[str, MaybeFloat] = Field(description="Cronbach's alpha per aggregate")
    n_units: dict[str, int]


class IndexResponse(Shape):
    plan: str
    release: str
    method: IndexMethodOut
    index: str = Field(description="code of the composite index")
    ranking: list[IndexRow]
    outcomes: dict[str, list[IndexRow]] = Field(description="per outcome id")
    what_if: WhatIf
    audit: AuditOut
    failed_replications: int


# --- map geometry --------------------------------------------------------------------------------

Position = Annotated[list[float], Field(min_length=2, max_length=3)]


class Polygon(Shape):
    type: Literal["Polygon"]
    coordinates: list[list[Position]]


class MultiPolygon(Shape):
    type: Literal["MultiPolygon"]
    coordinates: list[list[list[Position]]]


class MemberProperties(Shape):
    iso3: str
    name: str


class MemberFeature(Shape):
    type: Literal["Feature"]
    properties: MemberProperties
    geometry: Polygon | MultiPolygon = Field(discriminator="type")


class MemberOutlines(Shape):
    """GeoJSON (RFC 7946) FeatureCollection, one feature per member state."""

    type: Literal["FeatureCollection"]
    features: list[MemberFeature]


# --- errors --------------------------------------------------------------------------------------


class FieldProblem(Shape):
    location: str = Field(description="e.g. query.limit")
    message: str


class Problem(Shape):
    """RFC 9457 problem details, sent as ``application/problem+json``."""

    type: str = Field(description="about:blank: the status code says it all")
    title: str
    status: int
    detail: str
    instance: str = Field(description="the path that was asked for")
    errors: list[FieldProblem] | None = Field(
        default=None, description="every invalid input, on 422"
    )
