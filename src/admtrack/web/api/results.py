"""Progress verdicts and the composite index (with rank intervals and the weights what-if),
read from the per-release results cache."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from admtrack.errors import ValidationError
from admtrack.services.results_reweight import reweight
from admtrack.web.context import WebContext
from admtrack.web.deps import get_context
from admtrack.web.serialise import index_rows, verdict_dict

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
PlanQuery = Annotated[str | None, Query(description="plan id (default: adm2025)")]
ReleaseQuery = Annotated[str | None, Query(description="release id (default: latest)")]


def parse_weights(text: str | None) -> dict[str, float]:
    """``"DO2:2,DO5:0.5"`` -> {"DO2": 2.0, "DO5": 0.5}."""
    if not text:
        return {}
    weights: dict[str, float] = {}
    problems = []
    for part in text.split(","):
        code, sep, value = part.partition(":")
        try:
            weights[code.strip()] = float(value)
        except ValueError:
            problems.append(f"{part!r} is not CODE:NUMBER")
        if not sep:
            problems.append(f"{part!r} has no ':'")
    if problems:
        raise ValidationError("weights", sorted(set(problems)))
    return weights


@router.get("/progress", summary="Progress verdicts per indicator x country x target set")
def progress(
    ctx: Ctx,
    plan: PlanQuery = None,
    release: ReleaseQuery = None,
    indicator: str | None = None,
    country: str | None = None,
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
    `outcomes`: the summary per outcome and country; `regional`: the counts per outcome."""
    results = ctx.results(plan, release)
    verdicts = results.verdicts_for(
        indicator=indicator, country=country.upper() if country else None
    )
    return {
        "plan": results.plan_id,
        "release": results.release_id,
        "items": [verdict_dict(v) for v in verdicts],
        "outcomes": [asdict(s) for s in results.outcome_status
                     if country is None or s.country == country.upper()],
        "regional": [asdict(r) for r in results.regional],
        "not_measured": results.not_measured,
    }  # fmt: skip


@router.get("/index", summary="Composite index: scores, ranks, 5-95% rank intervals, audit")
def index(
    ctx: Ctx,
    plan: PlanQuery = None,
    release: ReleaseQuery = None,
    weights: Annotated[
        str | None, Query(description="outcome weights, e.g. DO2:2,DO5:1 (others nominal)")
    ] = None,
    normalisation: Annotated[str | None, Query(description="minmax or goalposts")] = None,
    aggregation: Annotated[str, Query(description="amean or gmean")] = "amean",
) -> dict[str, Any]:
    results = ctx.results(plan, release)
    names = {u: ctx.catalog().name(u) for u in results.units}
    custom = reweight(results, parse_weights(weights), normalisation, aggregation)
    return {
        "plan": results.plan_id,
        "release": results.release_id,
        "method": asdict(results.method) | {"samples": results.samples, "seed": results.seed},
        "index": results.index_code,
        "ranking": index_rows(results, results.index_code, names),
        "outcomes": {o: index_rows(results, o, names) for o in results.outcomes},
        "what_if": {
            "weights": custom.weights,
            "normalisation": custom.normalisation,
            "aggregation": custom.aggregation,
            "ranking": sorted(
                (
                    {"iso3": u, "name": names[u], "score": s, "rank": r}
                    for u, s, r in zip(results.units, custom.scores, custom.ranks, strict=True)
                ),
                key=lambda row: (row["rank"] is None, row["rank"] or 0),
            ),
        },
        "audit": asdict(results.audit),
        "failed_replications": results.failed_replications,
        "not_measured": results.not_measured,
    }
