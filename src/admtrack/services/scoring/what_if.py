"""The weights panel: the index re-aggregated with other outcome weights, normalisation or
index-level mean, by the engine's aggregation (:func:`admtrack.analytics.aggregate.aggregate_tree`)
with the plan's method: the outcomes keep the method's mean and threshold, the index takes
``aggregation`` (``amean``, or ``gmean`` with the method's ``gmean_offset``) and
``index_dat_thresh``. Only the aggregation runs, on the nominal build's normalised indicators
kept in :class:`PlanResults`, so the panel answers in well under a millisecond of maths; at the
nominal weights and method it returns the nominal scores exactly (the same function on the same
numbers). The browser asks the server (``GET /api/v1/index/what-if``); nothing is recomputed in
JavaScript. Outcomes missing from ``weights`` keep their nominal weight. Ranks: 1 = highest,
ties share the best rank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.ranking import rank_descending
from admtrack.errors import ValidationError
from admtrack.services.scoring.model import (
    AGGREGATIONS,
    NORMALISATIONS,
    Aggregation,
    Normalisation,
    PlanResults,
)
from admtrack.services.scoring.plan_spec import aggregation_stage, level_aggregation


@dataclass(frozen=True, slots=True)
class Reweighted:
    weights: dict[str, float]
    normalisation: str
    aggregation: str
    scores: tuple[float | None, ...]
    ranks: tuple[int | None, ...]


def _checked(
    results: PlanResults,
    weights: Mapping[str, float] | None,
    normalisation: str | None,
    aggregation: str | None,
) -> tuple[dict[str, float], Normalisation, Aggregation]:
    norm = normalisation or results.method.normalisation
    agg = aggregation or results.method.aggregation
    problems = []
    if norm not in NORMALISATIONS:
        problems.append(f"normalisation {norm!r} is not one of {', '.join(NORMALISATIONS)}")
    if agg not in AGGREGATIONS:
        problems.append(f"aggregation {agg!r} is not one of {', '.join(AGGREGATIONS)}")
    chosen = dict(results.outcome_weights) | dict(weights or {})
    for code, value in chosen.items():
        if code not in results.outcomes:
            problems.append(f"{code!r} is not an outcome of plan {results.plan_id}")
        elif not np.isfinite(value) or value < 0:
            problems.append(f"weight of {code} must be a number >= 0, got {value}")
    if problems:
        raise ValidationError("index weights", problems)
    return chosen, norm, agg  # type: ignore[return-value]


def reweight(
    results: PlanResults,
    weights: Mapping[str, float] | None = None,
    normalisation: str | None = None,
    aggregation: str | None = None,
) -> Reweighted:
    """Index scores and ranks per unit (in ``results.units`` order) for the given choices
    (default: the method's normalisation and aggregation, the plan's weights)."""
    chosen, norm, agg = _checked(results, weights, normalisation, aggregation)
    tree, method = results.tree, results.method
    if tree is None:
        raise ValidationError("index weights", ["these results carry no framework tree"])
    stage = aggregation_stage(method, tree)
    index_level = level_aggregation(method, agg, method.index_dat_thresh)
    levels = stage.levels | dict.fromkeys(range(3, tree.max_level + 1), index_level)
    stage = stage.model_copy(update={"levels": levels, "weights": chosen})
    x = np.array(
        [[np.nan if v is None else v for v in row] for row in results.normalised[norm]],
        dtype=np.float64,
    ).reshape(len(results.units), tree.n_indicators)
    index = aggregate_tree(x, tree, spec=stage, unit_codes=results.units)[
        :, tree.index_of(results.index_code)
    ]
    ranks = rank_descending(index)
    return Reweighted(
        weights=chosen,
        normalisation=norm,
        aggregation=agg,
        scores=tuple(None if not np.isfinite(v) else float(v) for v in index),
        ranks=tuple(None if not np.isfinite(r) else int(r) for r in ranks),
    )
