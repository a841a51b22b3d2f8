"""Which assumptions move the composite index's ranks: a variance-based (Sobol) sensitivity
analysis through SALib (:mod:`admtrack.analytics.sobol_salib`), over the assumptions of the rank
intervals (:func:`~admtrack.services.scoring.intervals.uncertain_inputs`: normalisation,
aggregation, indicator weights, outcome weights, one indicator left out) plus imputation
(none, the plan's choice: a missing value is left out and its siblings' weights renormalised;
or the member states' mean or median of the indicator, imputed before normalisation).

Output: the mean over member states of |rank - nominal rank| of the index (COINr's
``get_sensitivity`` output), for each of the N (d + 2) runs of SALib's Saltelli design with
N = ``IndexMethod.sensitivity_base_rows``. S_i is the share of that output's variance an
assumption explains alone, S_Ti the share it takes part in (with interactions). Failed runs
are counted and their base rows left out (``used_rows``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.sensitivity import mean_rank_shift
from admtrack.analytics.sobol_salib import analyse, design
from admtrack.analytics.spec import ImputeStage, PipelineSpec
from admtrack.analytics.uncertain_inputs import ImputationInput, UncertaintySpec
from admtrack.analytics.uncertainty import evaluate
from admtrack.domain.framework import Plan
from admtrack.services.scoring.intervals import uncertain_inputs
from admtrack.services.scoring.model import AssumptionSensitivity, IndexMethod, PlanSensitivity

F64 = NDArray[np.float64]

#: What each assumption of the design lets vary (for reports and the CLI).
ASSUMPTIONS = {
    "normalisation": "min-max or goalposts",
    "aggregation": "arithmetic or geometric mean",
    "indicator weights": "each times U(1 - f, 1 + f)",
    "outcome weights": "each times U(1 - f, 1 + f)",
    "exclusion": "none, or one indicator left out",
    "imputation": "none, or the member states' mean or median",
}
OUTPUT = "mean absolute rank shift of the index"


def _with_imputation(spec: PipelineSpec) -> PipelineSpec:
    """``spec`` with an impute stage (method none, so the nominal build is unchanged) after
    denomination, for the imputation assumption to replace."""
    stages = list(spec.stages)
    at = next((k + 1 for k, s in enumerate(stages) if s.stage == "denominate"), 0)
    stages.insert(at, ImputeStage(method="none"))
    return spec.model_copy(update={"stages": stages})


def plan_sensitivity(
    plan: Plan,
    method: IndexMethod,
    spec: PipelineSpec,
    data: IndexData,
    x: F64,
    nominal_ranks: F64,
    seed: int,
) -> PlanSensitivity:
    """Sobol indices of the index's mean absolute rank shift per assumption. ``x`` is the
    nominal build's denominated data (units x indicators; completes the goalposts),
    ``nominal_ranks`` its index ranks; ``seed`` seeds the weight sets, the design and SALib's
    bootstrap."""
    n = method.sensitivity_base_rows
    rng = np.random.default_rng(seed)
    base = uncertain_inputs(plan, data.tree, x, method, n, rng)
    imputation = ImputationInput(alternatives=["none", "mean", "median"])
    inputs = UncertaintySpec(inputs=[*base.inputs, imputation])
    names = [item.name for item in inputs.inputs]
    varied = _with_imputation(spec)
    grid = design(names, n, seed)
    reps = evaluate(varied, data, inputs, grid)
    ranks = np.where(reps.failed[:, None], np.nan, reps.ranks)
    shift = mean_rank_shift(ranks, nominal_ranks)
    found = analyse(names, shift, seed=seed, confidence=0.95)

    def num(v: float) -> float | None:
        return float(v) if np.isfinite(v) else None

    rows = tuple(
        AssumptionSensitivity(
            assumption=name, varies=ASSUMPTIONS.get(name, ""),
            first_order=num(found.first_order[i]), first_order_conf=num(found.first_order_conf[i]),
            total=num(found.total[i]), total_conf=num(found.total_conf[i]),
        )
        for i, name in enumerate(names)
    )  # fmt: skip
    return PlanSensitivity(
        output=OUTPUT, base_rows=n, runs=found.n_runs, failed_runs=int(reps.failed.sum()),
        used_rows=found.n_used, confidence=found.confidence, seed=seed,
        mean_shift=float(np.nanmean(shift)) if np.isfinite(shift).any() else None,
        assumptions=rows,
    )  # fmt: skip
