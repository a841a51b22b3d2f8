"""The composite index: rankings with rank intervals, the what-if, the audit."""

from __future__ import annotations

from pydantic import Field

from ..labels import LABEL_LANG
from .base import MaybeFloat, Shape


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
    status: str | None = Field(
        default=None,
        description="outcome rows: the member state's status on the outcome (see /progress)",
    )
    reason: str = Field(
        default="", description="outcome rows: why the outcome is not measured or has no verdict"
    )
    outcomes_scored: int | None = Field(
        default=None, description="index rows: how many outcomes the composite rests on"
    )
    label: str = Field(description="the member state's name in `lang` (CLDR)")
    status_label: str | None = Field(description="`status` in `lang`")
    reason_label: str = Field(description="`reason` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class DataGapsOut(Shape):
    """A member state's indicator values that are missing, imputed or older than the window."""

    iso3: str
    name: str
    n_indicators: int
    outcomes_scored: int = Field(description="outcomes the member state's composite rests on")
    n_outcomes: int
    missing: list[str] = Field(description="indicators without a value in the latest-value window")
    imputed: list[str]
    older: dict[str, int] = Field(description="indicator -> year of a value older than the window")
    not_measured: dict[str, str] = Field(description="outcome id -> why it is not measured")
    label: str = Field(description="the member state's name in `lang` (CLDR)")
    not_measured_label: dict[str, str] = Field(description="`not_measured` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class EvaluationOut(Shape):
    """The plan's evaluation rules (the ``evaluation`` block of its file)."""

    window: list[int] = Field(description="first and last year of the evaluation window")
    outcome_min_share: float = Field(description="coverage rule: share of indicators with data")
    min_states_ranked: int = Field(description="an outcome scored for fewer is not ranked")
    verdict_min_share: float
    ceiling_distance: float
    relative_tolerance: float


class WhatIfRow(Shape):
    iso3: str
    name: str
    score: MaybeFloat
    rank: int | None
    label: str = Field(description="the member state's name in `lang` (CLDR)")
    label_lang: str = Field(description=LABEL_LANG)


class WhatIfAnswerRow(WhatIfRow):
    nominal_rank: int | None = Field(description="rank at the plan's nominal weights")


class WhatIf(Shape):
    weights: dict[str, float] = Field(description="outcome weights used")
    normalisation: str
    aggregation: str
    ranking: list[WhatIfRow]


class WhatIfAnswer(Shape):
    """The index with the chosen weights, normalisation and index-level mean, best first."""

    plan: str
    release: str
    weights: dict[str, float] = Field(description="outcome weights used")
    normalisation: str
    aggregation: str
    gmean_offset: float = Field(description="offset of the geometric mean, from the plan's method")
    ranking: list[WhatIfAnswerRow]


class IndexMethodOut(Shape):
    normalisation: str
    aggregation: str = Field(description="outcome-level mean: amean or gmean")
    denominator_scale: float = Field(description="value / same-year denominator x this")
    strengths_top: int = Field(description="strengths and weaknesses listed per member state")
    latest_window: int
    reference_year: int | None
    outcome_dat_thresh: float
    index_dat_thresh: float
    weight_noise: float
    gmean_offset: float
    exclude_one_indicator: bool
    sensitivity_base_rows: int = Field(description="base rows of the Sobol sensitivity design")
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
    not_measured: dict[str, str] = Field(
        description="outcome id -> why it is not in the index (e.g. not measured yet)"
    )
    not_ranked: dict[str, str] = Field(
        description="outcome id -> why it has no ranks (scored for too few member states)"
    )
    evaluation: EvaluationOut
    data_gaps: list[DataGapsOut] = Field(description="per member state")
    outcome_labels: dict[str, str] = Field(description="outcome id -> its name in `lang`")
    not_measured_label: dict[str, str] = Field(description="`not_measured` in `lang`")
    not_ranked_label: dict[str, str] = Field(description="`not_ranked` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)
