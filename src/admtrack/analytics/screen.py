"""Screening: drop units with too little data or too many zeros (COINr ``Screen``), and drop
indicators on request (COINr ``change_ind``).

For unit u with n indicators, of which n_NA missing and n_0 zero (among the available ones)::

    data availability  a_u = 1 - n_NA / n
    non-zero share     z_u = 1 - n_0 / (n - n_NA)

``byNA`` keeps u when a_u >= dat_thresh, ``byzeros`` when z_u >= nonzero_thresh,
``byNAandzeros`` when both hold, ``none`` keeps every unit. Forced inclusions and exclusions
override the rule. For a panel, the counts are pooled over all years, so a unit is kept or
dropped for the whole panel. Excluded indicators leave the framework tree; an aggregate left
without indicators below it leaves with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import ScreenStage
from admtrack.errors import MethodError

Array = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class ScreenResult:
    """Which units and indicators survive, and why (COINr ``Analysis$Screened``)."""

    kept_units: BoolArray  # (units,)
    data_availability: Array  # (units,)
    nonzero_share: Array  # (units,)
    kept_indicators: BoolArray  # (indicators,)
    removed_units: tuple[str, ...]
    removed_indicators: tuple[str, ...]


def unit_availability(x: ArrayLike) -> tuple[Array, Array]:
    """Data availability and non-zero share per unit, pooled over leading axes."""
    arr = np.asarray(x, dtype=np.float64)
    per_unit = np.moveaxis(arr, -2, 0).reshape(arr.shape[-2], -1)
    n = per_unit.shape[1]
    n_na = np.isnan(per_unit).sum(axis=1)
    n_zero = (per_unit == 0).sum(axis=1)
    avail = 1.0 - n_na / n if n else np.zeros(per_unit.shape[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        nonzero = np.where(n - n_na > 0, 1.0 - n_zero / (n - n_na), np.nan)
    return np.asarray(avail, dtype=np.float64), nonzero


def screen_units(
    x: ArrayLike,
    unit_codes: Sequence[str],
    stage: ScreenStage,
) -> tuple[BoolArray, Array, Array]:
    """Apply the unit rule of ``stage`` to ``x`` (..., units, indicators).

    Returns (kept (units,), availability (units,), non-zero share (units,))."""
    avail, nonzero = unit_availability(x)
    if len(unit_codes) != avail.size:
        raise MethodError(f"{avail.size} units in the data but {len(unit_codes)} unit codes")
    low_data = avail < stage.dat_thresh
    with np.errstate(invalid="ignore"):
        low_nonzero = ~(nonzero >= stage.nonzero_thresh)
    kept = {
        "none": np.ones_like(low_data),
        "byNA": ~low_data,
        "byzeros": ~low_nonzero,
        "byNAandzeros": ~(low_data | low_nonzero),
    }[stage.unit_screen]
    position = {c: i for i, c in enumerate(unit_codes)}
    both = sorted(set(stage.force_include) & set(stage.force_exclude))
    if both:
        raise MethodError(f"units both forced in and out of the screen: {both}")
    unknown = sorted((set(stage.force_include) | set(stage.force_exclude)) - set(position))
    if unknown:
        raise MethodError(f"forced units not in the data: {unknown}")
    kept = kept.copy()
    kept[[position[c] for c in stage.force_include]] = True
    kept[[position[c] for c in stage.force_exclude]] = False
    return kept, avail, nonzero


def subtree(tree: FrameworkTree, keep_indicators: ArrayLike) -> FrameworkTree:
    """The framework without the dropped indicators and the aggregates left empty."""
    keep_ind = np.asarray(keep_indicators, dtype=bool)
    if keep_ind.all():
        return tree
    if not keep_ind.any():
        raise MethodError("every indicator was excluded")
    keep = np.zeros(len(tree.codes), dtype=bool)
    keep[: tree.n_indicators] = keep_ind
    for level in range(2, tree.max_level + 1):
        for node in tree.nodes_at(level):
            keep[node] = bool(keep[tree.children_of(int(node))].any())
    old = np.flatnonzero(keep)
    new_index = np.full(len(tree.codes), -1, dtype=np.int64)
    new_index[old] = np.arange(old.size)
    parents = np.where(tree.parents[old] >= 0, new_index[tree.parents[old]], -1)
    ind = np.flatnonzero(keep_ind)
    return replace(
        tree,
        codes=tuple(tree.codes[i] for i in old),
        names=tuple(tree.names[i] for i in old),
        levels=tree.levels[old],
        parents=parents.astype(np.int64),
        weights=tree.weights[old],
        directions=tree.directions[old],
        units=tuple(tree.units[i] for i in old),
        n_indicators=int(ind.size),
        targets=tree.targets[ind],
        denominators=tuple(tree.denominators[i] for i in ind),
    )


def screen_stage(
    x: ArrayLike,
    tree: FrameworkTree,
    unit_codes: Sequence[str],
    stage: ScreenStage,
    availability_data: ArrayLike | None = None,
) -> tuple[Array, FrameworkTree, ScreenResult]:
    """Apply a :class:`ScreenStage`: returns (screened x, reduced tree, result).

    Unit availability is measured on ``availability_data`` when given (same units as ``x``),
    else on ``x`` itself."""
    arr = np.asarray(x, dtype=np.float64)
    unknown = sorted(set(stage.exclude_indicators) - set(tree.indicator_codes))
    if unknown:
        raise MethodError(f"excluded indicators not in the framework: {unknown}")
    keep_ind = np.array([c not in stage.exclude_indicators for c in tree.indicator_codes])
    basis = arr if availability_data is None else np.asarray(availability_data, np.float64)
    kept, avail, nonzero = screen_units(basis[..., keep_ind], unit_codes, stage)
    result = ScreenResult(
        kept_units=kept,
        data_availability=avail,
        nonzero_share=nonzero,
        kept_indicators=keep_ind,
        removed_units=tuple(c for c, k in zip(unit_codes, kept, strict=True) if not k),
        removed_indicators=tuple(stage.exclude_indicators),
    )
    return arr[..., kept, :][..., keep_ind], subtree(tree, keep_ind), result
