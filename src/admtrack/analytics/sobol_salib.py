"""Variance-based (Sobol) sensitivity analysis through SALib: Saltelli's design
(``SALib.sample.sobol.sample``, a scrambled Sobol sequence, no second-order terms) and SALib's
estimators (``SALib.analyze.sobol.analyze``: first order S_i, Saltelli et al. 2010; total S_Ti,
Jansen 1999; bootstrap confidence intervals).

Every input is a column of the design in [0, 1); the caller's model turns a column into its
choices (e.g. :func:`admtrack.analytics.uncertain_inputs.decode_column`: a discrete assumption
with k alternatives takes alternative floor(k u)). SALib orders the N (d + 2) runs in blocks of
d + 2 per base row: [A_j, AB_1j, ..., AB_dj, B_j].

Failed runs (NaN or infinite outputs) are not silently dropped: a base row is used only when all
of its d + 2 runs succeeded, the number used is reported (``n_used``), and the indices come from
the complete blocks. An output that never varies has no variance to share out: its indices are
NaN (:attr:`SobolResult.varies` False), not a division by zero.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from admtrack.errors import MethodError

F64 = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class SobolResult:
    """First-order and total indices per input (in ``names`` order) with their confidence
    half-widths at ``confidence`` (SALib's ``S1_conf``, ``ST_conf``)."""

    names: tuple[str, ...]
    first_order: F64
    first_order_conf: F64
    total: F64
    total_conf: F64
    n_base: int
    n_used: int
    n_runs: int
    n_failed_runs: int
    confidence: float
    variance: float

    @property
    def varies(self) -> bool:
        return bool(np.isfinite(self.variance) and self.variance > 0)


def _problem(names: Sequence[str]) -> dict[str, object]:
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def design(names: Sequence[str], n: int, seed: int) -> F64:
    """SALib's Saltelli design for ``len(names)`` inputs on [0, 1): N (d + 2) rows. ``n`` must
    be a power of two (the Sobol sequence's balance properties need it)."""
    if len(names) < 1:
        raise MethodError("a Sobol design needs at least one input")
    if n < 2 or n & (n - 1):
        raise MethodError(f"the number of base rows must be a power of two >= 2, got {n}")
    from SALib.sample import sobol as sobol_sample

    x: F64 = sobol_sample.sample(
        _problem(names), n, calc_second_order=False, scramble=True, seed=seed
    )
    return np.asarray(x, dtype=np.float64)


def analyse(
    names: Sequence[str],
    y: F64,
    *,
    seed: int,
    resamples: int = 100,
    confidence: float = 0.95,
) -> SobolResult:
    """S_i, S_Ti and their confidence half-widths from outputs ``y`` (one per design row, in the
    order of :func:`design`)."""
    d = len(names)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    if y.size % (d + 2):
        raise MethodError(f"{y.size} outputs are not N (d + 2) runs for d = {d} inputs")
    n = y.size // (d + 2)
    blocks = y.reshape(n, d + 2)
    complete = np.all(np.isfinite(blocks), axis=1)
    used = blocks[complete]
    nan = np.full(d, np.nan)
    variance = float(np.var(used[:, [0, d + 1]])) if used.shape[0] else float("nan")
    base = {
        "names": tuple(names), "n_base": n, "n_used": int(complete.sum()), "n_runs": int(y.size),
        "n_failed_runs": int((~np.isfinite(y)).sum()), "confidence": confidence,
        "variance": variance,
    }  # fmt: skip
    if used.shape[0] < 2 or not variance > 0:
        return SobolResult(first_order=nan, first_order_conf=nan, total=nan, total_conf=nan,
                           **base)  # type: ignore[arg-type]  # fmt: skip
    from SALib.analyze import sobol as sobol_analyse

    with warnings.catch_warnings():  # SALib warns about sample sizes it cannot check here
        warnings.simplefilter("ignore", UserWarning)
        found = sobol_analyse.analyze(
            _problem(names), used.reshape(-1), calc_second_order=False,
            num_resamples=resamples, conf_level=confidence, print_to_console=False, seed=seed,
        )  # fmt: skip
    return SobolResult(
        first_order=np.asarray(found["S1"], dtype=np.float64),
        first_order_conf=np.asarray(found["S1_conf"], dtype=np.float64),
        total=np.asarray(found["ST"], dtype=np.float64),
        total_conf=np.asarray(found["ST_conf"], dtype=np.float64),
        **base,  # type: ignore[arg-type]
    )


def sobol(
    model: Callable[[F64], F64],
    names: Sequence[str],
    n: int,
    *,
    seed: int,
    resamples: int = 100,
    confidence: float = 0.95,
) -> SobolResult:
    """Run ``model`` once on the whole design (rows -> one output per row) and analyse it."""
    x = design(names, n, seed)
    y = np.asarray(model(x), dtype=np.float64).reshape(-1)
    if y.size != x.shape[0]:
        raise MethodError(f"the model gave {y.size} outputs for {x.shape[0]} design rows")
    return analyse(names, y, seed=seed, resamples=resamples, confidence=confidence)
