"""Denomination: divide indicators by size variables (COINr ``Denominate``).

For an indicator j with denominator column d_j and scale factor s_j (default 1)::

    y_uj = s_j * x_uj / d_u          (d_u = the unit's value of the size variable)

Indicators without a denominator are returned unchanged. A missing or zero denominator gives a
missing result (COINr returns Inf for a zero denominator; an infinite value would silently break
every later stage, so we return NaN instead).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import DenominateStage
from admtrack.errors import MethodError

Array = NDArray[np.float64]


def denominate(
    x: ArrayLike,
    denominators: Mapping[str, ArrayLike],
    by: Sequence[str | None],
    scale: ArrayLike | None = None,
) -> Array:
    """Divide column j of ``x`` (..., units, indicators) by ``denominators[by[j]]``.

    Each denominator array is shaped like ``x`` without its indicator axis (..., units)."""
    arr = np.array(x, dtype=np.float64)
    if len(by) != arr.shape[-1]:
        raise MethodError(f"{arr.shape[-1]} indicator columns but {len(by)} denominator names")
    factors = np.ones(arr.shape[-1]) if scale is None else np.asarray(scale, dtype=np.float64)
    out = arr.copy()
    for j, name in enumerate(by):
        if name is None:
            continue
        if name not in denominators:
            raise MethodError(f"denominator column {name!r} is not in the data")
        d = np.broadcast_to(np.asarray(denominators[name], dtype=np.float64), arr.shape[:-1])
        safe = np.where((d == 0) | np.isnan(d), np.nan, d)
        out[..., j] = factors[j] * arr[..., j] / safe
    return out


def resolve_denominators(tree: FrameworkTree, stage: DenominateStage) -> list[str | None]:
    """Denominator per indicator: ``stage.by`` overrides the iMeta Denominator column."""
    unknown = sorted(set(stage.by) - set(tree.indicator_codes))
    unknown += sorted(set(stage.scale) - set(tree.indicator_codes))
    if unknown:
        raise MethodError(f"denominate names unknown indicators {unknown}")
    return [stage.by.get(c, tree.denominators[j]) for j, c in enumerate(tree.indicator_codes)]


def denominate_stage(
    x: ArrayLike,
    tree: FrameworkTree,
    denominators: Mapping[str, ArrayLike],
    stage: DenominateStage,
) -> Array:
    """Apply a :class:`DenominateStage` of a pipeline spec."""
    scale = [stage.scale.get(c, 1.0) for c in tree.indicator_codes]
    return denominate(x, denominators, resolve_denominators(tree, stage), scale)
