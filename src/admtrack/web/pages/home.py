"""``/``: the ASEAN map (composite index or any indicator) and the 8 outcome cards, and
``/methodology``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from admtrack.domain.geography import ASEAN
from admtrack.i18n import gettext as _
from admtrack.reports.charts import choropleth
from admtrack.services.dashboard import WebContext
from admtrack.services.scoring.examples import worked_examples
from admtrack.services.scoring.parameters import method_parameters
from admtrack.web.api.meta import centroids
from admtrack.web.deps import get_context
from admtrack.web.pages.common import local_name, plan_text, render
from admtrack.web.templating import fmt, fmt_in

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


def map_rows(ctx: WebContext, show: str) -> tuple[list[dict[str, Any]], str, str]:
    """Rows for the map and its table: the index score or an indicator's latest value."""
    results = ctx.results()
    catalog = ctx.catalog()
    plan = catalog.plan(results.plan_id)
    rows: list[dict[str, Any]] = []
    if show == "index":
        title, unit = _("composite index (0-100, admtrack proposal)"), _("Score")
        for i, unit_code in enumerate(results.units):
            score = results.scores[results.index_code][i]
            rows.append({"iso3": unit_code, "name": local_name(catalog, unit_code), "value": score,
                         "year": None, "rank": results.ranks[results.index_code][i],
                         "label": fmt(score)})  # fmt: skip
        return rows, title, unit
    ind = catalog.indicator(plan, show)
    title, unit = plan_text(plan, "indicator", ind.code, ind.name), ind.unit
    for unit_code in results.units:
        lv = results.latest_value(ind.code, unit_code)
        value = lv.value if lv else None
        rows.append({"iso3": unit_code, "name": local_name(catalog, unit_code), "value": value,
                     "year": lv.year if lv else None, "rank": None,
                     "label": f"{fmt_in(value, unit)} ({lv.year})" if lv else _("no data")})  # fmt: skip
    return rows, title, unit


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    ctx: Ctx,
    show: Annotated[str, Query(description="index or an indicator code")] = "index",
) -> HTMLResponse:
    results = ctx.results()
    catalog = ctx.catalog()
    plan = catalog.plan(results.plan_id)
    rows, title, unit = map_rows(ctx, show)
    spec = choropleth("/api/v1/geo/asean", rows, title=title, value_title=unit,
                      centroids=centroids())  # fmt: skip
    regional = {r.outcome: r for r in results.regional}
    return render(
        request, "home.html", plan=plan, results=results, rows=rows, show=show,
        title=title, unit=unit, spec=spec, regional=regional, catalog=catalog,
        release=catalog.release(results.release_id),
    )  # fmt: skip


@router.get("/methodology", response_class=HTMLResponse)
def methodology(request: Request, ctx: Ctx) -> HTMLResponse:
    results = ctx.results()
    catalog = ctx.catalog()
    plan = catalog.plan(results.plan_id)
    joined = [(since, c) for c in catalog.members if (since := c.member_since(ASEAN)) is not None]
    newest = max(joined, key=lambda pair: pair[0]) if joined else None
    observations = [o for obs in ctx.observations(results.release_id).values() for o in obs]
    return render(request, "methodology.html", results=results, method=results.method,
                  params=method_parameters(plan, results), plan=plan, catalog=catalog,
                  newest_member=newest,
                  examples=worked_examples(plan, results, observations))  # fmt: skip
