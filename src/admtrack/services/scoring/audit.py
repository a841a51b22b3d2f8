"""The statistical audit shown with the results (correlations between the aggregates, Cronbach's
alpha per aggregate and of the outcomes) and each member state's strengths and weaknesses, all
from the engine's audit functions (:mod:`admtrack.analytics.audit`) on the nominal build."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.audit import (
    correlations,
    cronbach_alpha,
    cronbach_per_aggregate,
    strengths_weaknesses,
)
from admtrack.analytics.framework_table import FrameworkTree
from admtrack.services.scoring.model import AuditSummary

F64 = NDArray[np.float64]


def finite_or_none(v: float) -> float | None:
    return None if not np.isfinite(v) else float(v)


def root_code(tree: FrameworkTree) -> str:
    """The code of the framework's top node (the index)."""
    return tree.codes[int(np.flatnonzero(tree.parents == -1)[0])]


def audit_summary(scores: F64, normalised: F64, tree: FrameworkTree) -> AuditSummary:
    """``scores`` (units, nodes) of the Aggregated data set, ``normalised`` (units, indicators)."""
    agg = list(range(tree.n_indicators, len(tree.codes)))
    r, _, n = correlations(scores[:, agg])
    full = np.concatenate([normalised, scores[:, tree.n_indicators :]], axis=1)
    alpha = {code: finite_or_none(a) for code, a in cronbach_per_aggregate(full, tree).items()}
    alpha[root_code(tree)] = finite_or_none(cronbach_alpha(scores[:, tree.nodes_at(2)]))
    codes = tuple(tree.codes[i] for i in agg)
    return AuditSummary(
        codes=codes,
        correlations=tuple(tuple(finite_or_none(float(v)) for v in row) for row in r),
        alpha=alpha,
        n_units={code: int(n[k, k]) for k, code in enumerate(codes)},
    )


def strengths_and_weaknesses(
    normalised: F64, codes: Sequence[str], units: Sequence[str], top: int
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Per unit, its ``top`` best- and worst-ranked indicators (COINr get_str_weak)."""
    sw = strengths_weaknesses(normalised, codes, units, top=top, bottom=top)
    if sw.is_empty():
        return dict.fromkeys(units, ()), dict.fromkeys(units, ())
    picked = {
        kind: {
            u: tuple(sw.filter((sw["uCode"] == u) & (sw["kind"] == kind))["iCode"]) for u in units
        }
        for kind in ("strength", "weakness")
    }
    return picked["strength"], picked["weakness"]
