"""The weights panel's computation: the index rebuilt from cached outcome scores with other
outcome weights, normalisation or aggregation. Only this last step runs (microseconds); the
same formulas run in the browser (``web/static/weights.js``), and a test checks they agree.

For unit u with available outcome scores s_o (o in A_u) and weights w_o:

* ``amean``: I_u = sum(w_o s_o) / sum(w_o)
* ``gmean``: I_u = exp(sum(w_o ln(s_o + 1)) / sum(w_o)) - 1 (offset 1, so a score of 0 counts)

I_u is missing when |A_u| / (number of outcomes) < ``dat_thresh``. Ranks: 1 = highest, ties
share the best rank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from admtrack.analytics.ranking import rank_descending
from admtrack.errors import ValidationError
from admtrack.services.results_model import NORMALISATIONS, PlanResults

Aggregation = Literal["amean", "gmean"]
AGGREGATIONS: tuple[Aggregation, ...] = ("amean", "gmean")


@dataclass(frozen=True, slots=True)
class Reweighted:
    weights: dict[str, float]
    normalisation: str
    aggregation: str
    scores: tuple[float | None, ...]
    ranks: tuple[int | None, ...]


def reweight(
    results: PlanResults,
    weights: Mapping[str, float] | None = None,
    normalisation: str | None = None,
    aggregation: str = "amean",
) -> Reweighted:
    """Index scores and ranks per unit (in ``results.units`` order) for the given choices;
    outcomes missing from ``weights`` keep their nominal weight."""
    norm = normalisation or results.method.normalisation
    problems = []
    if norm not in NORMALISATIONS:
        problems.append(f"normalisation {norm!r} is not one of {', '.join(NORMALISATIONS)}")
    if aggregation not in AGGREGATIONS:
        problems.append(f"aggregation {aggregation!r} is not one of {', '.join(AGGREGATIONS)}")
    chosen = dict(results.outcome_weights) | dict(weights or {})
    for code, value in chosen.items():
        if code not in results.outcomes:
            problems.append(f"{code!r} is not an outcome of plan {results.plan_id}")
        elif not np.isfinite(value) or value < 0:
            problems.append(f"weight of {code} must be a number >= 0, got {value}")
    if problems:
        raise ValidationError("index weights", problems)
    table = results.outcome_scores[norm]
    s = np.array(
        [[np.nan if v is None else v for v in table[o]] for o in results.outcomes], dtype=float
    ).T  # units x outcomes
    w = np.array([chosen[o] for o in results.outcomes], dtype=float)
    avail = np.isfinite(s)
    wa = np.where(avail, w, 0.0)
    den = wa.sum(axis=1)
    filled = np.where(avail, s, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        if aggregation == "amean":
            index = (wa * filled).sum(axis=1) / den
        else:
            index = np.exp((wa * np.log(filled + 1.0)).sum(axis=1) / den) - 1.0
    share = avail.sum(axis=1) / max(len(results.outcomes), 1)
    index = np.where((den > 0) & (share >= results.method.index_dat_thresh), index, np.nan)
    ranks = rank_descending(index)
    return Reweighted(
        weights=chosen,
        normalisation=norm,
        aggregation=aggregation,
        scores=tuple(None if not np.isfinite(v) else float(v) for v in index),
        ranks=tuple(None if not np.isfinite(r) else int(r) for r in ranks),
    )
