"""``/plans/{id}``: a plan's own overview (ADM2030 in the navigation): its composite index, its
focus areas (which are measured, which are "not measured yet"), every indicator's value in the
baseline year (or the latest before it) per member state and the path to the plan's end: the target where the plan sets
one, the required annual growth, and where the trend would lead. Every number is a field of the
plan's results (:mod:`admtrack.services.scoring`); this module only arranges them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from admtrack.domain.framework import Plan
from admtrack.reports.charts import rank_intervals
from admtrack.services.dashboard import WebContext
from admtrack.services.scoring import PlanResults
from admtrack.web.deps import get_context
from admtrack.web.pages.common import render
from admtrack.web.serialise import index_rows

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


def baseline_cells(plan: Plan, results: PlanResults) -> dict[tuple[str, str], tuple[float, int]]:
    """(indicator, member state) -> (value, year) at the plan's baseline: the baseline of the
    progress verdicts where they have one, else the latest value the index uses when it is not
    after the baseline year (both from the results; nothing is computed here)."""
    cells: dict[tuple[str, str], tuple[float, int]] = {}
    for v in results.verdicts:
        if v.baseline_value is not None and v.baseline_year is not None:
            cells.setdefault((v.indicator, v.country), (v.baseline_value, v.baseline_year))
    base = plan.baseline_year
    for lv in results.latest:
        if base is None or lv.year <= base:
            cells.setdefault((lv.indicator, lv.country), (lv.value, lv.year))
    return cells


@router.get("/plans/{plan_id}", response_class=HTMLResponse)
def plan_overview(request: Request, plan_id: str, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    plan = catalog.plan(plan_id.lower())
    results = ctx.results(plan.id)
    names = {u: catalog.name(u) for u in results.units}
    ranking = index_rows(results, results.index_code, names)
    chart_rows = [
        {"name": r["name"], "country": r["iso3"], "state": r["name"], "rank": r["rank"],
         **r["interval"]}
        for r in ranking if r["rank"] is not None and r["interval"]
    ]  # fmt: skip
    regional = {r.outcome: r for r in results.regional}
    areas: list[dict[str, Any]] = [
        {"outcome": o, "regional": regional.get(o.id),
         "not_measured": results.not_measured.get(o.id),
         "n_ranked": results.n_ranked(o.id) if o.id in results.ranks else 0}
        for o in plan.outcomes
    ]  # fmt: skip
    targeted = [v for v in results.verdicts if v.target_set is not None]
    return render(
        request, "plan.html", plan=plan, results=results, catalog=catalog, ranking=ranking,
        areas=areas, cells=baseline_cells(plan, results), targeted=targeted,
        rank_spec=rank_intervals(chart_rows, title=f"{plan.id.upper()} composite index"),
        default_plan=catalog.plan(None).id,
        end_year=plan.period[1] if plan.period else None,
    )  # fmt: skip
