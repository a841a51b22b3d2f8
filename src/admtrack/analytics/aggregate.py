"""Aggregation up the framework tree (COINr ``Aggregate``), batched over replications.

Level by level, every aggregate is a weighted mean of its children's values for each unit.
Weights are relative: they are renormalised over the children a unit has data for (missing
children are skipped, COINr ``a_amean``). With ``w`` the weights of the available children:

- ``amean``    ``sum(w x) / sum(w)``
- ``gmean``    ``exp(sum(w ln x) / sum(w))``; refuses x <= 0
- ``hmean``    ``sum(w) / sum(w / x)``; refuses x <= 0
- ``genmean``  ``(sum(w x^p) / sum(w))^(1/p)``, p != 0; refuses x < 0 (x <= 0 when p < 0)
- ``copeland`` non-compensatory outranking: for units j, k,
  ``M_jk = (sum of w where x_j > x_k + half the sum of w where x_j == x_k) / sum(w)`` over the
  children both units have; the score of j is ``sum_k sign(M_jk - 1/2)`` (+1 per unit it
  outranks, -1 per unit that outranks it).

``offset`` (``LevelAggregation.offset``): the mean is taken of ``x + offset`` and ``offset``
subtracted again, e.g. ``gmean(x + 1) - 1``, so zeros can be aggregated on purpose. Without it a
refused value raises :class:`~admtrack.errors.MethodError` naming the aggregate and the units
(COINr stops with an error; we never return a silently wrong mean).

``dat_thresh``: an aggregate is NaN for a unit whose share of available children is below it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import AggregateStage, LevelAggregation
from admtrack.errors import MethodError

Array = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class AggregateOutcome:
    """Aggregation of a batch where refused aggregates do not raise.

    ``values`` (..., units, n_nodes); ``failed`` (...,) True for a batch entry (replication)
    in which some aggregate was refused (its values are NaN); ``reason`` (...,) an index into
    ``reasons`` for failed entries, -1 otherwise."""

    values: Array
    failed: BoolArray
    reason: NDArray[np.int64]
    reasons: tuple[str, ...]


def weights_with_overrides(tree: FrameworkTree, overrides: Mapping[str, float]) -> Array:
    """The tree's nominal weights (n_nodes,) with ``overrides`` (code -> weight) applied."""
    w = tree.weights.astype(np.float64).copy()
    for code, value in overrides.items():
        w[tree.index_of(code)] = float(value)
    return w


@dataclass(frozen=True)
class _Segments:
    """The children of one level grouped by parent, for segment sums.

    ``order`` permutes the children's columns so that each parent's children are contiguous;
    parent ``p`` owns ``order[starts[p]:starts[p] + sizes[p]]``. Sums over a parent's children
    are then ``np.add.reduceat`` over the permuted axis, or one small matrix product per parent,
    never a product with a dense children x parents membership matrix."""

    order: NDArray[np.int64]
    starts: NDArray[np.int64]
    sizes: NDArray[np.int64]
    identity: bool  # children already sorted by parent

    @property
    def n_parents(self) -> int:
        return int(self.sizes.size)

    def columns(self, p: int) -> NDArray[np.int64]:
        return self.order[self.starts[p] : self.starts[p] + self.sizes[p]]

    def sorted_last(self, a: NDArray[Any]) -> NDArray[Any]:
        return a if self.identity else a[..., self.order]

    def sum(self, a: Array) -> Array:
        """``a`` (..., k) -> (..., parents): the sum over each parent's children."""
        return np.add.reduceat(self.sorted_last(a), self.starts, axis=-1)

    def any(self, a: BoolArray) -> BoolArray:
        return np.asarray(np.logical_or.reduceat(self.sorted_last(a), self.starts, axis=-1))


_SEGMENTS: dict[tuple[int, int], tuple[FrameworkTree, Any]] = {}


def _segments(
    tree: FrameworkTree, level: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], _Segments]:
    """Children (level - 1), parents (level) and the children grouped by parent (kept for the
    last few trees: uncertainty runs aggregate the same tree many times)."""
    key = (id(tree), level)
    hit = _SEGMENTS.get(key)
    if hit is not None and hit[0] is tree:
        found: tuple[NDArray[np.int64], NDArray[np.int64], _Segments] = hit[1]
        return found
    if len(_SEGMENTS) > 64:
        _SEGMENTS.clear()
    made = _make_segments(tree, level)
    _SEGMENTS[key] = (tree, made)
    return made


def _make_segments(
    tree: FrameworkTree, level: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], _Segments]:
    parents = tree.nodes_at(level)
    children = tree.nodes_at(level - 1)
    position = np.full(len(tree.codes), -1, dtype=np.int64)
    position[parents] = np.arange(parents.size)
    owner = position[tree.parents[children]]
    order = np.argsort(owner, kind="stable").astype(np.int64)
    sizes = np.bincount(owner, minlength=parents.size).astype(np.int64)
    if (sizes == 0).any():
        empty = [tree.codes[parents[p]] for p in np.flatnonzero(sizes == 0)]
        raise MethodError(f"aggregates without children: {', '.join(empty)}")
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
    identity = bool((order == np.arange(order.size)).all())
    return children, parents, _Segments(order, starts, sizes, identity)


