"""Normalisation: bring every indicator onto a common scale (COINr ``Normalise``).

Input ``x`` has shape ``(..., units, indicators)``; statistics (min, max, mean, sd, ranks) are
taken per indicator over the units axis (``axis=-2``), separately for every leading batch index.
NaN (missing) stays NaN. Inputs are never mutated.

Directions (COINr): an indicator with direction -1 is multiplied by -1 *before* normalising, so
"higher is better" holds afterwards. Parameters given in the indicator's own units (goalposts,
fixed bounds, targets) are mirrored with it, so they keep their meaning.

Methods (``x`` already direction-adjusted; ``min``/``max``/``mean``/``sd`` over units):

- ``minmax``   ``(x - min) / (max - min) * (u - l) + l``; params ``l_u = [l, u]`` (default [0, 100]).
- ``zscore``   ``(x - mean) / sd * s + m`` with the sample sd (n - 1); params ``m_sd = [m, s]``.
- ``scaled``   ``(x - l) / (u - l) * scale_factor``; fixed bounds, no truncation; params ``l``,
  ``u``, ``scale_factor`` (default 100).
- ``goalposts`` ``(x - lower) / (upper - lower)``, truncated to [0, 1] if ``trunc``, times ``scale``;
  params ``lower``, ``upper``, ``scale`` (default 100), ``trunc`` (default true).
- ``dist2targ`` ``1 - (targ - x) / (targ - min)``, capped at 1 if ``cap_max``; targets from the
  framework table (or params ``targets``).
- ``dist2ref`` ``1 - (x_ref - x) / (x_ref - min)``, capped at 1 if ``cap_max``; params ``ref`` (unit
  code, needs ``unit_codes``, or a 0-based row index).
- ``dist2max`` ``1 - (max - x) / (max - min)``.
- ``fracmax``  ``x / max``.
- ``rank``     rank with ties "min" (1 = lowest); ``borda`` = rank - 1;
  ``prank`` = (rank - 1) / (n_available - 1).

Each parameter may be a scalar, a list with one value per indicator, or a mapping from indicator
code to value. A zero range (max == min) gives NaN, as in COINr.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.stats import rankdata

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import NormaliseMethod, NormaliseOverride, NormaliseStage
from admtrack.errors import MethodError

Array = NDArray[np.float64]

DEFAULT_PARAMS: dict[str, dict[str, Any]] = {
    "minmax": {"l_u": [0.0, 100.0]},
    "zscore": {"m_sd": [0.0, 1.0]},
    "scaled": {"l": 0.0, "u": 100.0, "scale_factor": 100.0},
    "goalposts": {"scale": 100.0, "trunc": True},
    "dist2targ": {"cap_max": False},
    "dist2ref": {"cap_max": False},
    "dist2max": {},
    "fracmax": {},
    "rank": {},
    "borda": {},
    "prank": {},
}
METHODS: tuple[str, ...] = tuple(DEFAULT_PARAMS)


def _col_min(x: Array) -> Array:
    return np.asarray(np.fmin.reduce(x, axis=-2, keepdims=True), dtype=np.float64)


def _col_max(x: Array) -> Array:
    return np.asarray(np.fmax.reduce(x, axis=-2, keepdims=True), dtype=np.float64)


def _col_count(x: Array) -> Array:
    count: Array = np.sum(~np.isnan(x), axis=-2, keepdims=True).astype(np.float64)
    return count


def _col_mean(x: Array) -> Array:
    n = _col_count(x)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean: Array = np.nansum(x, axis=-2, keepdims=True) / n
    return mean


def _col_sd(x: Array) -> Array:
    """Sample standard deviation (n - 1 denominator, like R's ``sd``)."""
    n = _col_count(x)
    dev = np.where(np.isnan(x), 0.0, x - _col_mean(x))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.sqrt(np.sum(dev * dev, axis=-2, keepdims=True) / (n - 1))  # type: ignore[no-any-return]


def _safe_div(num: Array, den: Array) -> Array:
    """num / den with NaN where den is 0 (COINr returns NaN for a zero range)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        out = num / den
    return np.where(den == 0, np.nan, out)


def _param(params: Mapping[str, Any], key: str, codes: Sequence[str], default: Any = None) -> Array:
    """A per-indicator float vector from a scalar, a list, or a code -> value mapping."""
    value = params.get(key, default)
    if value is None:
        raise MethodError(f"normalisation parameter {key!r} is required")
    if isinstance(value, Mapping):
        missing = [c for c in codes if c not in value]
        if missing and default is None:
            raise MethodError(f"normalisation parameter {key!r} has no value for {missing}")
        return np.array([float(value.get(c, default)) for c in codes], dtype=np.float64)
    if isinstance(value, list | tuple | np.ndarray):
        arr = np.asarray(value, dtype=np.float64)
        if arr.shape != (len(codes),):
            raise MethodError(
                f"normalisation parameter {key!r} has {arr.size} values for {len(codes)} indicators"
            )
        return arr
    return np.full(len(codes), float(value))


def _pair(params: Mapping[str, Any], key: str) -> tuple[float, float]:
    value = params[key]
    if len(value) != 2:
        raise MethodError(f"normalisation parameter {key!r} must be a pair, got {value!r}")
    return float(value[0]), float(value[1])


def _mirror_bounds(lo: Array, hi: Array, dirs: Array) -> tuple[Array, Array]:
    """Bounds in the indicator's own units, mirrored for direction -1: [l, u] -> [-u, -l]."""
    neg = dirs < 0
    return np.where(neg, -hi, lo), np.where(neg, -lo, hi)


def _ranks(x: Array) -> Array:
    if x.shape[-2] == 0:
        return x.copy()
    return np.asarray(rankdata(x, method="min", axis=-2, nan_policy="omit"), dtype=np.float64)


def _apply(
    method: str,
    x: Array,
    params: Mapping[str, Any],
    codes: Sequence[str],
    dirs: Array,
    targets: Array,
    unit_codes: Sequence[str] | None,
) -> Array:
    """One method on direction-adjusted columns ``x`` (..., units, k)."""
    if method == "minmax":
        lo, hi = _pair(params, "l_u")
        mn, mx = _col_min(x), _col_max(x)
        return _safe_div(x - mn, mx - mn) * (hi - lo) + lo
    if method == "zscore":
        m, s = _pair(params, "m_sd")
        if s <= 0:
            raise MethodError(f"z-score target sd must be positive, got {s}")
        return _safe_div(x - _col_mean(x), _col_sd(x)) * s + m
    if method == "scaled":
        low, high = _mirror_bounds(_param(params, "l", codes), _param(params, "u", codes), dirs)
        return _safe_div(x - low, high - low) * _param(params, "scale_factor", codes)
    if method == "goalposts":
        low, high = _mirror_bounds(
            _param(params, "lower", codes), _param(params, "upper", codes), dirs
        )
        y = _safe_div(x - low, high - low)
        trunc = _param(params, "trunc", codes).astype(bool)
        y = np.where(trunc & ~np.isnan(y), np.clip(y, 0.0, 1.0), y)
        return y * _param(params, "scale", codes)
    if method == "dist2targ":
        targ = _param(params, "targets", codes) if "targets" in params else targets
        if np.isnan(targ).any():
            missing = [c for c, t in zip(codes, targ, strict=True) if np.isnan(t)]
            raise MethodError(f"distance to target needs a target for {missing}")
        targ = targ * dirs
        y = 1.0 - _safe_div(targ - x, targ - _col_min(x))
        return _cap(y, params)
    if method == "dist2ref":
        ref = params.get("ref")
        if isinstance(ref, str):
            if unit_codes is None or ref not in unit_codes:
                raise MethodError(f"distance to reference: unit {ref!r} not among the units")
            row = list(unit_codes).index(ref)
        elif isinstance(ref, int) and 0 <= ref < x.shape[-2]:
            row = ref
        else:
            raise MethodError(f"distance to reference needs a unit code or row index, got {ref!r}")
        xref = x[..., row : row + 1, :]
        y = 1.0 - _safe_div(xref - x, xref - _col_min(x))
        return _cap(y, params)
    if method == "dist2max":
        mn, mx = _col_min(x), _col_max(x)
        return 1.0 - _safe_div(mx - x, mx - mn)
    if method == "fracmax":
        return _safe_div(x, _col_max(x))
    if method in ("rank", "borda", "prank"):
        r = _ranks(x)
        if method == "rank":
            return r
        if method == "borda":
            return r - 1.0
        return _safe_div(r - 1.0, _col_count(x) - 1.0)
    raise MethodError(f"unknown normalisation method {method!r}; choose one of {METHODS}")


def _cap(y: Array, params: Mapping[str, Any]) -> Array:
    if bool(params.get("cap_max", False)):
        return np.where(y > 1.0, 1.0, y)
    return y


def normalise(
    x: ArrayLike,
    tree: FrameworkTree | ArrayLike,
    method: NormaliseMethod = "minmax",
    params: Mapping[str, Any] | None = None,
    per_indicator: Mapping[str, NormaliseOverride] | None = None,
    *,
    codes: Sequence[str] | None = None,
    unit_codes: Sequence[str] | None = None,
) -> Array:
    """Normalise ``x`` (..., units, indicators) column by column.

    ``tree`` is the framework (directions, codes and targets come from it) or a plain vector of
    directions (+1/-1), in which case ``codes`` name the columns (needed for per-indicator
    overrides and mapping-valued parameters). ``per_indicator`` maps indicator codes to a
    method and parameters overriding the global ones (COINr ``indiv_specs``). Parameters not
    given take the defaults of :data:`DEFAULT_PARAMS`.
    """
    arr = np.array(x, dtype=np.float64)
    if arr.ndim < 2:
        raise MethodError(f"normalise expects (..., units, indicators), got shape {arr.shape}")
    n_ind = arr.shape[-1]
    if isinstance(tree, FrameworkTree):
        dirs = tree.directions[: tree.n_indicators].astype(np.float64)
        col_codes: Sequence[str] = tree.indicator_codes
        targets = tree.targets.astype(np.float64)
    else:
        dirs = np.asarray(tree, dtype=np.float64).reshape(-1)
        col_codes = codes if codes is not None else tuple(f"i{j}" for j in range(n_ind))
        targets = np.full(n_ind, np.nan)
    if dirs.shape != (n_ind,) or len(col_codes) != n_ind:
        raise MethodError(f"{n_ind} indicator columns but {dirs.size} directions")
    if not np.all(np.isin(dirs, (-1.0, 1.0))):
        raise MethodError("directions must be 1 or -1")
    overrides = dict(per_indicator or {})
    unknown = sorted(set(overrides) - set(col_codes))
    if unknown:
        raise MethodError(f"per-indicator normalisation for unknown indicators {unknown}")
    adjusted = arr * dirs
    out = np.empty_like(adjusted)
    groups: dict[str, tuple[str, dict[str, Any], list[int]]] = {}
    for j, code in enumerate(col_codes):
        m: str = method
        p: dict[str, Any] = dict(params or {})
        if code in overrides:
            m, p = overrides[code].method, dict(overrides[code].params)
        if m not in DEFAULT_PARAMS:
            raise MethodError(f"unknown normalisation method {m!r}; choose one of {METHODS}")
        merged = {**DEFAULT_PARAMS[m], **p}
        key = f"{m}:{sorted(merged.items(), key=lambda kv: kv[0])!r}"
        groups.setdefault(key, (m, merged, []))[2].append(j)
    for m, p, cols in groups.values():
        idx = np.asarray(cols)
        sub_codes = [col_codes[j] for j in cols]
        out[..., idx] = _apply(
            m, adjusted[..., idx], p, sub_codes, dirs[idx], targets[idx], unit_codes
        )
    return np.where(np.isnan(arr), np.nan, out)


def normalise_stage(
    x: ArrayLike,
    tree: FrameworkTree,
    stage: NormaliseStage,
    *,
    unit_codes: Sequence[str] | None = None,
) -> Array:
    """Apply a :class:`NormaliseStage` of a pipeline spec."""
    return normalise(
        x, tree, stage.method, stage.params, stage.per_indicator, unit_codes=unit_codes
    )
