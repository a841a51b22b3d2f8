"""Statistical audit of a built index (docs/methodology/audit-sensitivity.md; COINr get_corr,
get_corr_flags, get_cronbach, get_PCA, remove_elements, get_str_weak, compare_coins).

Every statistic uses pairwise-complete observations: for columns j and m only the units that
have both values count. ``values`` are (units, columns) float arrays, NaN = missing.

* Pearson r = (n Σxy - Σx Σy) / sqrt((n Σx² - (Σx)²)(n Σy² - (Σy)²)); Spearman = Pearson of
  ranks (average ties) within each pair's complete units; Kendall tau-b =
  Σ s_x s_y / sqrt(Σ s_x² Σ s_y²) over unit pairs, s = sign of the difference.
* p-values: Pearson and Spearman t = r sqrt((n-2)/(1-r²)) on n-2 degrees of freedom; Kendall
  z = 3 tau sqrt(n(n-1)) / sqrt(2(2n+5)) (normal approximation). Two-sided.
* Cronbach's alpha = k/(k-1) (1 - Σ_i C_ii / Σ_ij C_ij), C the pairwise-complete covariance.
* Leave-one-out: a component's weight set to 0, the index rebuilt (one batch for all
  components), influence = mean over units of |rank without it - nominal rank|.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.spec import AggregateStage
from admtrack.analytics.weights import pca_weights
from admtrack.errors import MethodError

F64 = NDArray[np.float64]
CorrMethod = Literal["pearson", "spearman", "kendall"]


def _centred(x: F64) -> tuple[F64, F64, F64]:
    """Mask (1/0), column-centred values with 0 where missing, and each column's scale; centring
    first keeps the sums below free of cancellation (correlations ignore shifts)."""
    m = np.isfinite(x)
    n = m.sum(axis=0)
    centre = np.where(n > 0, np.where(m, x, 0.0).sum(axis=0) / np.maximum(n, 1), 0.0)
    x0 = np.where(m, x - centre, 0.0)
    return m.astype(np.float64), x0, np.abs(x0).max(axis=0, initial=0.0)


def _pearson_pairwise(x: F64, y: F64) -> tuple[F64, F64]:
    """r (kx, ky) and pair counts between the columns of x and y (same units), pairwise complete.
    A column that is constant on a pair's units (to 1e-12 of its scale) gives NaN."""
    mx, x0, scale_x = _centred(x)
    my, y0, scale_y = _centred(y)
    n = mx.T @ my
    sx, sy = x0.T @ my, mx.T @ y0
    vx = n * ((x0 * x0).T @ my) - sx**2
    vy = n * (mx.T @ (y0 * y0)) - sy**2
    tiny_x = vx <= (n * 1e-12 * scale_x[:, None]) ** 2
    tiny_y = vy <= (n * 1e-12 * scale_y[None, :]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (n * (x0.T @ y0) - sx * sy) / np.sqrt(vx * vy)
    return np.clip(np.where(tiny_x | tiny_y, np.nan, r), -1.0, 1.0), n


def _spearman(x: F64) -> tuple[F64, F64]:
    k = x.shape[1]
    r, n = np.full((k, k), np.nan), np.zeros((k, k))
    for j in range(k):
        both = np.isfinite(x) & np.isfinite(x[:, [j]])
        ranks = stats.rankdata(np.where(both, x, np.nan), axis=0, nan_policy="omit")
        own = stats.rankdata(np.where(both, x[:, [j]], np.nan), axis=0, nan_policy="omit")
        rj, nj = _pearson_pairwise(own, ranks)
        r[j] = np.diagonal(rj)
        n[j] = np.diagonal(nj)
    return r, n


def _kendall(x: F64) -> tuple[F64, F64]:
    s = np.sign(x[:, None, :] - x[None, :, :])  # (units, units, k), NaN where a value is missing
    valid = np.isfinite(s)
    s = np.where(valid, s, 0.0)
    iu = np.triu_indices(x.shape[0], 1)
    s, v = s[iu], valid[iu].astype(np.float64)  # (pairs, k)
    with np.errstate(invalid="ignore", divide="ignore"):
        tau = (s.T @ s) / np.sqrt(((s * s).T @ v) * (v.T @ (s * s)))
    m = np.isfinite(x).astype(np.float64)
    return np.clip(tau, -1.0, 1.0), m.T @ m


def correlations(values: ArrayLike, method: CorrMethod = "pearson") -> tuple[F64, F64, F64]:
    """Correlation matrix, two-sided p-values and pair counts (k, k) of the columns of ``values``."""
    x = np.asarray(values, dtype=np.float64)
    if method == "pearson":
        r, n = _pearson_pairwise(x, x)
    elif method == "spearman":
        r, n = _spearman(x)
    elif method == "kendall":
        r, n = _kendall(x)
    else:
        raise MethodError(f"unknown correlation method {method!r}")
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "kendall":
            z = 3 * r * np.sqrt(n * (n - 1)) / np.sqrt(2 * (2 * n + 5))
            p = 2 * stats.norm.sf(np.abs(z))
        else:
            t = r * np.sqrt((n - 2) / np.maximum(1 - r**2, 1e-300))
            p = 2 * stats.t.sf(np.abs(t), np.maximum(n - 2, 1))
    p = np.where((n > 2) & np.isfinite(r), p, np.nan)
    np.fill_diagonal(p, 0.0)
    return r, p, n


def correlation_flags(
    values: ArrayLike,
    tree: FrameworkTree,
    *,
    method: CorrMethod = "pearson",
    collinear: float = 0.9,
    negative: float = 0.0,
) -> pl.DataFrame:
    """Pairs of siblings (same parent) with r > ``collinear`` or r < ``negative`` (COINr
    get_corr_flags), plus each node's correlation with its parent when r < ``negative``.
    ``values`` (units, n_nodes) hold every node's scores in tree order."""
    x = np.asarray(values, dtype=np.float64)
    r, p, _ = correlations(x, method)
    rows: list[dict[str, object]] = []
    for parent in np.unique(tree.parents[tree.parents >= 0]):
        kids = tree.children_of(int(parent))
        for a_pos, a in enumerate(kids):
            for b in kids[a_pos + 1 :]:
                flag = (
                    "collinear" if r[a, b] > collinear else "negative" if r[a, b] < negative else ""
                )
                if flag:
                    rows.append(_flag_row(tree, int(parent), int(a), int(b), r, p, flag))
        for a in kids:
            if r[a, parent] < negative:
                rows.append(
                    _flag_row(tree, int(parent), int(a), int(parent), r, p, "negative with parent")
                )
    schema = {"level": pl.Int64, "group": pl.Utf8, "code_1": pl.Utf8, "code_2": pl.Utf8,
              "r": pl.Float64, "p_value": pl.Float64, "flag": pl.Utf8}  # fmt: skip
    return pl.DataFrame(rows, schema=schema)


def _flag_row(
    tree: FrameworkTree, parent: int, a: int, b: int, r: F64, p: F64, flag: str
) -> dict[str, object]:
    return {"level": int(tree.levels[a]), "group": tree.codes[parent], "code_1": tree.codes[a],
            "code_2": tree.codes[b], "r": float(r[a, b]), "p_value": float(p[a, b]), "flag": flag}  # fmt: skip


def parent_correlations(
    values: ArrayLike, tree: FrameworkTree, method: CorrMethod = "pearson"
) -> pl.DataFrame:
    """Between levels (COINr get_corr withparent): each node's correlation with its parent and
    with the index; ``values`` (units, n_nodes) in tree order."""
    r, p, _ = correlations(np.asarray(values, dtype=np.float64), method)
    root = int(np.flatnonzero(tree.parents == -1)[0])
    nodes = [i for i in range(len(tree.codes)) if i != root]
    return pl.DataFrame({
        "code": [tree.codes[i] for i in nodes],
        "level": [int(tree.levels[i]) for i in nodes],
        "parent": [tree.codes[int(tree.parents[i])] for i in nodes],
        "r_parent": [float(r[i, tree.parents[i]]) for i in nodes],
        "p_parent": [float(p[i, tree.parents[i]]) for i in nodes],
        "r_index": [float(r[i, root]) for i in nodes],
    })  # fmt: skip


def pairwise_covariance(values: ArrayLike) -> F64:
    """Covariance matrix (ddof 1) from pairwise-complete observations (R ``use="pairwise"``)."""
    m, x0, _ = _centred(np.asarray(values, dtype=np.float64))
    n = m.T @ m
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(((x0.T @ x0) - (x0.T @ m) * (m.T @ x0) / n) / (n - 1), dtype=np.float64)


def cronbach_alpha(values: ArrayLike) -> float:
    """alpha = k/(k-1) (1 - trace(C)/sum(C)) of the columns of ``values`` (COINr get_cronbach)."""
    c = pairwise_covariance(values)
    k = c.shape[0]
    total = c.sum()
    if k < 2 or not np.isfinite(total) or total == 0:
        return float("nan")  # undefined: too few items, or no covariance at all
    return float(k / (k - 1) * (1.0 - np.trace(c) / total))


def cronbach_per_aggregate(values: ArrayLike, tree: FrameworkTree) -> dict[str, float]:
    """Alpha of each aggregate's children; ``values`` (units, n_nodes) in tree order."""
    x = np.asarray(values, dtype=np.float64)
    return {
        tree.codes[a]: cronbach_alpha(x[:, tree.children_of(a)])
        for a in range(tree.n_indicators, len(tree.codes))
    }


def pca_variance_explained(values: ArrayLike, tree: FrameworkTree) -> dict[str, float]:
    """Share of variance of the first principal component of each aggregate's children
    (standardised, complete units), every level (via :func:`weights.pca_weights`)."""
    explained: dict[str, float] = {}
    for level in range(1, tree.max_level):
        explained.update(pca_weights(values, tree, level=level).explained)
    return explained


def leave_one_out(
    x_ind: ArrayLike,
    tree: FrameworkTree,
    level: int,
    spec: AggregateStage | None = None,
    weights: ArrayLike | None = None,
    unit_codes: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Influence of each component on ``level`` (COINr remove_elements): its weight set to 0,
    all variants aggregated in one batch; mean and max |rank change| of the index per component."""
    x = np.asarray(x_ind, dtype=np.float64)
    w = tree.weights.astype(np.float64) if weights is None else np.asarray(weights, np.float64)
    nodes = tree.nodes_at(level)
    if level >= tree.max_level or nodes.size == 0:
        raise MethodError(f"level {level} has no components below the index")
    root = int(np.flatnonzero(tree.parents == -1)[0])
    nominal = rank_descending(aggregate_tree(x, tree, w, spec, unit_codes=unit_codes)[:, root])
    batch = np.repeat(w[None], nodes.size, axis=0)
    batch[np.arange(nodes.size), nodes] = 0.0
    scores = aggregate_tree(np.broadcast_to(x, (nodes.size, *x.shape)), tree, batch, spec)[
        ..., root
    ]
    shift = np.abs(rank_descending(scores) - nominal)
    available = np.isfinite(shift)
    count = available.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(available, shift, 0.0).sum(axis=-1) / count
    top = np.where(count > 0, np.where(available, shift, -np.inf).max(axis=-1), np.nan)
    return pl.DataFrame({
        "code": [tree.codes[i] for i in nodes],
        "mean_abs_rank_change": mean,
        "max_abs_rank_change": top,
    })  # fmt: skip


def strengths_weaknesses(
    values: ArrayLike,
    codes: Sequence[str],
    unit_codes: Sequence[str],
    top: int = 5,
    bottom: int = 5,
) -> pl.DataFrame:
    """Each unit's ``top`` best- and ``bottom`` worst-ranked indicators (COINr get_str_weak).
    ``values`` (units, indicators) are normalised (direction applied), so rank 1 is best."""
    x = np.asarray(values, dtype=np.float64)
    ranks = rank_descending(x.T).T  # rank of each unit within each indicator
    rows: list[dict[str, object]] = []
    for u, unit in enumerate(unit_codes):
        have = np.flatnonzero(np.isfinite(ranks[u]))
        order = have[np.argsort(ranks[u, have], kind="stable")]
        picks = [("strength", order[:top]), ("weakness", order[::-1][:bottom])]
        for kind, chosen in picks:
            for pos, i in enumerate(chosen, start=1):
                rows.append({"uCode": unit, "kind": kind, "position": pos, "iCode": codes[i],
                             "rank": int(ranks[u, i]), "value": float(x[u, i])})  # fmt: skip
    return pl.DataFrame(rows)


def compare_builds(
    scores_a: ArrayLike, scores_b: ArrayLike, unit_codes: Sequence[str]
) -> pl.DataFrame:
    """Score and rank differences between two builds of the same units (COINr compare_coins),
    sorted by absolute rank change, largest first."""
    a, b = np.asarray(scores_a, np.float64), np.asarray(scores_b, np.float64)
    ra, rb = rank_descending(a), rank_descending(b)
    return pl.DataFrame({
        "uCode": list(unit_codes), "score_a": a, "score_b": b, "score_diff": b - a,
        "rank_a": ra, "rank_b": rb, "rank_change": rb - ra, "abs_rank_change": np.abs(rb - ra),
    }).sort("abs_rank_change", descending=True, nulls_last=True, maintain_order=True)  # fmt: skip