def _refused(values: Array, avail: BoolArray, how: LevelAggregation) -> BoolArray:
    if how.method in ("gmean", "hmean"):
        return avail & (values <= 0)
    if how.method == "genmean":
        p = float(how.p if how.p is not None else 1.0)
        refused: BoolArray = avail & ((values < 0) | ((values == 0) & (p < 0)))
        return refused
    return np.zeros(values.shape, dtype=bool)


def _weighted_sum(w: Array, f: Array, seg: _Segments) -> Array:
    """``sum_{k in children(p)} w[..., k] f[..., u, k]`` -> (..., units, parents).

    When ``f`` has no batch axes (the same values in every replication, e.g. the indicators),
    each parent is one matrix product (replications x its children) @ (its children x units);
    otherwise the products are summed over each parent's children with ``np.add.reduceat``."""
    if f.ndim == 2:
        k, units = f.shape[1], f.shape[0]
        flat = w.reshape(-1, k)
        out = np.empty((flat.shape[0], units, seg.n_parents))
        for p in range(seg.n_parents):
            cols = seg.columns(p)
            out[:, :, p] = flat[:, cols] @ f[:, cols].T
        return out.reshape(w.shape[:-1] + (units, seg.n_parents))
    return seg.sum(w[..., None, :] * f)


def _mean(
    values: Array, avail: BoolArray, w: Array, seg: _Segments, how: LevelAggregation
) -> Array:
    """Weighted means over available children; ``w`` (..., k) children weights."""
    complete = bool(avail.all())
    if complete:  # same denominator for every unit: (..., 1, parents)
        den = seg.sum(w)[..., None, :]
    else:
        den = _weighted_sum(w, avail.astype(np.float64), seg)
    usable = avail & (values > 0)
    clean = complete and bool(usable.all())
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if how.method == "amean":
            f = values if complete else np.where(avail, values, 0.0)
            out = _weighted_sum(w, f, seg) / den
        elif how.method == "gmean":
            f = np.log(values if clean else np.where(usable, values, 1.0))
            out = np.exp(_weighted_sum(w, f, seg) / den)
        elif how.method == "hmean":
            f = 1.0 / values if clean else np.where(usable, 1.0 / values, 0.0)
            out = den / _weighted_sum(w, f, seg)
        else:
            if how.p is None or how.p == 0:
                raise MethodError("generalised mean needs a non-zero power p (p = 0 is gmean)")
            p = float(how.p)
            f = np.power(values, p) if clean else np.where(usable, np.power(values, p), 0.0)
            out = (_weighted_sum(w, f, seg) / den) ** (1.0 / p)
    zero = den == 0
    return np.where(zero, np.nan, out) if zero.any() else out


