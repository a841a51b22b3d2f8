"""What ``admtrack index build|uncertainty|sensitivity|audit`` compute, for COINr-format files or a
stored plan: the engine's build, its uncertainty and sensitivity analyses and its audit, as
rows ready to print. With ``--plan`` and no spec of the user's, the spec is the plan's own
(:func:`~admtrack.services.scoring.plan_spec.plan_spec`, the dashboard's) and the uncertain
inputs are those of the dashboard's rank intervals, so the command line and the pages agree.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import sqlalchemy as sa

from admtrack.analytics.audit import (
    correlation_flags,
    cronbach_per_aggregate,
    leave_one_out,
    pca_variance_explained,
)
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.pipeline import IndexResult, build
from admtrack.analytics.sensitivity import (
    RunResults,
    SobolIndices,
    index_sensitivity,
    saltelli_design,
)
from admtrack.analytics.spec import AggregateStage, PipelineSpec
from admtrack.analytics.uncertain_inputs import UncertaintySpec
from admtrack.analytics.uncertainty import (
    Executor,
    Replications,
    UncertaintyResult,
    evaluate,
    run_uncertainty,
)
from admtrack.domain.framework import Plan
from admtrack.errors import MethodError
from admtrack.ingest.coinr import read_coinr
from admtrack.services.scoring.audit import root_code
from admtrack.services.scoring.intervals import uncertain_inputs
from admtrack.services.scoring.model import IndexMethod
from admtrack.services.scoring.plan_spec import plan_spec
from admtrack.services.scoring.results import plan_data
from admtrack.services.stored_data import plan_inputs


def coinr_data(idata: Path, imeta: Path) -> IndexData:
    """COINr-format iData and iMeta CSV files as the engine's input."""
    return read_coinr(idata, imeta)


@dataclass(frozen=True)
class StoredPlan:
    """A stored plan's engine input (the dashboard's: member states, latest values, same-year
    denominators) and the method its own spec is made from."""

    plan: Plan
    data: IndexData
    method: IndexMethod

    def spec(self) -> PipelineSpec:
        """The plan's own pipeline spec (the one the dashboard builds)."""
        return plan_spec(self.plan, self.method, self.data.tree)

    def uncertain_inputs(self, samples: int, rng: np.random.Generator) -> UncertaintySpec:
        """The uncertain inputs of the dashboard's rank intervals (``samples`` weight sets)."""
        spec = self.spec()
        x = build(spec, self.data).stage("Denominated").values
        return uncertain_inputs(self.plan, self.data.tree, x, self.method, samples, rng)


def stored_plan_data(engine: sa.Engine, plan_id: str, year: int | None = None) -> StoredPlan:
    """The stored plan ``plan_id`` as the engine's input, latest values up to ``year``."""
    method = IndexMethod(reference_year=year)
    stored = plan_inputs(engine, plan_id)
    prepared = plan_data(stored.plan, stored.observations, stored.countries, method)
    return StoredPlan(plan=stored.plan, data=prepared.data, method=method)


def _finite(value: object) -> object:
    return None if isinstance(value, float) and not math.isfinite(value) else value


def build_rows(
    spec: PipelineSpec, data: IndexData, stage: str
) -> tuple[list[str], list[dict[str, Any]]]:
    """The data set ``stage`` of the build, one row per unit (non-finite values as None)."""
    frame = build(spec, data).frame(stage)
    rows = [{k: _finite(v) for k, v in row.items()} for row in frame.to_dicts()]
    return list(frame.columns), rows


def uncertainty(
    spec: PipelineSpec,
    data: IndexData,
    inputs: UncertaintySpec,
    samples: int,
    rng: np.random.Generator,
    *,
    keep_replications: bool = False,
    code: str | None = None,
    executor: Executor | None = None,
) -> UncertaintyResult:
    """The engine's Monte Carlo uncertainty analysis (``samples`` replications from ``rng``),
    its replication blocks run on ``executor`` (e.g. a Dask client) when given."""
    return run_uncertainty(
        spec, data, inputs, samples, rng, keep_replications=keep_replications, code=code,
        executor=executor,
    )  # fmt: skip


def replications_frame(reps: Replications) -> pl.DataFrame:
    """Long table: one row per replication and unit, with the failure reason if it failed."""
    n, units = reps.scores.shape
    reason = np.where(reps.reason >= 0, reps.reason, 0)
    names = np.asarray(reps.reasons or ("",), dtype=object)[reason]
    return pl.DataFrame(
        {
            "replication": np.repeat(np.arange(n), units),
            "uCode": np.tile(np.asarray(reps.unit_codes), n),
            "score": reps.scores.reshape(-1),
            "rank": reps.ranks.reshape(-1),
            "failed": np.repeat(reps.failed, units),
            "reason": np.repeat(np.where(reps.reason >= 0, names, ""), units),
        }
    )


