"""Outlier treatment (COINr ``Treat``, ``winsorise``, ``log_CT`` ...), batched.

``x`` has shape (..., units, indicators); every leading axis is a batch axis, and ``winmax`` may
differ per batch entry (and per indicator), so an uncertainty analysis can treat all its
replications in one call.

Rule (COINr ``check_SkewKurt``): an indicator *passes* when |skew| < skew_thresh OR
kurt < kurt_thresh (bias-corrected statistics, :mod:`admtrack.analytics.stats`); statistics
that cannot be computed (constant column, < 4 values) count as passing.

Default treatment of a failing indicator:

1. winsorise: while failing and fewer than ``winmax`` points are winsorised, if skew >= 0
   replace every value equal to the maximum by the next highest value, else every value equal
   to the minimum by the next lowest; re-check. The count is COINr's: the points at the
   current maximum (after the last high step) plus those at the current minimum.
2. if still failing, apply ``f2`` to the original column (or to the winsorised one when
   ``combine_treat``), with min and max over the column's available values and r = max - min:

   - ``log_CT``      ``ln(x - min + 0.01 r)``
   - ``log_CT_plus`` ``log_CT`` when skew > 0, else ``-ln(max + 0.01 r - x)``
   - ``log_CT_orig`` ``ln(x - min + 1)``
   - ``boxcox``      ``z = x - min + 1``; ``(z^lambda - 1) / lambda``, or ``ln z`` when lambda = 0

Per-indicator overrides: ``none`` leaves the column alone, ``winsorise`` only winsorises,
``default`` uses its own ``winmax``, a transform name applies that transform unconditionally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from admtrack.analytics.spec import TreatStage
from admtrack.analytics.stats import skew_kurt
from admtrack.errors import MethodError

Array = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
TRANSFORMS = ("log_CT", "log_CT_plus", "log_CT_orig", "boxcox")


def passes(x: Array, skew_thresh: float = 2.0, kurt_thresh: float = 3.5) -> BoolArray:
    """COINr ``check_SkewKurt`` per column: |skew| < skew_thresh OR kurt < kurt_thresh."""
    skew, kurt = skew_kurt(x)
    with np.errstate(invalid="ignore"):
        ok = (np.abs(skew) < skew_thresh) | (kurt < kurt_thresh)
    return np.asarray(ok | np.isnan(skew) | np.isnan(kurt))


def _extremes(x: Array) -> tuple[Array, Array]:
    present = ~np.isnan(x)
    lo = np.min(np.where(present, x, np.inf), axis=-2)
    hi = np.max(np.where(present, x, -np.inf), axis=-2)
    return lo, hi


def winsorise(
    x: ArrayLike, winmax: ArrayLike = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5
) -> tuple[Array, NDArray[np.int64], NDArray[np.int8]]:
    """Iterative winsorisation of failing columns (module doc, step 1).

    ``winmax``: scalar, (...,) per batch entry or (..., indicators). Returns (values,
    number of winsorised points (..., indicators), marks (..., units, indicators): +1 where a
    high value was replaced, -1 a low one, 0 elsewhere)."""
    cur = np.array(x, dtype=np.float64)
    limit = np.asarray(winmax)
    if limit.ndim == cur.ndim - 2 and limit.ndim > 0:
        limit = limit[..., None]
    limit = np.broadcast_to(limit, cur.shape[:-2] + cur.shape[-1:])
    hi_mark = np.zeros(cur.shape, dtype=bool)
    lo_mark = np.zeros(cur.shape, dtype=bool)
    nwin = np.zeros(limit.shape, dtype=np.int64)
    active = ~passes(cur, skew_thresh, kurt_thresh) & (limit > 0)
    while active.any():
        skew, _ = skew_kurt(cur)
        high = active & (skew >= 0)
        low = active & ~(skew >= 0)
        lo, hi = _extremes(cur)
        at_max = cur == hi[..., None, :]
        at_min = cur == lo[..., None, :]
        _, next_hi = _extremes(np.where(at_max, np.nan, cur))
        next_lo, _ = _extremes(np.where(at_min, np.nan, cur))
        high &= np.isfinite(next_hi)
        low &= np.isfinite(next_lo)
        cur = np.where(at_max & high[..., None, :], next_hi[..., None, :], cur)
        cur = np.where(at_min & low[..., None, :], next_lo[..., None, :], cur)
        hi_mark = np.where(high[..., None, :], at_max, hi_mark)
        lo_mark = np.where(low[..., None, :], at_min, lo_mark)
        nwin = hi_mark.sum(axis=-2) + lo_mark.sum(axis=-2)
        moved = high | low
        active = moved & (nwin < limit) & ~passes(cur, skew_thresh, kurt_thresh)
    marks = hi_mark.astype(np.int8) - lo_mark.astype(np.int8)
    return cur, nwin, marks


def transform(x: ArrayLike, name: str, boxcox_lambda: float = 0.0) -> Array:
    """Apply a log_CT-family or Box-Cox transform to every column (module doc, step 2)."""
    arr = np.asarray(x, dtype=np.float64)
    lo, hi = _extremes(arr)
    lo, r = lo[..., None, :], (hi - lo)[..., None, :]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if name == "log_CT":
            out = np.log(arr - lo + 0.01 * r)
        elif name == "log_CT_plus":
            skew, _ = skew_kurt(arr)
            flipped = -np.log(lo + r * 1.01 - arr)
            out = np.where(skew[..., None, :] > 0, np.log(arr - lo + 0.01 * r), flipped)
        elif name == "log_CT_orig":
            out = np.log(arr - lo + 1.0)
        elif name == "boxcox":
            z = arr - lo + 1.0
            out = np.log(z) if boxcox_lambda == 0 else (z**boxcox_lambda - 1) / boxcox_lambda
        else:
            raise MethodError(f"unknown transform {name!r}; known: {', '.join(TRANSFORMS)}")
    # a constant column has no outliers to transform: keep it
    return np.asarray(np.where(r > 0, out, arr), dtype=np.float64)


@dataclass(frozen=True)
class TreatmentRecord:
    """What happened to one indicator (COINr ``Analysis$Treated$Dets_Table``)."""

    code: str
    skew: float
    kurt: float
    passed_before: bool
    n_winsorised: int
    winsorised_high: tuple[str, ...]
    winsorised_low: tuple[str, ...]
    transform: str | None
    skew_after: float
    kurt_after: float
    passed_after: bool


@dataclass(frozen=True)
class TreatResult:
    """Treated values and per-indicator details; arrays keep the batch axes."""

    values: Array
    skew_before: Array
    kurt_before: Array
    passed_before: BoolArray
    n_winsorised: NDArray[np.int64]
    marks: NDArray[np.int8]  # +1 winsorised high, -1 low (..., units, indicators)
    transformed: BoolArray  # (..., indicators)
    transforms: tuple[str, ...]  # transform each column would receive
    skew_after: Array
    kurt_after: Array
    passed_after: BoolArray

    def records(self, codes: Sequence[str], unit_codes: Sequence[str]) -> list[TreatmentRecord]:
        """A report per indicator (unbatched results only)."""
        if self.values.ndim != 2:
            raise MethodError("treatment records need an unbatched (units, indicators) result")
        out = []
        for j, code in enumerate(codes):
            col = self.marks[:, j]
            out.append(
                TreatmentRecord(
                    code=code,
                    skew=float(self.skew_before[j]),
                    kurt=float(self.kurt_before[j]),
                    passed_before=bool(self.passed_before[j]),
                    n_winsorised=int(self.n_winsorised[j]),
                    winsorised_high=tuple(unit_codes[int(i)] for i in np.flatnonzero(col > 0)),
                    winsorised_low=tuple(unit_codes[int(i)] for i in np.flatnonzero(col < 0)),
                    transform=self.transforms[j] if self.transformed[j] else None,
                    skew_after=float(self.skew_after[j]),
                    kurt_after=float(self.kurt_after[j]),
                    passed_after=bool(self.passed_after[j]),
                )
            )
        return out


def treat(
    x: ArrayLike, stage: TreatStage, codes: Sequence[str], winmax: ArrayLike | None = None
) -> TreatResult:
    """Treat ``x`` (..., units, indicators) per ``stage``; ``codes`` name the columns.

    ``winmax`` overrides ``stage.winmax`` and may vary over the batch axes (shape (...,))."""
    arr = np.asarray(x, dtype=np.float64)
    if len(codes) != arr.shape[-1]:
        raise MethodError(f"{arr.shape[-1]} indicator columns but {len(codes)} codes")
    unknown = sorted(set(stage.per_indicator) - set(codes))
    if unknown:
        raise MethodError(f"per-indicator treatment for unknown indicators {unknown}")
    base_limit = np.asarray(stage.winmax if winmax is None else winmax, dtype=np.int64)
    if base_limit.ndim == arr.ndim - 2 and base_limit.ndim > 0:
        base_limit = base_limit[..., None]
    limit = np.array(np.broadcast_to(base_limit, arr.shape[:-2] + arr.shape[-1:]))
    modes, names, lambdas = [], [], []
    for j, code in enumerate(codes):
        o = stage.per_indicator.get(code)
        modes.append("default" if o is None else o.method)
        names.append(o.method if o is not None and o.method in TRANSFORMS else stage.f2)
        lam = o.boxcox_lambda if o is not None and o.boxcox_lambda is not None else None
        lambdas.append(stage.boxcox_lambda if lam is None else lam)
        if o is not None and o.winmax is not None:
            limit[..., j] = o.winmax
    mode = np.array(modes)
    limit = np.where(np.isin(mode, ("default", "winsorise")), limit, 0)
    skew0, kurt0 = skew_kurt(arr)
    pass0 = passes(arr, stage.skew_thresh, stage.kurt_thresh)
    wins, nwin, marks = winsorise(arr, limit, stage.skew_thresh, stage.kurt_thresh)
    pass1 = passes(wins, stage.skew_thresh, stage.kurt_thresh)
    has_f2 = np.array([n != "none" for n in names])
    need_f2 = (mode == "default") & has_f2 & ~pass0 & ~pass1
    forced = np.isin(mode, TRANSFORMS)
    transformed = need_f2 | forced
    out = wins.copy()
    base = np.where(forced | (not stage.combine_treat), arr, wins)
    for name, lam in dict.fromkeys(zip(names, lambdas, strict=True)):
        if name == "none":
            continue
        cols = np.array([(n, la) == (name, lam) for n, la in zip(names, lambdas, strict=True)])
        pick = transformed & cols
        if pick.any():
            out = np.where(pick[..., None, :], transform(base, name, lam), out)
    out = np.where((mode == "none")[None, :], arr, out)
    marks = np.where(transformed[..., None, :] & ~stage.combine_treat, 0, marks).astype(np.int8)
    nwin = np.where(transformed & ~stage.combine_treat, 0, nwin)
    skew1, kurt1 = skew_kurt(out)
    return TreatResult(
        values=out,
        skew_before=skew0,
        kurt_before=kurt0,
        passed_before=pass0,
        n_winsorised=nwin,
        marks=marks,
        transformed=transformed,
        transforms=tuple(names),
        skew_after=skew1,
        kurt_after=kurt1,
        passed_after=passes(out, stage.skew_thresh, stage.kurt_thresh),
    )
