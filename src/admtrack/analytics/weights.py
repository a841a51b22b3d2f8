"""Weights of the framework tree: nominal, effective, PCA-derived, optimised and noisy sets.

Weights are one value per node (``(..., n_nodes)``, tree order). They are relative within each
parent: :func:`nominal_weights` rescales each sibling group to sum to 1 (COINr does the same
inside every aggregation function), so a weight set's meaning never depends on its total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import minimize
from scipy.stats import rankdata

from admtrack.analytics.aggregate import aggregate_tree, weights_with_overrides
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import AggregateStage
from admtrack.errors import MethodError

Array = NDArray[np.float64]


def _sibling_sums(tree: FrameworkTree, w: Array) -> Array:
    """For every node, the sum of its sibling group's weights (itself for the root)."""
    parent = np.where(tree.parents < 0, np.arange(tree.parents.size), tree.parents)
    root_slot = tree.parents < 0
    sums = np.zeros(w.shape[:-1] + (tree.parents.size,))
    keys = np.where(root_slot, -1 - np.arange(tree.parents.size), parent)
    for key in np.unique(keys):
        members = keys == key
        sums[..., members] = w[..., members].sum(axis=-1, keepdims=True)
    return sums


def nominal_weights(
    tree: FrameworkTree,
    overrides: Mapping[str, float] | None = None,
    weights: ArrayLike | None = None,
) -> Array:
    """Weights renormalised within each parent: ``w_i / sum(w_j, j sibling of i)``.

    Starts from ``weights`` (..., n_nodes) if given, else the tree's iMeta weights with
    ``overrides`` applied. A sibling group summing to 0 gives NaN."""
    w = (
        weights_with_overrides(tree, overrides or {})
        if weights is None
        else np.asarray(weights, dtype=np.float64)
    )
    sums = _sibling_sums(tree, w)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sums == 0, np.nan, w / sums)


def effective_weights(tree: FrameworkTree, weights: ArrayLike | None = None) -> Array:
    """Each node's share of the index (COINr ``get_eff_weights``): the product of the
    within-parent normalised weights on its path to the root. Indicators' effective weights
    sum to 1, as do the effective weights of any one level."""
    w = nominal_weights(tree, weights=weights)
    eff = w.copy()
    # nodes are ordered by level, so walk from the top level down
    for level in range(tree.max_level - 1, 0, -1):
        nodes = tree.nodes_at(level)
        eff[..., nodes] = w[..., nodes] * eff[..., tree.parents[nodes]]
    return eff


def noisy_weights(
    weights: ArrayLike,
    tree: FrameworkTree,
    noise: Mapping[int, float],
    n: int,
    rng: np.random.Generator,
) -> Array:
    """``n`` random weight sets (COINr ``get_noisy_weights``): a node on level ``L`` listed in
    ``noise`` gets ``w * U(1 - noise[L], 1 + noise[L])``; other weights are kept. Returns
    (n, n_nodes)."""
    w = np.asarray(weights, dtype=np.float64)
    factor = np.ones((n, w.size))
    for level, f in noise.items():
        if not 0 <= f <= 1:
            raise MethodError(f"weight noise for level {level} must be in [0, 1], got {f}")
        nodes = tree.nodes_at(level)
        factor[:, nodes] = rng.uniform(1 - f, 1 + f, size=(n, nodes.size))
    return w * factor


@dataclass(frozen=True)
class PCAWeights:
    """First-component loadings as weights for one level.

    ``weights`` (n_nodes,): the input weights with the level's nodes replaced by loadings;
    ``explained`` maps a parent code to the variance share of its first component;
    ``notes`` lists data problems (rows dropped, negative weights) for the user."""

    weights: Array
    explained: dict[str, float]
    notes: tuple[str, ...]


