"""``build(spec, data) -> IndexResult``: replay a pipeline spec on index data (COINr's
``new_coin`` + build functions + ``Regen``), keeping every stage's data set.

Stages run in spec order, each on the output of the one before: Raw -> Denominated -> Imputed
-> Screened -> Treated -> Normalised -> Aggregated (COINr names). ``build`` is pure and
deterministic: inputs are not mutated and nothing random happens. Screening may drop units and
indicators; later stages then work on the reduced set and the reduced framework tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from numpy.typing import NDArray

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.denominate import denominate_stage
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.impute import ImputeResult, impute_stage
from admtrack.analytics.normalise import normalise_stage
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.screen import ScreenResult, screen_stage
from admtrack.analytics.spec import (
    STAGE_OUTPUT,
    AggregateStage,
    DenominateStage,
    ImputeStage,
    NormaliseStage,
    PipelineSpec,
    ScreenStage,
    TreatStage,
)
from admtrack.analytics.treat import TreatmentRecord, TreatResult, treat
from admtrack.errors import NotFound, ValidationError

Array = NDArray[np.float64]


@dataclass(frozen=True)
class StageData:
    """One named data set: values (units, columns), or (years, units, columns) for a panel."""

    name: str
    values: Array
    unit_codes: tuple[str, ...]
    codes: tuple[str, ...]


@dataclass(frozen=True)
class IndexResult:
    """Every stage of a build, with the logs of the stages that keep one."""

    spec: PipelineSpec
    data: IndexData
    tree: FrameworkTree  # the framework after screening
    stages: dict[str, StageData]
    times: tuple[int, ...] | None = None
    imputation: ImputeResult | None = None
    screening: ScreenResult | None = None
    treatment: TreatResult | None = None
    logs: dict[str, str] = field(default_factory=dict)

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(self.stages)

    @property
    def unit_codes(self) -> tuple[str, ...]:
        return self.stages[self.stage_names[-1]].unit_codes

    def stage(self, name: str) -> StageData:
        if name not in self.stages:
            raise NotFound(f"no data set {name!r}; this build has {', '.join(self.stages)}")
        return self.stages[name]

    def frame(self, stage: str) -> pl.DataFrame:
        """The data set as a table: ``uCode`` (and ``Time`` for a panel), one column per code."""
        data = self.stage(stage)
        if data.values.ndim == 2:
            columns: dict[str, object] = {"uCode": list(data.unit_codes)}
            rows = data.values
        else:
            years, units = data.values.shape[:2]
            columns = {
                "uCode": list(data.unit_codes) * years,
                "Time": np.repeat(np.asarray(self.times), units).tolist(),
            }
            rows = data.values.reshape(years * units, -1)
        for j, code in enumerate(data.codes):
            columns[code] = rows[:, j]
        return pl.DataFrame(columns)

    def scores(self, code: str) -> Array:
        """Scores of any node (indicator or aggregate) in the Aggregated data set."""
        data = self.stage("Aggregated")
        if code not in data.codes:
            raise NotFound(f"no code {code!r} in the aggregated data")
        return np.asarray(data.values[..., data.codes.index(code)], dtype=np.float64)

    def ranks(self, code: str) -> Array:
        """Ranks of :meth:`scores` (1 = highest score, ties share the lowest rank, NaN stays NaN)."""
        return rank_descending(self.scores(code))

    def treatment_report(self) -> list[TreatmentRecord]:
        if self.treatment is None:
            return []
        before = self.stages[self._before("Treated")]
        return self.treatment.records(before.codes, before.unit_codes)

    def _before(self, name: str) -> str:
        names = self.stage_names
        return names[names.index(name) - 1]


def _check_order(spec: PipelineSpec) -> None:
    kinds = [s.stage for s in spec.stages]
    problems = [
        f"stage {k!r} appears {kinds.count(k)} times"
        for k in dict.fromkeys(kinds)
        if kinds.count(k) > 1
    ]
    for required in ("normalise", "aggregate"):
        if required not in kinds:
            problems.append(f"the spec has no {required!r} stage")
    if not problems and kinds.index("aggregate") < kinds.index("normalise"):
        problems.append("'aggregate' must come after 'normalise'")
    if not problems and kinds[-1] != "aggregate":
        problems.append("'aggregate' must be the last stage")
    if problems:
        raise ValidationError(f"pipeline spec {spec.name!r}", problems)


def build(spec: PipelineSpec, data: IndexData) -> IndexResult:
    """Run ``spec`` on ``data`` and keep every stage (module doc)."""
    _check_order(spec)
    tree, units = data.tree, data.unit_codes
    keep = np.arange(len(units))  # positions of the current units in the input data
    cur = np.array(data.values, dtype=np.float64)
    stages = {"Raw": StageData("Raw", cur, units, tree.indicator_codes)}
    imputation: ImputeResult | None = None
    screening: ScreenResult | None = None
    treatment: TreatResult | None = None
    logs: dict[str, str] = {}
    for stage in spec.stages:
        name = STAGE_OUTPUT[stage.stage]
        codes = tree.indicator_codes
        if isinstance(stage, DenominateStage):
            denoms = {k: v[..., keep] for k, v in data.denominators.items()}
            cur = denominate_stage(cur, tree, denoms, stage)
        elif isinstance(stage, ImputeStage):
            groups = {k: tuple(v[i] for i in keep) for k, v in data.groups.items()}
            imputation = impute_stage(cur, tree, groups, stage, data.times)
            cur = imputation.values
            logs[name] = (
                f"{imputation.n_imputed} cells imputed, {imputation.n_still_missing} still missing"
            )
        elif isinstance(stage, ScreenStage):
            basis = None
            if stage.availability_of != "input":
                source = stages.get(stage.availability_of)
                if source is None:
                    raise ValidationError(
                        spec.name,
                        [
                            f"screen availability_of {stage.availability_of!r} is not an earlier data set"
                        ],
                    )
                basis = source.values[..., keep, :]
            cur, tree, screening = screen_stage(cur, tree, units, stage, basis)
            keep, units = (
                keep[screening.kept_units],
                tuple(np.asarray(units)[screening.kept_units].tolist()),
            )
            codes = tree.indicator_codes
            logs[name] = (
                f"removed units: {list(screening.removed_units)}; removed indicators: {list(screening.removed_indicators)}"
            )
        elif isinstance(stage, TreatStage):
            treatment = treat(cur, stage, codes)
            cur = treatment.values
            logs[name] = (
                f"{int(treatment.transformed.sum())} transformed, {int((treatment.n_winsorised > 0).sum())} winsorised"
            )
        elif isinstance(stage, NormaliseStage):
            if cur.ndim == 3 and stage.panel_wide:
                flat = normalise_stage(cur.reshape(-1, cur.shape[-1]), tree, stage)
                cur = flat.reshape(cur.shape)
            else:
                cur = normalise_stage(cur, tree, stage, unit_codes=units)
        elif isinstance(stage, AggregateStage):
            cur = aggregate_tree(cur, tree, None, stage, unit_codes=units)
            codes = tree.codes
        stages[name] = StageData(name, cur, units, codes)
    return IndexResult(spec, data, tree, stages, data.times, imputation, screening, treatment, logs)
