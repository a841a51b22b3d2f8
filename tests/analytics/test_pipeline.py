"""Tests of the index build on a small hand-computed example."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.pipeline import build
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.spec import (
    AggregateStage,
    ImputeStage,
    NormaliseStage,
    PipelineSpec,
    ScreenStage,
    TreatStage,
)
from admtrack.errors import NotFound, ValidationError

N = np.nan
TREE = read_imeta(
    {"Weight": 1} | row
    for row in [
        {"Level": 1, "iCode": "a", "Parent": "P", "Type": "Indicator", "Direction": 1},
        {"Level": 1, "iCode": "b", "Parent": "P", "Type": "Indicator", "Direction": -1},
        {"Level": 2, "iCode": "P", "Type": "Aggregate", "Direction": 1},
    ]
)
X = np.array([[0.0, 10.0], [5.0, N], [10.0, 30.0], [N, N]])
DATA = IndexData.from_array(X, TREE, ["u1", "u2", "u3", "u4"])
SPEC = PipelineSpec(
    stages=[
        ScreenStage(dat_thresh=0.5),
        ImputeStage(method="mean"),
        TreatStage(),
        NormaliseStage(),
        AggregateStage(),
    ]
)


def test_hand_computed_build() -> None:
    # screen drops u4 (no data); b of u2 <- mean(10, 30) = 20.
    # min-max: a -> 0, 50, 100; b (direction -1) -> 100, 50, 0; P = mean -> 50, 50, 50
    result = build(SPEC, DATA)
    assert result.stage_names == (
        "Raw",
        "Screened",
        "Imputed",
        "Treated",
        "Normalised",
        "Aggregated",
    )
    assert result.unit_codes == ("u1", "u2", "u3")
    np.testing.assert_array_equal(result.stage("Imputed").values, [[0, 10], [5, 20], [10, 30]])
    np.testing.assert_allclose(result.scores("b"), [100, 50, 0])
    np.testing.assert_allclose(result.scores("P"), [50, 50, 50])
    np.testing.assert_array_equal(result.ranks("P"), [1, 1, 1])
    frame = result.frame("Aggregated")
    assert frame.columns == ["uCode", "a", "b", "P"]
    assert frame["uCode"].to_list() == ["u1", "u2", "u3"]
    assert result.logs["Screened"].startswith("removed units: ['u4']")
    assert [r.code for r in result.treatment_report()] == ["a", "b"]
    np.testing.assert_array_equal(X[1], [5.0, N])  # input untouched


def test_ranks_are_descending_with_min_ties() -> None:
    np.testing.assert_array_equal(
        rank_descending(np.array([3.0, 9.0, 3.0, N, 1.0])), [2, 1, 2, N, 4]
    )


def test_spec_order_is_checked() -> None:
    with pytest.raises(ValidationError, match="no 'normalise'"):
        build(PipelineSpec(stages=[AggregateStage()]), DATA)
    with pytest.raises(ValidationError, match="after 'normalise'"):
        build(PipelineSpec(stages=[AggregateStage(), NormaliseStage()]), DATA)
    with pytest.raises(NotFound):
        build(SPEC, DATA).frame("Denominated")


def test_screen_can_measure_availability_on_raw_data() -> None:
    spec = PipelineSpec(
        stages=[
            ImputeStage(method="mean"),
            ScreenStage(dat_thresh=0.9, availability_of="Raw"),
            NormaliseStage(),
            AggregateStage(),
        ]
    )
    assert build(spec, DATA).unit_codes == ("u1", "u3")


def test_panel_build_normalises_over_all_years() -> None:
    panel = np.stack([X[:3], X[:3] + 10])
    data = IndexData.from_array(panel, TREE, ["u1", "u2", "u3"], times=[2020, 2021])
    spec = PipelineSpec(
        stages=[ImputeStage(method="panel_latest"), NormaliseStage(), AggregateStage()]
    )
    result = build(spec, data)
    a = result.stage("Normalised").values[..., 0]
    np.testing.assert_allclose(a, [[0, 25, 50], [50, 75, 100]])
    frame = result.frame("Aggregated")
    assert frame.columns[:2] == ["uCode", "Time"] and frame.height == 6
    assert frame["Time"].to_list() == [2020] * 3 + [2021] * 3


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0, 100), min_size=12, max_size=12), st.integers(0, 1000))
def test_results_do_not_depend_on_unit_row_order(values: list[float], seed: int) -> None:
    x = np.array(values).reshape(6, 2)
    x[0, 1] = N
    units = [f"u{i}" for i in range(6)]
    perm = np.random.default_rng(seed).permutation(6)
    a = build(SPEC, IndexData.from_array(x, TREE, units))
    b = build(SPEC, IndexData.from_array(x[perm], TREE, [units[i] for i in perm]))
    score_a = dict(zip(a.unit_codes, a.scores("P"), strict=True))
    score_b = dict(zip(b.unit_codes, b.scores("P"), strict=True))
    assert score_a.keys() == score_b.keys()
    for code, value in score_a.items():
        assert score_b[code] == pytest.approx(value, nan_ok=True, abs=1e-9)
