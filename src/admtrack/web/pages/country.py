"""``/countries/{iso3}``: score, rank and rank interval per outcome, indicators with latest
value, trend, verdicts (CAGR ratio with the ESCAP outlook and SDSN trend beside it) and the ASEAN
median, comparators, strengths, weaknesses, data gaps, and the next plan's (ADM2030) section.

``?compare=THA`` (or ``CHN``, or ``THA,CHN``) sets other member states or outside comparators
beside the country: a compared member state's scores and ranks join the outcome table and the
rank chart; every comparator's latest values join the indicator table."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from admtrack.domain.geography import COMPARATOR
from admtrack.i18n import gettext as _
from admtrack.reports.charts import rank_intervals
from admtrack.services.actions import read_register
from admtrack.services.dashboard import WebContext
from admtrack.web.deps import get_context
from admtrack.web.pages.common import local_name, median, plan_text, render, series, sparkline_svg

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
#: The plan that follows the one shown: each country page has a section on it.
NEXT_PLAN = "adm2030"


@router.get("/countries", response_class=HTMLResponse)
def countries(request: Request, ctx: Ctx) -> HTMLResponse:
    return render(request, "countries.html", members=ctx.catalog().members)


@router.get("/countries/{iso3}", response_class=HTMLResponse)
def country_page(
    request: Request,
    iso3: str,
    ctx: Ctx,
    compare: Annotated[str | None, Query(description="comparators, e.g. CHN,JPN")] = None,
) -> HTMLResponse:
    catalog = ctx.catalog()
    country = catalog.country(iso3)
    results = ctx.results()
    plan = catalog.plan(results.plan_id)
    observations = ctx.observations(results.release_id)
    comparators = [c.strip().upper() for c in (compare or "").split(",") if c.strip()]
    comparators = [c for c in comparators if c in catalog.countries]
    is_unit = country.iso3 in results.units
    peers = [catalog.countries[u] for u in results.units if u != country.iso3]
    outside = [c for c in catalog.countries.values() if COMPARATOR in c.groups or c.iso3 == "WLD"]
    comparators = [c for c in comparators if c != country.iso3]
    compared = [c for c in comparators if c in results.units] if is_unit else []
    outcome_rows: list[dict[str, Any]] = []
    if is_unit:
        for o in plan.outcomes:
            status = next((s for s in results.outcome_status
                           if s.outcome == o.id and s.country == country.iso3), None)  # fmt: skip
            outcome_rows.append({
                "outcome": o, "score": results.score(o.id, country.iso3),
                "rank": results.rank(o.id, country.iso3), "n": results.n_ranked(o.id),
                "interval": results.interval(o.id, country.iso3), "status": status,
                "median": median(results.scores[o.id]),
                "compared": {c: (results.score(o.id, c), results.rank(o.id, c)) for c in compared},
            })  # fmt: skip
    indicator_rows: list[dict[str, Any]] = []
    gaps = []
    for ind in plan.indicators:
        obs = observations.get(ind.code, [])
        lv = results.latest_value(ind.code, country.iso3)
        if lv is None:
            gaps.append(ind)
        members = [results.latest_value(ind.code, u) for u in results.units]
        indicator_rows.append({
            "ind": ind, "latest": lv,
            "spark": sparkline_svg(series(obs, country.iso3), _("%(indicator)s, trend") % {"indicator": plan_text(plan, "indicator", ind.code, ind.name)}),
            "median": median([m.value if m else None for m in members]),
            "verdicts": list(results.verdicts_for(indicator=ind.code, country=country.iso3)),
            "comparators": {c: next(((o.year, o.value) for o in reversed(obs) if o.country == c), None)
                            for c in comparators},
        })  # fmt: skip
    chart_rows = [
        {"name": r["outcome"].id, "country": iso3, "state": local_name(catalog, iso3), "rank": rank,
         "p05": band.p05, "p95": band.p95, "median": band.median}
        for r in outcome_rows for iso3 in (country.iso3, *compared)
        if (rank := results.rank(r["outcome"].id, iso3)) is not None
        and (band := results.interval(r["outcome"].id, iso3)) is not None
    ]  # fmt: skip
    shown_names = ", ".join(local_name(catalog, c) for c in (country.iso3, *compared))
    spec = rank_intervals(
        chart_rows, title=_("%(country)s, rank per outcome") % {"country": shown_names}
    )
    index_code = results.index_code
    return render(
        request, "country.html", country=country, plan=plan, results=results, is_unit=is_unit,
        outcome_rows=outcome_rows, indicator_rows=indicator_rows, gaps=gaps, spec=spec,
        comparators=comparators, peers=peers, shown_names=shown_names, outside=outside, compared=compared,
        catalog=catalog, next_plan=_next_plan(ctx, plan.id, country.iso3),
        index_score=results.score(index_code, country.iso3) if is_unit else None,
        index_rank=results.rank(index_code, country.iso3) if is_unit else None,
        index_interval=results.interval(index_code, country.iso3) if is_unit else None,
        strengths=[plan.indicator(c) for c in results.strengths.get(country.iso3, ())],
        weaknesses=[plan.indicator(c) for c in results.weaknesses.get(country.iso3, ())],
        actions=list(plan.enabling_actions),
        action_matrix=read_register(ctx.store, plan).matrix(country.iso3),
        lights=any(v.traffic_light for r in indicator_rows for v in r["verdicts"]),
        with_targets=any(v.target_set for r in indicator_rows for v in r["verdicts"]),
    )  # fmt: skip


def _next_plan(ctx: WebContext, shown: str, iso3: str) -> dict[str, Any] | None:
    """The country's section of the next plan (ADM2030): its index score, rank and interval,
    and per focus area the score, rank and status, or why it is not measured yet."""
    catalog = ctx.catalog()
    if NEXT_PLAN not in catalog.plans or NEXT_PLAN == shown:
        return None
    results = ctx.results(NEXT_PLAN)
    if iso3 not in results.units:
        return None
    statuses = {s.outcome: s for s in results.outcome_status if s.country == iso3}
    areas = [
        {"outcome": o, "not_measured": results.not_measured.get(o.id),
         "score": results.score(o.id, iso3) if o.id in results.scores else None,
         "rank": results.rank(o.id, iso3) if o.id in results.ranks else None,
         "n": results.n_ranked(o.id) if o.id in results.ranks else 0,
         "status": statuses.get(o.id)}
        for o in catalog.plan(NEXT_PLAN).outcomes
    ]  # fmt: skip
    code = results.index_code
    return {
        "plan": catalog.plan(NEXT_PLAN), "results": results, "areas": areas,
        "score": results.score(code, iso3), "rank": results.rank(code, iso3),
        "n": results.n_ranked(code), "interval": results.interval(code, iso3),
    }  # fmt: skip
