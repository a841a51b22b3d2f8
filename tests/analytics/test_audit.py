from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats

from admtrack.analytics.audit import (
    compare_builds,
    correlation_flags,
    correlations,
    cronbach_alpha,
    cronbach_per_aggregate,
    leave_one_out,
    pairwise_covariance,
    parent_correlations,
    pca_variance_explained,
    strengths_weaknesses,
)
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.ranking import rank_descending
from admtrack.errors import MethodError


def _tree() -> FrameworkTree:
    """i1, i2 -> P1; i3 -> P2; P1, P2 -> Index (all weights 1)."""
    rows = [
        {
            "Level": 1,
            "iCode": "i1",
            "Parent": "P1",
            "Type": "Indicator",
            "Weight": 1,
            "Direction": 1,
        },
        {
            "Level": 1,
            "iCode": "i2",
            "Parent": "P1",
            "Type": "Indicator",
            "Weight": 1,
            "Direction": 1,
        },
        {
            "Level": 1,
            "iCode": "i3",
            "Parent": "P2",
            "Type": "Indicator",
            "Weight": 1,
            "Direction": 1,
        },
        {
            "Level": 2,
            "iCode": "P1",
            "Parent": "Index",
            "Type": "Aggregate",
            "Weight": 1,
            "Direction": 1,
        },
        {
            "Level": 2,
            "iCode": "P2",
            "Parent": "Index",
            "Type": "Aggregate",
            "Weight": 1,
            "Direction": 1,
        },
        {
            "Level": 3,
            "iCode": "Index",
            "Parent": "",
            "Type": "Aggregate",
            "Weight": 1,
            "Direction": 1,
        },
    ]
    return read_imeta(rows)


def test_cronbach_hand_computed_3x3() -> None:
    # column variances 1, 7/3, 1/3; row totals 6, 8, 12 with variance 28/3
    # alpha = 3/2 * (1 - (11/3) / (28/3)) = 51/56
    x = np.array([[1.0, 2.0, 3.0], [2.0, 3.0, 3.0], [3.0, 5.0, 4.0]])
    assert cronbach_alpha(x) == pytest.approx(51 / 56)
    assert np.isnan(cronbach_alpha(x[:, :1]))


def test_pairwise_covariance() -> None:
    x = np.array([[1.0, 2.0], [2.0, np.nan], [3.0, 5.0], [4.0, 4.0]])
    c = pairwise_covariance(x)
    assert c[0, 0] == pytest.approx(np.var([1, 2, 3, 4], ddof=1))
    assert c[1, 1] == pytest.approx(np.var([2, 5, 4], ddof=1))
    assert c[0, 1] == pytest.approx(np.cov([1, 3, 4], [2, 5, 4])[0, 1])


@pytest.mark.parametrize("method", ["pearson", "spearman", "kendall"])
def test_correlations_match_scipy_on_complete_pairs(method: str) -> None:
    rng = np.random.default_rng(5)
    x = rng.normal(size=(25, 3))
    x[:, 1] += x[:, 0]
    x[[2, 9], 0] = np.nan
    x[4, 2] = np.nan
    r, p, n = correlations(x, method)  # type: ignore[arg-type]
    scipy_fn = {"pearson": stats.pearsonr, "spearman": stats.spearmanr, "kendall": stats.kendalltau}
    for a, b in ((0, 1), (0, 2), (1, 2)):
        ok = np.isfinite(x[:, a]) & np.isfinite(x[:, b])
        res = scipy_fn[method](x[ok, a], x[ok, b])
        assert r[a, b] == pytest.approx(res[0]) and r[b, a] == pytest.approx(res[0])
        assert n[a, b] == ok.sum()
        if method != "kendall":  # Kendall p-values use the normal approximation
            assert p[a, b] == pytest.approx(res[1])
    with pytest.raises(MethodError):
        correlations(x, "cosine")  # type: ignore[arg-type]


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, (8, 3), elements=st.integers(-100, 100).map(float)), st.floats(0.1, 10))
def test_correlation_is_scale_invariant(x: np.ndarray, scale: float) -> None:
    r1, _, _ = correlations(x)
    r2, _, _ = correlations(x * scale + 3.0)
    np.testing.assert_allclose(r2, r1, atol=1e-6, equal_nan=True)


