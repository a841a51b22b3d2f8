"""Progress verdicts, with the value sets of the analytics that produce them."""

from __future__ import annotations

from pydantic import Field

from admtrack.analytics import progress as pg

from ..labels import LABEL_LANG
from .base import MaybeFloat, Shape, one_of

CATEGORIES = pg.CATEGORIES
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
    category: str = one_of(
        CATEGORIES,
        "CAGR-ratio category; 'at ceiling' near the indicator's natural bound, the tolerance-band "
        "categories for relative indices",
    )
    status: str = one_of(pg.INDICATOR_STATUSES, "coarse class used by the summaries")
    reason: str = Field(description="why there is no verdict, or how it was judged")
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
    indicator_label: str = Field(description="the indicator's name in `lang`")
    status_label: str = Field(description="`status` in `lang`")
    category_label: str = Field(description="`category` in `lang`")
    reason_label: str = Field(description="`reason` in `lang`")
    anticipated_category_label: str | None = Field(description="`anticipated_category` in `lang`")
    trend_label: str | None = Field(description="`trend` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class OutcomeStatusOut(Shape):
    """A member state's status on an outcome, from the indicators of its outcome score."""

    outcome: str
    country: str
    summary: str = one_of(
        pg.STATUSES,
        "lower median of the statuses of the indicators in the outcome score; 'no verdict' when "
        "too few have one, 'not measured' when the outcome has no score (the coverage rule)",
    )
    reason: str = Field(description="why 'no verdict' or 'not measured'; empty otherwise")
    n_indicators: int = Field(description="indicators in the member state's outcome score")
    n_assessed: int
    n_on_track: int
    n_at_ceiling: int
    n_stable: int
    n_needs_acceleration: int
    n_regressed: int
    n_no_verdict: int
    outcome_label: str = Field(description="the outcome's name in `lang`")
    summary_label: str = Field(description="`summary` in `lang`")
    reason_label: str = Field(description="`reason` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class RegionalStatusOut(Shape):
    """Member states per summary status on one outcome."""

    outcome: str
    on_track: int
    at_ceiling: int
    stable: int
    needs_acceleration: int
    regressed: int
    no_verdict: int
    not_measured: int


class ProgressResponse(Shape):
    plan: str
    release: str
    items: list[VerdictOut]
    outcomes: list[OutcomeStatusOut]
    regional: list[RegionalStatusOut]
    not_measured: dict[str, str] = Field(
        description="outcome id -> why it is not in the index (e.g. not measured yet)"
    )
    not_ranked: dict[str, str] = Field(
        description="outcome id -> why it has no ranks (scored for too few member states)"
    )
    outcome_labels: dict[str, str] = Field(description="outcome id -> its name in `lang`")
    not_measured_label: dict[str, str] = Field(description="`not_measured` in `lang`")
    not_ranked_label: dict[str, str] = Field(description="`not_ranked` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)
