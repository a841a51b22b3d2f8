"""Imputation of missing values (COINr ``Impute`` and ``impute_panel``).

``x`` has shape (..., units, indicators); for panel methods (..., years, units, indicators).
Observed values are never changed; :class:`ImputeResult` flags every imputed cell.

- ``mean`` / ``median``: the column's mean / median over available units (``i_mean``,
  ``i_median``).
- ``group_mean`` / ``group_median``: the mean / median of the units in the same group
  (``i_mean_grp``, ``i_median_grp``); a group with no value leaves the cell missing, and so does
  a unit without a group label.
- ``row_mean`` (``impute_by = "row"``, ``normalise_first = TRUE``): each column is
  direction-adjusted and min-max scaled to [0, 1], ``v = (d x - min) / (max - min)``; a missing
  cell gets the unit's mean ``v`` over the indicators sharing its ancestor at ``group_level``,
  mapped back to the column's scale, ``x = (min + v (max - min)) / d``.
- ``panel_latest``: the last earlier observation of the unit (last observation carried forward).
- ``panel_linear``: linear interpolation in time between the observations before and after,
  ``x_t = x_a + (t - a) (x_b - x_a) / (b - a)``; no extrapolation.
- ``panel_linear_constant``: as ``panel_linear`` inside, the nearest observation outside.

For panel methods ``max_time`` (years) limits how far the observation used may be from the cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import ImputeMethod, ImputeStage
from admtrack.analytics.stats import nan_mean, nan_median
from admtrack.errors import MethodError

Array = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
PANEL_METHODS = ("panel_latest", "panel_linear", "panel_linear_constant")


@dataclass(frozen=True)
class ImputeResult:
    values: Array
    imputed: BoolArray  # True where a missing value was filled
    methods: tuple[str, ...]  # the method used for each indicator

    @property
    def n_imputed(self) -> int:
        return int(self.imputed.sum())

    @property
    def n_still_missing(self) -> int:
        return int(np.isnan(self.values).sum())


def _fill(x: Array, estimate: Array) -> Array:
    return np.where(np.isnan(x), estimate, x)


def impute_column(x: ArrayLike, how: str = "mean") -> Array:
    """Fill each column with its mean or median over units."""
    arr = np.asarray(x, dtype=np.float64)
    centre = nan_mean(arr) if how == "mean" else nan_median(arr)
    return _fill(arr, np.expand_dims(centre, -2))


def impute_group(x: ArrayLike, labels: Sequence[str | None], how: str = "mean") -> Array:
    """Fill each cell with the mean or median of its column within the unit's group."""
    arr = np.asarray(x, dtype=np.float64)
    if len(labels) != arr.shape[-2]:
        raise MethodError(f"{arr.shape[-2]} units but {len(labels)} group labels")
    estimate = np.full_like(arr, np.nan)
    for label in sorted({lab for lab in labels if lab is not None}):
        rows = np.array([lab == label for lab in labels])
        members = arr[..., rows, :]
        centre = nan_mean(members) if how == "mean" else nan_median(members)
        estimate[..., rows, :] = np.expand_dims(centre, -2)
    return _fill(arr, estimate)


def ancestor_groups(tree: FrameworkTree, level: int) -> NDArray[np.int64]:
    """For each indicator, the node index of its ancestor on ``level`` (-1 if none)."""
    if not 2 <= level <= tree.max_level:
        raise MethodError(f"group_level must be between 2 and {tree.max_level}, got {level}")
    node = np.arange(tree.n_indicators)
    for _ in range(level - 1):
        node = np.where(node >= 0, tree.parents[np.maximum(node, 0)], -1)
    return node.astype(np.int64)


def impute_row(x: ArrayLike, tree: FrameworkTree, group_level: int = 2) -> Array:
    """Fill from the unit's mean normalised score on sibling indicators (module doc)."""
    arr = np.asarray(x, dtype=np.float64)
    d = tree.directions[: tree.n_indicators].astype(np.float64)
    adjusted = arr * d
    present = ~np.isnan(adjusted)
    lo = np.min(np.where(present, adjusted, np.inf), axis=-2, keepdims=True)
    hi = np.max(np.where(present, adjusted, -np.inf), axis=-2, keepdims=True)
    span = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(span > 0, (adjusted - lo) / span, np.where(present, 0.5, np.nan))
    groups = ancestor_groups(tree, group_level)
    distinct = np.unique(groups)
    member = (groups[:, None] == distinct[None, :]).astype(np.float64)  # (ind, k)
    sums = np.where(np.isnan(v), 0.0, v) @ member
    counts = (~np.isnan(v)).astype(np.float64) @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        group_mean = np.where(counts > 0, sums / counts, np.nan)
    row_mean = group_mean[..., np.searchsorted(distinct, groups)]
    back = (lo + row_mean * np.where(span > 0, span, 0.0)) * d
    return _fill(arr, np.where(np.isfinite(lo), back, np.nan))


