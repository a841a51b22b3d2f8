"""Tests of imputation: hand-computed fills and properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.impute import impute_group, impute_panel, impute_row, impute_stage
from admtrack.analytics.spec import ImputeStage
from admtrack.errors import MethodError

N = np.nan
TREE = read_imeta(
    {"Weight": 1} | row
    for row in [
        {"Level": 1, "iCode": "a", "Parent": "P", "Type": "Indicator", "Direction": 1},
        {"Level": 1, "iCode": "b", "Parent": "P", "Type": "Indicator", "Direction": -1},
        {"Level": 1, "iCode": "c", "Parent": "Q", "Type": "Indicator", "Direction": 1},
        {"Level": 2, "iCode": "P", "Parent": "I", "Type": "Aggregate", "Direction": 1},
        {"Level": 2, "iCode": "Q", "Parent": "I", "Type": "Aggregate", "Direction": 1},
        {"Level": 3, "iCode": "I", "Type": "Aggregate", "Direction": 1},
    ]
)
X = np.array([[1.0, 10.0, 5.0], [3.0, N, 7.0], [N, 30.0, N], [8.0, 20.0, 9.0]])
GROUPS = {"G": ("E", "E", "E", "A")}


def test_group_mean_on_four_units() -> None:
    # group E = units 0-2: a -> mean(1, 3) = 2, b -> mean(10, 30) = 20, c -> mean(5, 7) = 6
    res = impute_stage(X, TREE, GROUPS, ImputeStage(method="group_mean", group="G"))
    np.testing.assert_array_equal(res.values[1], [3.0, 20.0, 7.0])
    np.testing.assert_array_equal(res.values[2], [2.0, 30.0, 6.0])
    assert res.n_imputed == 3 and res.n_still_missing == 0
    assert res.imputed[1, 1] and res.imputed[2, 0] and not res.imputed[0, 0]


def test_group_median_and_units_without_a_group() -> None:
    out = impute_group(X, ["E", "E", None, "E"], how="median")
    np.testing.assert_array_equal(out[1], [3.0, 15.0, 7.0])  # median(10, 20)
    assert np.isnan(out[2, 0])  # no label: left missing


def test_column_mean_and_median() -> None:
    res = impute_stage(X, TREE, {}, ImputeStage(method="mean"))
    assert res.values[2, 0] == pytest.approx(4.0)  # (1 + 3 + 8) / 3
    res = impute_stage(X, TREE, {}, ImputeStage(method="median", per_indicator={"c": "none"}))
    assert res.values[1, 1] == 20.0 and np.isnan(res.values[2, 2])
    assert res.methods == ("median", "median", "none")


def test_row_mean_uses_normalised_siblings() -> None:
    # unit 1 misses b; its sibling a scores (3 - 1) / (8 - 1) = 2/7 on [0, 1].
    # b has direction -1: d*b in [-30, -10]; -30 + 2/7 * 20 = -24.2857 -> b = 24.2857
    # unit 2 misses a: sibling b scores (-30 - -30)/20 = 0 -> a = 1; c has no sibling: stays NaN
    out = impute_row(X, TREE, group_level=2)
    assert out[1, 1] == pytest.approx(30 - 40 / 7)
    assert out[2, 0] == pytest.approx(1.0)
    assert np.isnan(out[2, 2])
    # at level 3 every indicator is a sibling: unit 2 has b only (score 0) -> c = 5
    assert impute_row(X, TREE, group_level=3)[2, 2] == pytest.approx(5.0)
    with pytest.raises(MethodError):
        impute_row(X, TREE, group_level=4)


def test_panel_methods() -> None:
    series = np.array([N, 2.0, N, N, 8.0, N]).reshape(6, 1, 1)
    years = [2000, 2001, 2002, 2003, 2004, 2005]
    latest = impute_panel(series, "panel_latest", years)[:, 0, 0]
    np.testing.assert_array_equal(latest, [N, 2, 2, 2, 8, 8])
    linear = impute_panel(series, "panel_linear", years)[:, 0, 0]
    np.testing.assert_array_equal(linear, [N, 2, 4, 6, 8, N])
    both = impute_panel(series, "panel_linear_constant", years)[:, 0, 0]
    np.testing.assert_array_equal(both, [2, 2, 4, 6, 8, 8])
    limited = impute_panel(series, "panel_latest", years, max_time=1)[:, 0, 0]
    np.testing.assert_array_equal(limited, [N, 2, 2, N, 8, 8])
    with pytest.raises(MethodError):
        impute_panel(np.ones((2, 2)), "panel_latest")


def test_group_method_needs_a_known_group() -> None:
    with pytest.raises(MethodError, match="group column"):
        impute_stage(X, TREE, GROUPS, ImputeStage(method="group_mean", group="Nope"))


METHODS = ["mean", "median", "group_mean", "group_median", "row_mean"]


@settings(max_examples=80, deadline=None)
@given(
    arrays(np.float64, (5, 3), elements=st.floats(-100, 100) | st.just(N)),
    st.sampled_from(METHODS),
    st.integers(0, 10_000),
)
def test_observed_values_are_untouched_and_order_does_not_matter(
    x: np.ndarray, method: str, seed: int
) -> None:
    groups = {"G": ("A", "B", "A", "B", "A")}
    stage = ImputeStage(method=method, group="G")  # type: ignore[arg-type]
    res = impute_stage(x, TREE, groups, stage)
    observed = ~np.isnan(x)
    np.testing.assert_array_equal(res.values[observed], x[observed])
    assert not res.imputed[observed].any()
    perm = np.random.default_rng(seed).permutation(5)
    shuffled = impute_stage(x[perm], TREE, {"G": tuple(groups["G"][i] for i in perm)}, stage)
    np.testing.assert_allclose(shuffled.values, res.values[perm], rtol=1e-12, atol=1e-9)
