"""``/api/v1/index/what-if``: the weights panel's answer, from the engine's aggregation
(:func:`admtrack.services.scoring.reweight`); the dashboard's panel asks it on every change."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from admtrack.services.dashboard import WebContext
from admtrack.services.scoring import PlanResults, Reweighted, reweight
from admtrack.web.deps import get_context
from admtrack.web.labels import Labels, LangQuery
from admtrack.web.problems import documented
from admtrack.web.schemas import WhatIfAnswer, WhatIfAnswerRow
from admtrack.web.weights import parse_weights

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


def what_if_rows(
    results: PlanResults, custom: Reweighted, names: dict[str, str], lang: str = "en"
) -> list[WhatIfAnswerRow]:
    """One row per member state with its score and rank under ``custom``, best first, and
    its name's ``label`` in ``lang``."""
    nominal = results.ranks[results.index_code]
    rows = []
    for u, s, r, n in zip(results.units, custom.scores, custom.ranks, nominal, strict=True):
        labels = Labels(lang)
        labels.country("label", u, names.get(u, u))
        rows.append(
            WhatIfAnswerRow(
                iso3=u, name=names.get(u, u), score=s, rank=r, nominal_rank=n, **labels.fields()
            )
        )
    return sorted(rows, key=lambda row: (row.rank is None, row.rank or 0, row.name))


@router.get(
    "/index/what-if",
    summary="The composite index with other outcome weights, normalisation or mean",
    response_model=WhatIfAnswer,
    responses=documented(404, 422),
)
def what_if(
    ctx: Ctx,
    plan: Annotated[str | None, Query(description="plan id (default: adm2025)")] = None,
    weights: Annotated[
        str | None, Query(description="outcome weights, e.g. DO2:2,DO5:1 (others nominal)")
    ] = None,
    normalisation: Annotated[str | None, Query(description="minmax or goalposts")] = None,
    aggregation: Annotated[
        str | None, Query(description="index-level mean: amean or gmean (default: the plan's)")
    ] = None,
    lang: LangQuery = "en",
) -> WhatIfAnswer:
    """Outcome scores re-aggregated into the index by the engine with the plan's method (the
    geometric mean with its offset); outcomes not in `weights` keep their nominal weight.
    `lang`: each row's `label` (the member state's name) in that language, with `label_lang`."""
    results = ctx.results(plan)
    custom = reweight(results, parse_weights(weights), normalisation, aggregation)
    names = {u: ctx.catalog().name(u) for u in results.units}
    return WhatIfAnswer(
        plan=results.plan_id, release=results.release_id, weights=custom.weights,
        normalisation=custom.normalisation, aggregation=custom.aggregation,
        gmean_offset=results.method.gmean_offset,
        ranking=what_if_rows(results, custom, names, lang),
    )  # fmt: skip
