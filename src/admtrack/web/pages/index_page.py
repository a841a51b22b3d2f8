"""``/index``: the ranking with 5-95 % rank intervals, the weights panel (outcome weights,
normalisation, aggregation) and the audit summary. Without JavaScript the panel is a GET form
recomputed on the server (``?w_DO2=2&norm=goalposts&agg=gmean``); with it, static/weights.js
asks ``/api/v1/index/what-if`` on every change. Both answers come from
:func:`admtrack.services.scoring.reweight`; a blank weight keeps the nominal weight."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from admtrack.errors import ValidationError
from admtrack.i18n import gettext as _
from admtrack.reports.charts import rank_intervals
from admtrack.services.dashboard import WebContext
from admtrack.services.scoring import AGGREGATIONS, NORMALISATIONS, reweight
from admtrack.web.deps import get_context
from admtrack.web.pages.common import local_name, render
from admtrack.web.serialise import data_gaps_rows, index_rows

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


def _weights(request: Request, outcomes: tuple[str, ...]) -> dict[str, float]:
    weights: dict[str, float] = {}
    problems = []
    for o in outcomes:
        text = request.query_params.get(f"w_{o}")
        if text is None or text == "":
            continue
        try:
            weights[o] = float(text)
        except ValueError:
            problems.append(f"w_{o}: {text!r} is not a number")
    if problems:
        raise ValidationError("index weights", problems)
    return weights


@router.get("/index", response_class=HTMLResponse)
def index_page(request: Request, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    results = ctx.results()
    plan = catalog.plan(results.plan_id)
    names = {u: local_name(catalog, u) for u in results.units}
    ranking = index_rows(results, results.index_code, names)
    norm = request.query_params.get("norm") or results.method.normalisation
    agg = request.query_params.get("agg") or results.method.aggregation
    custom = reweight(results, _weights(request, results.outcomes), norm, agg)
    nominal_rank = dict(zip(results.units, results.ranks[results.index_code], strict=True))
    what_if: list[dict[str, Any]] = sorted(
        (
            {"iso3": u, "name": names[u], "score": s, "rank": r, "nominal": nominal_rank[u]}
            for u, s, r in zip(results.units, custom.scores, custom.ranks, strict=True)
        ),
        key=lambda row: (row["rank"] is None, row["rank"] or 0, row["name"]),
    )
    chart_rows = [{"name": r["name"], "rank": r["rank"], **r["interval"]}
                  for r in ranking if r["rank"] is not None and r["interval"]]  # fmt: skip
    panel_data = {
        "endpoint": str(request.url_for("what_if").path),
        "plan": results.plan_id,
        "release": results.release_id,
        "outcomes": list(results.outcomes),
    }
    audit = results.audit
    return render(
        request, "index.html", plan=plan, results=results, ranking=ranking, what_if=what_if,
        custom=custom, entered=_weights(request, results.outcomes), names=names,
        normalisations=NORMALISATIONS, aggregations=AGGREGATIONS,
        rank_spec=rank_intervals(chart_rows, title=_("composite index")), panel_data=panel_data,
        audit=audit, outcome_names={o.id: o.name for o in plan.outcomes},
        changed=any(r["rank"] != r["nominal"] for r in what_if),
        data_gaps=data_gaps_rows(results, names),
    )  # fmt: skip