def test_correlation_flags() -> None:
    tree = _tree()
    i1 = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    i2 = i1 * 2 + np.array([0.0, 0.1, 0.0, -0.1, 0.0])  # collinear with i1
    i3 = -i1 + np.array([0.5, -0.5, 0.0, 0.5, 0.0])
    p1, p2 = (i1 + i2) / 2, i3
    values = np.column_stack([i1, i2, i3, p1, p2, (p1 + p2) / 2])
    flags = correlation_flags(values, tree).to_dicts()
    kinds = {(f["code_1"], f["code_2"], f["flag"]) for f in flags}
    assert ("i1", "i2", "collinear") in kinds
    assert ("P1", "P2", "negative") in kinds
    assert all(f["group"] in {"P1", "Index"} for f in flags)


def test_cronbach_and_pca_per_aggregate() -> None:
    tree = _tree()
    i1 = np.array([1.0, 2.0, 3.0, 4.0])
    values = np.column_stack([i1, 2 * i1, [4.0, 1.0, 3.0, 2.0], 1.5 * i1, [4.0, 1.0, 3.0, 2.0], i1])
    alphas = cronbach_per_aggregate(values, tree)
    assert set(alphas) == {"P1", "P2", "Index"}
    assert alphas["P1"] == pytest.approx(cronbach_alpha(values[:, :2]))
    assert np.isnan(alphas["P2"])  # one child
    explained = pca_variance_explained(values, tree)
    assert explained["P1"] == pytest.approx(1.0)  # two perfectly correlated children


def test_leave_one_out_hand_computed() -> None:
    tree = _tree()
    x = np.array([[90.0, 80.0, 0.0], [50.0, 50.0, 60.0], [10.0, 20.0, 100.0]])
    # P1 = (85, 50, 15), P2 = (0, 60, 100), Index = (42.5, 55, 57.5): ranks (3, 2, 1)
    # without P1: Index = P2, ranks (3, 2, 1): no change; without P2: Index = P1, ranks (1, 2, 3)
    frame = leave_one_out(x, tree, level=2).to_dicts()
    assert frame == [
        {"code": "P1", "mean_abs_rank_change": 0.0, "max_abs_rank_change": 0.0},
        {"code": "P2", "mean_abs_rank_change": 4 / 3, "max_abs_rank_change": 2.0},
    ]
    by_indicator = leave_one_out(x, tree, level=1)
    assert by_indicator["code"].to_list() == ["i1", "i2", "i3"]
    with pytest.raises(MethodError):
        leave_one_out(x, tree, level=3)


def test_rank_descending_ties_and_missing() -> None:
    np.testing.assert_array_equal(
        rank_descending(np.array([5.0, 7.0, 5.0, np.nan, 1.0])), [2.0, 1.0, 2.0, np.nan, 4.0]
    )


def test_strengths_weaknesses() -> None:
    x = np.array([[10.0, 90.0, 50.0], [20.0, 80.0, 60.0], [30.0, 70.0, np.nan]])
    frame = strengths_weaknesses(x, ["a", "b", "c"], ["U1", "U2", "U3"], top=1, bottom=1)
    rows = {(r["uCode"], r["kind"]): (r["iCode"], r["rank"]) for r in frame.to_dicts()}
    assert rows[("U1", "strength")] == ("b", 1)
    assert rows[("U1", "weakness")] == ("a", 3)
    assert rows[("U3", "strength")] == ("a", 1)
    assert rows[("U3", "weakness")] == ("b", 3)


def test_compare_builds() -> None:
    frame = compare_builds([3.0, 2.0, 1.0], [1.0, 2.5, 3.0], ["A", "B", "C"])
    assert frame["uCode"].to_list() == ["A", "C", "B"]
    first = frame.row(0, named=True)
    assert first["rank_a"] == 1 and first["rank_b"] == 3 and first["score_diff"] == -2.0


def test_parent_correlations() -> None:
    tree = _tree()
    i1 = np.array([1.0, 2.0, 3.0, 4.0])
    values = np.column_stack([i1, i1**2, -i1, 1.5 * i1, -i1, i1])
    frame = parent_correlations(values, tree)
    rows = {r["code"]: r for r in frame.to_dicts()}
    assert set(rows) == {"i1", "i2", "i3", "P1", "P2"}
    assert rows["i1"]["parent"] == "P1" and rows["i1"]["r_parent"] == pytest.approx(1.0)
    assert rows["P2"]["r_index"] == pytest.approx(-1.0)
    assert rows["i2"]["r_parent"] == pytest.approx(np.corrcoef(i1**2, i1)[0, 1])
