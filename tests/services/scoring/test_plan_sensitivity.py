"""Which assumptions move the index's ranks, on the bundled data: SALib's Sobol indices per
assumption, from the one scoring path, the same for the same seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from admtrack.services.scoring import IndexMethod, PlanResults, compute_results
from admtrack.services.scoring.sensitivity import ASSUMPTIONS
from admtrack.services.setup import initialise
from admtrack.services.stored_data import PlanInputs, plan_inputs
from admtrack.store import create_engine_for


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> PlanInputs:
    path: Path = tmp_path_factory.mktemp("sensitivity") / "admtrack.sqlite"
    engine = create_engine_for(f"sqlite:///{path}")
    initialise(engine)
    return plan_inputs(engine, "adm2025")


def results(stored: PlanInputs, method: IndexMethod, seed: int = 7) -> PlanResults:
    return compute_results(stored.plan, stored.observations, stored.countries, "r",
                           method=method, samples=20, seed=seed)  # fmt: skip


def test_every_assumption_has_first_order_and_total_indices(stored: PlanInputs) -> None:
    method = IndexMethod(sensitivity_base_rows=128)
    sa = results(stored, method).sensitivity
    assert sa is not None
    assert [a.assumption for a in sa.assumptions] == list(ASSUMPTIONS)
    d = len(ASSUMPTIONS)
    assert sa.base_rows == 128 and sa.runs == 128 * (d + 2)
    assert sa.failed_runs == 0 and sa.used_rows == 128  # the plan's method never fails a run
    for a in sa.assumptions:
        assert a.first_order is not None and a.total is not None, a
        assert a.total_conf is not None and a.total_conf > 0
        # S_Ti >= S_i up to sampling error; both are shares of one variance
        assert a.total + a.total_conf + (a.first_order_conf or 0) >= a.first_order
        assert -0.5 < a.first_order < 1.0 and 0.0 < a.total < 1.5
    assert sa.mean_shift is not None and sa.mean_shift > 0  # the assumptions do move ranks
    again = results(stored, method).sensitivity
    assert again == sa  # the same seed gives the same indices
    other = results(stored, method, seed=8).sensitivity
    assert other != sa


def test_weights_without_noise_move_nothing(stored: PlanInputs) -> None:
    # With no weight noise the weights inputs change nothing: their total indices are zero.
    method = IndexMethod(sensitivity_base_rows=64, weight_noise=0.0)
    sa = results(stored, method).sensitivity
    assert sa is not None
    by_name = {a.assumption: a for a in sa.assumptions}
    for name in ("indicator weights", "outcome weights"):
        assert by_name[name].total == pytest.approx(0.0, abs=1e-12), name
        assert by_name[name].first_order == pytest.approx(0.0, abs=1e-12), name