def pca_weights(
    values: ArrayLike, tree: FrameworkTree, level: int = 1, weights: ArrayLike | None = None
) -> PCAWeights:
    """PCA weights per aggregation group (COINr ``get_PCA(by_groups = TRUE)``).

    ``values`` (units, n_nodes) are aggregated scores (or (units, n_indicators) for level 1).
    For each parent on ``level + 1``, its children's columns are centred and scaled, units with
    a missing child are dropped, and the loadings of the first principal component become the
    children's weights. Sign convention: a component's sign is arbitrary, so loadings are
    flipped to sum to a positive number; loadings that stay negative are kept and reported in
    ``notes`` (an indicator pulling against its group deserves a look, not a silent fix)."""
    x = np.asarray(values, dtype=np.float64)
    base = tree.weights.astype(np.float64) if weights is None else np.asarray(weights, np.float64)
    out = base.copy()
    explained: dict[str, float] = {}
    notes: list[str] = []
    if level >= tree.max_level:
        raise MethodError(f"level {level} has no parent level to weight within")
    for parent in tree.nodes_at(level + 1):
        kids = tree.children_of(int(parent))
        code = tree.codes[parent]
        block = x[:, kids]
        complete = ~np.isnan(block).any(axis=1)
        if not complete.all():
            notes.append(f"{code}: {int((~complete).sum())} unit(s) with missing values dropped")
        block = block[complete]
        if block.shape[0] < 2 or kids.size < 2:
            notes.append(f"{code}: too few units or children for PCA, weights kept")
            continue
        sd = block.std(axis=0, ddof=1)
        if np.any(sd == 0):
            notes.append(f"{code}: a child has zero variance, weights kept")
            continue
        z = (block - block.mean(axis=0)) / sd
        _, s, vt = np.linalg.svd(z, full_matrices=False)
        load = vt[0] if vt[0].sum() >= 0 else -vt[0]
        out[kids] = load
        explained[code] = float(s[0] ** 2 / np.sum(s**2))
        negative = [tree.codes[k] for k, v in zip(kids, load, strict=True) if v < 0]
        if negative:
            notes.append(f"{code}: negative PCA weights for {', '.join(negative)}")
    return PCAWeights(out, explained, tuple(notes))


@dataclass(frozen=True)
class OptimisedWeights:
    weights: Array  # (n_nodes,), the level's nodes optimised, renormalised within parents
    correlations: Array  # correlation of each node on the level with the index, at the optimum
    objective: float
    converged: bool
    iterations: int


def _correlations(scores: Array, nodes: NDArray[np.int64], root: int, cortype: str) -> Array:
    cols = scores[:, np.append(nodes, root)]
    cols = cols[~np.isnan(cols).any(axis=1)]
    if cortype == "spearman":
        cols = np.asarray(rankdata(cols, axis=0), dtype=np.float64)
    c = np.atleast_2d(np.corrcoef(cols, rowvar=False))
    return np.asarray(c[:-1, -1], dtype=np.float64)


def optimised_weights(
    x_ind: ArrayLike,
    tree: FrameworkTree,
    level: int,
    *,
    optype: Literal["balance", "infomax"] = "balance",
    targets: Sequence[float] | None = None,
    cortype: Literal["pearson", "spearman"] = "pearson",
    spec: AggregateStage | None = None,
    toler: float = 1e-3,
    maxiter: int = 500,
) -> OptimisedWeights:
    """Weights of the nodes on ``level`` chosen by Nelder-Mead (COINr ``get_opt_weights``).

    ``c_i`` is the correlation of node i (on ``level``) with the index across units, computed
    from a full aggregation of ``x_ind`` (units, n_indicators) with candidate weights |w|.

    - ``balance``: minimise ``log(mean((t~ - c~)^2))`` with ``c~ = c / sum(c)`` and
      ``t~ = t / sum(t)`` (``targets`` t, default equal), so each component's correlation with
      the index matches its intended importance.
    - ``infomax``: maximise ``sum(c)`` (minimise ``-sum(c)``).

    Weights are optimised as |w| so they stay non-negative, then renormalised within parents."""
    nodes = tree.nodes_at(level)
    root = int(np.flatnonzero(tree.parents < 0)[0])
    if level >= tree.max_level:
        raise MethodError("optimised weights need a level below the index")
    t = np.ones(nodes.size) if targets is None else np.asarray(targets, dtype=np.float64)
    if t.shape != (nodes.size,):
        raise MethodError(f"{nodes.size} target importances expected, got {t.size}")
    t = t / t.sum()
    base = weights_with_overrides(tree, (spec or AggregateStage()).weights)

    def evaluate(wl: Array) -> tuple[float, Array]:
        w = base.copy()
        w[nodes] = np.abs(wl)
        c = _correlations(aggregate_tree(x_ind, tree, w, spec), nodes, root, cortype)
        if optype == "infomax":
            total = float(np.sum(c))
            return (-total if np.isfinite(total) else 1e6), c
        with np.errstate(divide="ignore", invalid="ignore"):
            mse = float(np.mean((t - c / np.sum(c)) ** 2))
        # keep the simplex finite: a perfect match would be log(0) = -inf
        return (float(np.log(max(mse, 1e-300))) if np.isfinite(mse) else 1e6), c

    result = minimize(
        lambda wl: evaluate(np.asarray(wl))[0],
        base[nodes],
        method="Nelder-Mead",
        options={"xatol": toler, "fatol": toler, "maxiter": maxiter},
    )
    best = base.copy()
    best[nodes] = np.abs(result.x)
    objective, corr = evaluate(np.asarray(result.x))
    return OptimisedWeights(
        weights=nominal_weights(tree, weights=best),
        correlations=corr,
        objective=objective,
        converged=bool(result.success),
        iterations=int(result.nit),
    )
