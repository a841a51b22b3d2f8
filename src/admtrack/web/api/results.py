"""Progress verdicts and the composite index (with rank intervals and the weights what-if),
read from the per-release results cache."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from admtrack.domain.framework import Plan
from admtrack.errors import NotFound
from admtrack.services.dashboard import WebContext
from admtrack.services.scoring import PlanResults, reweight
from admtrack.web.api.what_if import what_if_rows
from admtrack.web.deps import get_context
from admtrack.web.labels import Labels, LangQuery
from admtrack.web.problems import documented
from admtrack.web.schemas import IndexResponse, ProgressResponse
from admtrack.web.serialise import (
    data_gaps_rows,
    evaluation_dict,
    index_rows,
    outcome_status_dict,
    verdict_dict,
)
from admtrack.web.weights import parse_weights

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
PlanQuery = Annotated[str | None, Query(description="plan id (default: adm2025)")]


@router.get(
    "/progress",
    summary="Progress verdicts per indicator x country x target set",
    response_model=ProgressResponse,
    responses=documented(404, 422),
)
def progress(
    ctx: Ctx,
    plan: PlanQuery = None,
    indicator: str | None = None,
    country: str | None = None,
    lang: LangQuery = "en",
) -> dict[str, Any]:
    """`items`: one verdict per indicator x member state x target set (`target_set` null: the
    trend test without a target), with every progress measure of the methodology page:

    * CAGR ratio (open-sdg): `cagr_actual`, `cagr_required`, `cagr_ratio` and `category`
      (target achieved, on track, acceleration needed, limited progress, deterioration,
      insufficient data); `status` is its coarse class;
    * ESCAP: `current_status` (0-10, negative after a regression) against `expected_status`,
      `projected_value` at the target year, `anticipated_progress` and `anticipated_category`
      (maintain progress, accelerate progress, reverse trend, insufficient data);
    * `distance_progress`: the share of the way to the target covered, 0-1;
    * SDSN: `annual_change`, `trend_ratio` (to the change needed) and the `trend` arrow (on track,
      moderately improving, stagnating, decreasing, insufficient data); `traffic_light` (green,
      yellow, orange, red) needs a red threshold, which plans do not set yet.

    Measures that are undefined (e.g. relative to a target, in a trend verdict) are null.
    `outcomes`: the summary per outcome and country; `regional`: the counts per outcome.

    `lang` adds labels beside the English: per verdict `indicator_label`, `status_label`,
    `category_label`, `reason_label`, `anticipated_category_label`, `trend_label`; per
    outcome summary `outcome_label`, `summary_label`, `reason_label`; `not_measured_label`
    and `not_ranked_label`; and `label_lang` on each (the language the labels are really in)."""
    results = ctx.results(plan)
    if country is not None and country.upper() not in results.units:
        raise NotFound(
            f"country {country!r} is not a member state scored in plan {results.plan_id}"
        )
    if indicator is not None and indicator not in results.indicators:
        raise NotFound(f"indicator {indicator!r} is not in plan {results.plan_id}")
    verdicts = results.verdicts_for(
        indicator=indicator, country=country.upper() if country else None
    )
    the_plan = ctx.catalog().plan(results.plan_id)
    return {
        "plan": results.plan_id,
        "release": results.release_id,
        "items": [verdict_dict(v, the_plan, lang) for v in verdicts],
        "outcomes": [outcome_status_dict(s, the_plan, lang) for s in results.outcome_status
                     if country is None or s.country == country.upper()],
        "regional": [asdict(r) for r in results.regional],
        "not_measured": results.not_measured,
        "not_ranked": results.not_ranked,
        **_top_labels(results, the_plan, lang),
    }  # fmt: skip


def _top_labels(results: PlanResults, plan: Plan, lang: str) -> dict[str, Any]:
    """``outcome_labels`` (every outcome's name), ``not_measured_label``, ``not_ranked_label``
    and their ``label_lang``."""
    labels = Labels(lang)
    labels.outcomes("outcome_labels", plan, results.outcomes)
    labels.reasons("not_measured_label", results.not_measured)
    labels.reasons("not_ranked_label", results.not_ranked)
    return labels.fields()


@router.get(
    "/index",
    summary="Composite index: scores, ranks, 5-95% rank intervals, audit",
    response_model=IndexResponse,
    responses=documented(404, 422),
)
def index(
    ctx: Ctx,
    plan: PlanQuery = None,
    weights: Annotated[
        str | None, Query(description="outcome weights, e.g. DO2:2,DO5:1 (others nominal)")
    ] = None,
    normalisation: Annotated[str | None, Query(description="minmax or goalposts")] = None,
    aggregation: Annotated[
        str | None, Query(description="index-level mean: amean or gmean (default: the plan's)")
    ] = None,
    lang: LangQuery = "en",
) -> dict[str, Any]:
    """`lang` adds labels beside the English: `label` (the member state's name),
    `status_label` and `reason_label` on every row, `not_measured_label` on each data-gaps
    row, `outcome_labels`, `not_measured_label` and `not_ranked_label`, and `label_lang` on
    each (the language the labels are really in)."""
    results = ctx.results(plan)
    the_plan = ctx.catalog().plan(results.plan_id)
    names = {u: ctx.catalog().name(u) for u in results.units}
    custom = reweight(results, parse_weights(weights), normalisation, aggregation)
    return {
        "plan": results.plan_id,
        "release": results.release_id,
        "method": asdict(results.method) | {"samples": results.samples, "seed": results.seed},
        "index": results.index_code,
        "ranking": index_rows(results, results.index_code, names, lang),
        "outcomes": {o: index_rows(results, o, names, lang) for o in results.outcomes},
        "what_if": {
            "weights": custom.weights,
            "normalisation": custom.normalisation,
            "aggregation": custom.aggregation,
            "ranking": [
                row.model_dump(exclude={"nominal_rank"})
                for row in what_if_rows(results, custom, names, lang)
            ],
        },
        "audit": asdict(results.audit),
        "failed_replications": results.failed_replications,
        "not_measured": results.not_measured,
        "not_ranked": results.not_ranked,
        "evaluation": evaluation_dict(results, the_plan),
        "data_gaps": data_gaps_rows(results, names, lang),
        **_top_labels(results, the_plan, lang),
    }