@dataclass(frozen=True)
class SensitivityReport:
    rows: list[dict[str, Any]]
    summary: str


def _index_rows(
    names: Sequence[str], idx: SobolIndices, column: int | None = None
) -> list[dict[str, Any]]:
    def at(a: np.ndarray, i: int) -> float:
        return float(a[i] if column is None else a[i, column])

    return [
        {"input": name, "S1": at(idx.first_order, i), "S1_low": at(idx.first_order_ci[0], i),
         "S1_high": at(idx.first_order_ci[1], i), "ST": at(idx.total, i),
         "ST_low": at(idx.total_ci[0], i), "ST_high": at(idx.total_ci[1], i)}
        for i, name in enumerate(names)
    ]  # fmt: skip


def _reasons(counts: dict[str, int]) -> str:
    return " (" + "; ".join(f"{n}: {why}" for why, n in counts.items()) + ")" if counts else ""


def sensitivity(
    spec: PipelineSpec,
    data: IndexData,
    inputs: UncertaintySpec,
    *,
    samples: int,
    rng: np.random.Generator,
    bootstrap: int,
    per_unit: bool,
) -> SensitivityReport:
    """First-order and total Sobol indices of the index's mean absolute rank shift (and, with
    ``per_unit``, of every unit's score) over a Saltelli design of ``samples`` base rows."""
    nominal = build(spec, data)
    design = saltelli_design(samples, inputs.d, rng)
    units: list[tuple[str, ...]] = []

    def run(x: np.ndarray) -> RunResults:
        replications = evaluate(spec, data, inputs, x)
        units.append(replications.unit_codes)
        return replications

    started = time.perf_counter()
    result = index_sensitivity(
        run, design, nominal.ranks(root_code(nominal.tree)), inputs.names, rng=rng,
        n_boot=bootstrap, per_unit=per_unit,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    position = {u: i for i, u in enumerate(nominal.unit_codes)}
    if [position.get(u) for u in units[0]] != list(range(len(units[0]))):
        raise MethodError("the replications' units differ from the nominal build's")
    rows = [
        {"output": "mean_rank_shift", **r} for r in _index_rows(result.input_names, result.scalar)
    ]
    if per_unit and result.scores is not None:
        for j, unit in enumerate(units[0]):
            rows.extend({"output": f"score:{unit}", **r}
                        for r in _index_rows(result.input_names, result.scores, j))  # fmt: skip
    summary = (
        f"{result.n_runs} runs ({samples} base rows, {inputs.d} inputs) in {seconds:.2f} s; "
        f"{result.n_failed_runs} failed{_reasons(result.failure_counts)}; "
        f"{int(result.scalar.n_used)} of {samples} base rows used"
    )
    return SensitivityReport(rows=rows, summary=summary)


def audit_tables(
    spec: PipelineSpec, data: IndexData, *, collinear: float
) -> dict[str, list[dict[str, Any]]]:
    """Cronbach's alpha and PCA variance explained per aggregate, correlation flags between
    siblings, and each pillar's leave-one-out influence on the index ranks."""
    result: IndexResult = build(spec, data)
    tree = result.tree
    agg = result.stage("Aggregated")
    values = agg.values[:, [agg.codes.index(c) for c in tree.codes]]
    alphas = cronbach_per_aggregate(values, tree)
    explained = pca_variance_explained(values, tree)
    aggregates = [
        {"code": code, "level": int(tree.levels[i]), "children": int(tree.children_of(i).size),
         "cronbach_alpha": alphas[code], "pca_explained": explained.get(code)}
        for i, code in enumerate(tree.codes) if i >= tree.n_indicators
    ]  # fmt: skip
    flags = correlation_flags(values, tree, collinear=collinear).to_dicts()
    normalised = result.stage("Normalised")
    x_ind = normalised.values[:, [normalised.codes.index(c) for c in tree.indicator_codes]]
    stage = spec.stage("aggregate")
    influence = leave_one_out(
        x_ind, tree, level=2, spec=stage if isinstance(stage, AggregateStage) else None
    ).to_dicts()
    tables = {"aggregates": aggregates, "flags": flags, "influence": influence}
    return {
        k: [{c: _finite(v) for c, v in row.items()} for row in rows] for k, rows in tables.items()
    }