def _copeland(values: Array, w_child: Array, avail: BoolArray, seg: _Segments) -> Array:
    """Copeland scores per parent: (..., units, k) children -> (..., units, parents)."""
    batch = np.broadcast_shapes(values.shape[:-2], w_child.shape[:-1])
    out = np.full(batch + (values.shape[-2], seg.n_parents), np.nan)
    for p in range(seg.n_parents):
        cols = seg.columns(p)
        v, a = values[..., cols], avail[..., cols]
        w = w_child[..., None, None, cols]  # (..., 1, 1, k)
        both = a[..., :, None, :] & a[..., None, :, :]
        diff = v[..., :, None, :] - v[..., None, :, :]
        wb = np.where(both, w, 0.0)
        total = wb.sum(axis=-1)
        score = (wb * ((diff > 0) + 0.5 * (diff == 0))).sum(axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = np.where(total > 0, score / total, 0.5)
        out[..., p] = np.where(a.any(axis=-1), np.sign(m - 0.5).sum(axis=-1), np.nan)
    return out


def _run(
    x_ind: ArrayLike,
    tree: FrameworkTree,
    weights: ArrayLike | None,
    spec: AggregateStage | None,
    unit_codes: Sequence[str] | None,
    strict: bool,
    only: int | Sequence[int] | None = None,
) -> AggregateOutcome:
    spec = spec or AggregateStage()
    x = np.asarray(x_ind, dtype=np.float64)
    n_ind, n_nodes = tree.n_indicators, len(tree.codes)
    if x.ndim < 2 or x.shape[-1] != n_ind:
        raise MethodError(f"expected (..., units, {n_ind}) indicator values, got {x.shape}")
    w = (
        weights_with_overrides(tree, spec.weights)
        if weights is None
        else np.asarray(weights, dtype=np.float64)
    )
    if w.shape[-1] != n_nodes:
        raise MethodError(f"expected (..., {n_nodes}) weights, got {w.shape}")
    batch = np.broadcast_shapes(x.shape[:-2], w.shape[:-1])
    units = x.shape[-2]
    failed = np.zeros(batch, dtype=bool)
    reason = np.full(batch, -1, dtype=np.int64)
    reasons: list[str] = []
    by_level: dict[int, Array] = {1: x}  # nodes of a level are contiguous, in tree order
    for level in range(2, tree.max_level + 1):
        how = spec.for_level(level)
        children, parents, seg = _segments(tree, level)
        values = by_level[level - 1]
        if how.offset is not None:
            values = values + how.offset
        avail = ~np.isnan(values)
        w_child = w[..., children]
        if how.method == "copeland":
            res = _copeland(values, w_child, avail, seg)
        else:
            res = _mean(values, avail, w_child, seg, how)
            if how.offset is not None:
                res = res - how.offset
            refused = _refused(values, avail, how)
            if refused.any():
                bad = seg.any(refused)  # (..., units, parents)
                if strict:
                    raise MethodError(_refusal_message(tree, how, parents, bad, unit_codes))
                res = np.where(bad, np.nan, res)
                bad = np.broadcast_to(bad, batch + bad.shape[-2:])
                hit = bad.any(axis=(-2, -1))
                for p in np.flatnonzero(bad.reshape(-1, *bad.shape[-2:]).any(axis=(0, 1))):
                    reasons.append(
                        f"{how.method} of {tree.codes[parents[p]]!r} refused values <= 0 "
                        "(give an offset or normalise away from zero)"
                    )
                    new = hit & (reason < 0) & bad[..., p].any(axis=-1)
                    reason[new] = len(reasons) - 1
                failed |= hit
        if how.dat_thresh is not None:
            share = seg.sum(avail.astype(np.float64)) / seg.sizes
            res = np.where(share < how.dat_thresh, np.nan, res)
        by_level[level] = res
    if only is not None:
        nodes = [only] if isinstance(only, int) else list(only)
        columns = []
        for node in nodes:
            level = int(tree.levels[node])
            first = int(tree.nodes_at(level)[0])
            columns.append(np.broadcast_to(by_level[level][..., node - first], batch + (units,)))
        picked = columns[0] if isinstance(only, int) else np.stack(columns, axis=-1)
        return AggregateOutcome(picked, failed, reason, tuple(reasons))
    out = np.empty(batch + (units, n_nodes))
    for level, res in by_level.items():
        out[..., tree.nodes_at(level)] = res
    return AggregateOutcome(out, failed, reason, tuple(reasons))


def _refusal_message(
    tree: FrameworkTree,
    how: LevelAggregation,
    parents: NDArray[np.int64],
    bad: BoolArray,
    unit_codes: Sequence[str] | None,
) -> str:
    flat: BoolArray = np.asarray(bad.reshape(-1, *bad.shape[-2:]).any(axis=0))  # units x parents
    p = int(np.flatnonzero(flat.any(axis=0))[0])
    rows = np.flatnonzero(flat[:, p])
    names = [unit_codes[int(r)] if unit_codes is not None else f"row {r}" for r in rows]
    return (
        f"{how.method} of aggregate {tree.codes[parents[p]]!r} refused: children values <= 0 "
        f"for units {', '.join(names)}; give LevelAggregation.offset, normalise away from "
        "zero (e.g. min-max to [1, 100]) or use another method"
    )


def aggregate_tree(
    x_ind: ArrayLike,
    tree: FrameworkTree,
    weights: ArrayLike | None = None,
    spec: AggregateStage | None = None,
    *,
    unit_codes: Sequence[str] | None = None,
) -> Array:
    """Aggregate normalised indicators (..., units, n_indicators) up the tree.

    ``weights`` (..., n_nodes) broadcast against the batch axes of ``x_ind``; default: the
    tree's nominal weights with ``spec.weights`` overrides. Returns (..., units, n_nodes): the
    indicator columns followed by every aggregate in tree order. Raises MethodError when a
    geometric, harmonic or power mean meets values it cannot take."""
    return _run(x_ind, tree, weights, spec, unit_codes, strict=True).values


def aggregate_tree_outcome(
    x_ind: ArrayLike,
    tree: FrameworkTree,
    weights: ArrayLike | None = None,
    spec: AggregateStage | None = None,
    *,
    only: int | Sequence[int] | None = None,
) -> AggregateOutcome:
    """As :func:`aggregate_tree`, but refused aggregates mark their batch entry as failed
    (with a reason) instead of raising: for uncertainty runs, where failures are counted.

    With ``only`` (a node index), ``values`` holds just that node: (..., units); with a
    sequence of node indices, those nodes in that order: (..., units, len(only))."""
    return _run(x_ind, tree, weights, spec, None, strict=False, only=only)