def impute_panel(
    x: ArrayLike, how: str, times: Sequence[float] | None = None, max_time: float | None = None
) -> Array:
    """Fill along the years axis (axis -3) of ``x`` (..., years, units, indicators)."""
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim < 3:
        raise MethodError("panel imputation needs (years, units, indicators) data")
    n_t = arr.shape[-3]
    t = np.asarray(times if times is not None else np.arange(n_t), dtype=np.float64)
    t_b = t.reshape(n_t, 1, 1)
    observed = ~np.isnan(arr)
    idx = np.broadcast_to(np.arange(n_t).reshape(n_t, 1, 1), arr.shape)
    prev = np.maximum.accumulate(np.where(observed, idx, -1), axis=-3)
    nxt = np.flip(np.minimum.accumulate(np.flip(np.where(observed, idx, n_t), -3), axis=-3), -3)
    has_prev, has_next = prev >= 0, nxt < n_t
    x_prev = np.take_along_axis(arr, np.clip(prev, 0, n_t - 1), axis=-3)
    x_next = np.take_along_axis(arr, np.clip(nxt, 0, n_t - 1), axis=-3)
    t_prev, t_next = t[np.clip(prev, 0, n_t - 1)], t[np.clip(nxt, 0, n_t - 1)]
    limit = np.inf if max_time is None else max_time
    ok_prev = has_prev & (t_b - t_prev <= limit)
    ok_next = has_next & (t_next - t_b <= limit)
    if how == "panel_latest":
        estimate = np.where(ok_prev, x_prev, np.nan)
    else:
        with np.errstate(invalid="ignore", divide="ignore"):
            w = np.where(t_next > t_prev, (t_b - t_prev) / (t_next - t_prev), 0.0)
        inside = has_prev & has_next & (ok_prev | ok_next)
        estimate = np.where(inside, x_prev + w * (x_next - x_prev), np.nan)
        if how == "panel_linear_constant":
            estimate = np.where(~has_next & ok_prev, x_prev, estimate)
            estimate = np.where(~has_prev & ok_next, x_next, estimate)
    return _fill(arr, estimate)


def impute_with(
    x: Array,
    method: ImputeMethod,
    tree: FrameworkTree,
    groups: Mapping[str, Sequence[str | None]],
    stage: ImputeStage,
    times: Sequence[float] | None,
) -> Array:
    """Impute every column of ``x`` with one method."""
    if method == "none":
        return x.copy()
    if method in ("mean", "median"):
        return impute_column(x, method)
    if method in ("group_mean", "group_median"):
        if stage.group is None or stage.group not in groups:
            raise MethodError(f"{method} needs a group column; known: {sorted(groups)}")
        return impute_group(x, groups[stage.group], method.removeprefix("group_"))
    if method == "row_mean":
        return impute_row(x, tree, stage.group_level)
    return impute_panel(x, method, times, stage.max_time)


def impute_stage(
    x: ArrayLike,
    tree: FrameworkTree,
    groups: Mapping[str, Sequence[str | None]],
    stage: ImputeStage,
    times: Sequence[float] | None = None,
) -> ImputeResult:
    """Apply an :class:`ImputeStage`, with its per-indicator overrides."""
    arr = np.asarray(x, dtype=np.float64)
    unknown = sorted(set(stage.per_indicator) - set(tree.indicator_codes))
    if unknown:
        raise MethodError(f"per-indicator imputation for unknown indicators {unknown}")
    methods = tuple(stage.per_indicator.get(c, stage.method) for c in tree.indicator_codes)
    out = arr.copy()
    for method in dict.fromkeys(methods):
        cols = np.array([m == method for m in methods])
        out[..., cols] = impute_with(arr, method, tree, groups, stage, times)[..., cols]
    return ImputeResult(values=out, imputed=np.isnan(arr) & ~np.isnan(out), methods=methods)
