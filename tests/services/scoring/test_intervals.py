"""Rank intervals from one pass of the engine equal the former route, one uncertainty analysis per
aggregate (outcome rows that leave out another outcome's indicator re-coded to 'nothing left
out'), on the bundled data: for the same seed, the same numbers, failures included."""

from __future__ import annotations

import numpy as np
import pytest

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.uncertain_inputs import ExclusionInput, UncertaintySpec, decode_column
from admtrack.analytics.uncertainty import evaluate, summarise
from admtrack.domain.framework import Plan
from admtrack.domain.geography import COUNTRIES
from admtrack.domain.imeta import measured_plan
from admtrack.domain.observations import Observation
from admtrack.ingest.plan_files import builtin_plans
from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.scoring import IndexMethod, RankInterval, compute_results
from admtrack.services.scoring import intervals as intervals_module
from admtrack.services.scoring.intervals import rank_intervals, uncertain_inputs
from admtrack.services.scoring.plan_spec import plan_spec
from admtrack.services.scoring.results import build_plan, plan_data
from admtrack.services.setup import bundled_data_dir

Intervals = dict[str, tuple[RankInterval | None, ...]]


def _inside(tree: FrameworkTree, node: int, ancestor: int) -> bool:
    while node >= 0:
        if node == ancestor:
            return True
        node = int(tree.parents[node])
    return False


def _as_seen_by(
    inputs: UncertaintySpec, design: np.ndarray, tree: FrameworkTree, node: int
) -> tuple[UncertaintySpec, np.ndarray]:
    """The former route's view of the design for one aggregate: leaving out an indicator
    outside it is re-coded to leaving out nothing."""
    col = [i.kind for i in inputs.inputs].index("exclusion")
    item = inputs.inputs[col]
    assert isinstance(item, ExclusionInput)
    own = [a for a in item.alternatives if all(_inside(tree, tree.index_of(c), node) for c in a)]
    local = [own.index(a) if a in own and a else 0 for a in item.alternatives]
    choice = decode_column(item, design[:, col]).astype(np.int64)
    recoded = design.copy()
    recoded[:, col] = (np.array([local[int(k)] for k in choice]) + 0.5) / len(own)
    items = list(inputs.inputs)
    items[col] = ExclusionInput(name=item.name, alternatives=own)
    return UncertaintySpec(inputs=items), recoded


def _one_analysis_per_aggregate(
    plan: Plan, observations: list[Observation], method: IndexMethod, samples: int, seed: int
) -> tuple[Intervals, int]:
    measured, _ = measured_plan(plan)
    data = plan_data(measured, observations, COUNTRIES, method).data
    tree = data.tree
    spec = plan_spec(measured, method, tree)
    nominal = build_plan(plan, observations, COUNTRIES, method)
    x = nominal.stage("Denominated").values
    scores = nominal.stage("Aggregated").values
    rng = np.random.default_rng(seed)
    inputs = uncertain_inputs(measured, tree, x, method, samples, rng)
    design = rng.random((samples, inputs.d))
    failed = np.zeros(samples, dtype=bool)
    out: Intervals = {}
    for node in range(tree.n_indicators, len(tree.codes)):
        seen, rows = _as_seen_by(inputs, design, tree, node)
        reps = evaluate(spec, data, seen, rows, code=tree.codes[node])
        failed |= reps.failed
        stats = summarise(reps, scores[:, node])
        out[tree.codes[node]] = tuple(
            RankInterval(median=float(m), p05=float(lo), p95=float(hi)) if np.isfinite(m) else None
            for m, lo, hi in zip(stats.median_rank, stats.q05_rank, stats.q95_rank, strict=True)
        )
    return out, int(failed.sum())


@pytest.fixture(scope="module")
def observations() -> list[Observation]:
    return read_snapshot(bundled_data_dir())


@pytest.mark.parametrize("plan_id", ["adm2025", "adm2030"])
@pytest.mark.parametrize(
    ("method", "samples", "seed"),
    [
        (IndexMethod(), 300, 20250101),
        (IndexMethod(aggregation="gmean", normalisation="goalposts"), 120, 5),
        # without an offset the geometric means of zero scores fail: failures count the same
        (IndexMethod(gmean_offset=0.0), 200, 11),
    ],
)
def test_one_pass_gives_the_intervals_of_one_analysis_per_aggregate(
    observations: list[Observation], plan_id: str, method: IndexMethod, samples: int, seed: int
) -> None:
    plan = next(p for p in builtin_plans() if p.id == plan_id)
    expected, failed = _one_analysis_per_aggregate(plan, observations, method, samples, seed)
    results = compute_results(
        plan, observations, COUNTRIES, "b", method=method, samples=samples, seed=seed
    )
    assert results.intervals == expected
    assert results.failed_replications == failed
    assert set(expected) == {*results.outcomes, results.index_code}
    if method.gmean_offset == 0.0:
        assert 0 < failed < samples


def test_the_nominal_build_is_not_repeated(
    observations: list[Observation], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Given the nominal build, the analysis takes its data entering normalisation instead of
    building the pipeline again."""
    plan = next(p for p in builtin_plans() if p.id == "adm2025")
    method = IndexMethod()
    measured, _ = measured_plan(plan)
    data = plan_data(measured, observations, COUNTRIES, method).data
    spec = plan_spec(measured, method, data.tree)
    nominal = build_plan(plan, observations, COUNTRIES, method)
    x = nominal.stage("Denominated").values
    expected = rank_intervals(spec, data, x, measured, method, 50, 3)

    def refuse(*_: object) -> None:
        raise AssertionError("the nominal data were prepared again")

    monkeypatch.setattr(intervals_module, "prepare_with_pipeline", refuse)
    assert rank_intervals(spec, data, x, measured, method, 50, 3, nominal=nominal) == expected
    with pytest.raises(AssertionError, match="prepared again"):
        rank_intervals(spec, data, x, measured, method, 50, 3)
