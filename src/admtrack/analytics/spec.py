"""The declarative pipeline spec: ordered stages, each a method name with parameters and
per-indicator overrides. It serialises to YAML/JSON; ``build(spec, data)`` replays it.

Data sets are named as in COINr: Raw -> Denominated -> Imputed -> Screened -> Treated ->
Normalised -> Aggregated. Each stage reads the output of the stage before it.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DenominateStage(_Frozen):
    """Divide indicators by size variables (COINr ``Denominate``).

    ``by`` maps indicator code -> denominator column; empty means "use the iMeta Denominator
    column". ``scale`` multiplies the ratio (e.g. 1e6 for "per million")."""

    stage: Literal["denominate"] = "denominate"
    by: dict[str, str] = Field(default_factory=dict)
    scale: dict[str, float] = Field(default_factory=dict)


ImputeMethod = Literal[
    "none",
    "mean",  # column mean (i_mean)
    "median",  # column median (i_median)
    "group_mean",  # mean within a unit group (i_mean_grp)
    "group_median",  # median within a unit group (i_median_grp)
    "row_mean",  # unit's mean normalised score of sibling indicators (impute_by = "row")
    "panel_latest",  # carry the last observation forward in time (impute_panel "latest")
    "panel_linear",  # linear interpolation in time, no extrapolation ("linear")
    "panel_linear_constant",  # interpolation inside, constant outside ("linear-constant")
]


class ImputeStage(_Frozen):
    stage: Literal["impute"] = "impute"
    method: ImputeMethod = "mean"
    group: str | None = None  # group column for group_mean / group_median
    group_level: int = 2  # aggregation level whose children are siblings, for row_mean
    max_time: int | None = None  # panel methods: fill at most this many years away
    per_indicator: dict[str, ImputeMethod] = Field(default_factory=dict)


class ScreenStage(_Frozen):
    """Drop units with too little data (COINr ``Screen``) and indicators on request."""

    stage: Literal["screen"] = "screen"
    unit_screen: Literal["none", "byNA", "byzeros", "byNAandzeros"] = "byNA"
    dat_thresh: float = Field(0.66, ge=0.0, le=1.0)
    nonzero_thresh: float = Field(0.05, ge=0.0, le=1.0)
    force_include: list[str] = Field(default_factory=list)
    force_exclude: list[str] = Field(default_factory=list)
    exclude_indicators: list[str] = Field(default_factory=list)
    #: Availability is measured on this data set (COINr's ASEM example screens the imputed data
    #: "by NA", which needs availability of the data before imputation to bite).
    availability_of: Literal["input", "Raw", "Denominated"] = "input"


TreatFunction = Literal["log_CT", "log_CT_plus", "log_CT_orig", "boxcox", "none"]


class TreatOverride(_Frozen):
    method: Literal[
        "default", "none", "winsorise", "log_CT", "log_CT_plus", "log_CT_orig", "boxcox"
    ]
    winmax: int | None = None
    boxcox_lambda: float | None = None


class TreatStage(_Frozen):
    """Outlier treatment (COINr ``Treat`` / ``qTreat``): an indicator fails when
    |skew| > skew_thresh AND kurtosis > kurt_thresh; failing indicators are winsorised up to
    ``winmax`` points, then ``f2`` is applied if they still fail."""

    stage: Literal["treat"] = "treat"
    winmax: int = Field(5, ge=0)
    skew_thresh: float = 2.0
    kurt_thresh: float = 3.5
    f2: TreatFunction = "log_CT"
    boxcox_lambda: float = 0.0
    combine_treat: bool = False  # apply f2 to the winsorised data instead of the original
    per_indicator: dict[str, TreatOverride] = Field(default_factory=dict)


NormaliseMethod = Literal[
    "minmax",  # params: l_u = [l, u]
    "zscore",  # params: m_sd = [m, sd]
    "scaled",  # params: l, u, scale_factor (fixed bounds, no truncation)
    "goalposts",  # params per indicator: lower, upper, scale, trunc (default from Indicator.goalposts)
    "dist2targ",  # params: cap_max; targets from the framework table
    "dist2ref",  # params: ref (unit code), cap_max
    "dist2max",
    "fracmax",
    "rank",
    "borda",
    "prank",
]


class NormaliseOverride(_Frozen):
    method: NormaliseMethod
    params: dict[str, Any] = Field(default_factory=dict)


class NormaliseStage(_Frozen):
    stage: Literal["normalise"] = "normalise"
    method: NormaliseMethod = "minmax"
    params: dict[str, Any] = Field(default_factory=lambda: {"l_u": [0.0, 100.0]})
    per_indicator: dict[str, NormaliseOverride] = Field(default_factory=dict)
    #: Panels: normalise over all years at once so scores are comparable in time.
    panel_wide: bool = True


AggregateMethod = Literal["amean", "gmean", "hmean", "genmean", "copeland"]


class LevelAggregation(_Frozen):
    method: AggregateMethod = "amean"
    p: float | None = None  # genmean power
    dat_thresh: float | None = None  # NA when the share of available children is below this
    #: gmean/hmean refuse values <= 0 unless an offset is given: the mean is then taken of
    #: x + offset and the offset subtracted again (documented in docs/methodology).
    offset: float | None = None


class AggregateStage(_Frozen):
    stage: Literal["aggregate"] = "aggregate"
    default: LevelAggregation = Field(default_factory=LevelAggregation)
    levels: dict[int, LevelAggregation] = Field(default_factory=dict)  # level being computed
    weights: dict[str, float] = Field(default_factory=dict)  # overrides of nominal weights

    def for_level(self, level: int) -> LevelAggregation:
        return self.levels.get(level, self.default)


Stage = Annotated[
    DenominateStage | ImputeStage | ScreenStage | TreatStage | NormaliseStage | AggregateStage,
    Field(discriminator="stage"),
]

STAGE_OUTPUT: dict[str, str] = {
    "denominate": "Denominated",
    "impute": "Imputed",
    "screen": "Screened",
    "treat": "Treated",
    "normalise": "Normalised",
    "aggregate": "Aggregated",
}


class PipelineSpec(_Frozen):
    """An ordered list of stages; ``normalise`` and ``aggregate`` are required, once each."""

    name: str = "index"
    stages: list[Stage]

    def stage(self, kind: str) -> Stage | None:
        for s in self.stages:
            if s.stage == kind:
                return s
        return None

    def replaced(self, new_stage: Stage) -> PipelineSpec:
        """A copy with the stage of the same kind replaced by ``new_stage``."""
        return self.model_copy(
            update={"stages": [new_stage if s.stage == new_stage.stage else s for s in self.stages]}
        )


def spec_from_mapping(data: dict[str, Any]) -> PipelineSpec:
    return PipelineSpec.model_validate(data)


def spec_to_mapping(spec: PipelineSpec) -> dict[str, Any]:
    return spec.model_dump(mode="json", exclude_defaults=False)
