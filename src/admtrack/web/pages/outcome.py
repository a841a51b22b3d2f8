"""``/outcomes``: the outcomes (focus areas) of a plan, with a plan switch; ``/outcomes/{id}``:
every indicator of an outcome across the member states: small multiples, a table of latest
values, verdicts (CAGR ratio, ESCAP outlook, SDSN trend), ranks with intervals and what is not
measured. Both take ``?plan=`` (the default plan without it)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from admtrack.domain.text import Message
from admtrack.errors import NotFound
from admtrack.i18n import gettext as _
from admtrack.reports.charts import rank_intervals, small_multiples, with_unit
from admtrack.services.actions import STATUS_KEYS, read_register
from admtrack.services.dashboard import WebContext
from admtrack.services.scoring import Verdict
from admtrack.web.deps import get_context
from admtrack.web.pages.actions import STATUS_LABELS
from admtrack.web.pages.common import local_name, plan_text, render
from admtrack.web.serialise import index_rows

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
PlanParam = Annotated[str | None, Query(description="plan id, e.g. adm2030")]


@router.get("/outcomes", response_class=HTMLResponse)
def outcomes(request: Request, ctx: Ctx, plan: PlanParam = None) -> HTMLResponse:
    catalog = ctx.catalog()
    results = ctx.results(plan or None)
    shown = catalog.plan(results.plan_id)
    regional = {r.outcome: r for r in results.regional}
    rows = [
        {"outcome": o, "regional": regional.get(o.id),
         "n_ranked": results.n_ranked(o.id) if o.id in results.ranks else 0,
         "not_measured": results.not_measured.get(o.id)}
        for o in shown.outcomes
    ]  # fmt: skip
    return render(
        request, "outcomes.html", plan=shown, plans=list(catalog.plans.values()), rows=rows,
        results=results, default_plan=catalog.plan(None).id,
    )  # fmt: skip


@router.get("/outcomes/{outcome_id}", response_class=HTMLResponse)
def outcome_page(
    request: Request, outcome_id: str, ctx: Ctx, plan: PlanParam = None
) -> HTMLResponse:
    catalog = ctx.catalog()
    results = ctx.results(plan or None)
    default_plan = catalog.plan(None).id
    shown = catalog.plan(results.plan_id)
    try:
        outcome = shown.outcome(outcome_id.upper())
    except KeyError:
        raise NotFound(
            Message("plan %(plan)s has no outcome %(outcome)r", plan=shown.id, outcome=outcome_id)
        ) from None
    observations = ctx.observations(results.release_id)
    units = set(results.units)
    multiples: list[dict[str, Any]] = [
        {"indicator": ind.code, "country": o.country, "name": local_name(catalog, o.country),
         "label": with_unit(plan_text(shown, "indicator", ind.code, ind.name), ind.unit),
         "year": o.year, "value": o.value}
        for ind in outcome.indicators for o in observations.get(ind.code, []) if o.country in units
    ]  # fmt: skip
    latest = {
        (ind.code, u): results.latest_value(ind.code, u)
        for ind in outcome.indicators
        for u in results.units
    }
    measured = outcome.id in results.scores
    names = {u: local_name(catalog, u) for u in results.units}
    ranking = index_rows(results, outcome.id, names) if measured else []
    chart_rows = [
        {
            "name": r["name"],
            "country": r["iso3"],
            "state": r["name"],
            "rank": r["rank"],
            **r["interval"],
        }
        for r in ranking
        if r["rank"] is not None and r["interval"] is not None
    ]
    statuses = {s.country: s for s in results.outcome_status if s.outcome == outcome.id}
    primary: dict[tuple[str, str], Verdict | None] = {}
    for ind in outcome.indicators:
        for u in results.units:
            verdicts = results.verdicts_for(indicator=ind.code, country=u)
            targeted = [v for v in verdicts if v.target_set is not None]
            primary[(ind.code, u)] = (targeted or verdicts)[0] if (targeted or verdicts) else None
    return render(
        request, "outcome.html", plan=shown, outcome=outcome, results=results, catalog=catalog,
        latest=latest, ranking=ranking, statuses=statuses, primary=primary,
        regional=next((r for r in results.regional if r.outcome == outcome.id), None),
        multiples_spec=small_multiples(
            multiples, title=_("%(outcome)s indicators by member state") % {"outcome": outcome.id}
        ),
        rank_spec=rank_intervals(
            chart_rows, title=_("%(outcome)s ranking") % {"outcome": outcome.id}
        ),
        actions=[a for a in shown.enabling_actions if a.outcome == outcome.id],
        action_summary=read_register(ctx.store, shown).outcome_summary(outcome.id),
        status_keys=STATUS_KEYS, status_labels=STATUS_LABELS,
        lights=any(v is not None and v.traffic_light for v in primary.values()),
        measured=measured, not_measured=results.not_measured.get(outcome.id),
        plan_query="" if shown.id == default_plan else f"?plan={shown.id}",
    )  # fmt: skip
