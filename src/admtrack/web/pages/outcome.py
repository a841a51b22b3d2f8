"""``/outcomes/{id}``: every indicator of an outcome across the member states: small multiples,
a table of latest values, verdicts (CAGR ratio, ESCAP outlook, SDSN trend), ranks with intervals
and what is not measured."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from admtrack.errors import NotFound
from admtrack.i18n import gettext as _
from admtrack.reports.charts import rank_intervals, small_multiples
from admtrack.services.actions import STATUS_KEYS, read_register
from admtrack.services.dashboard import WebContext
from admtrack.services.scoring import Verdict
from admtrack.web.deps import get_context
from admtrack.web.pages.actions import STATUS_LABELS
from admtrack.web.pages.common import local_name, plan_text, render
from admtrack.web.serialise import index_rows

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


@router.get("/outcomes/{outcome_id}", response_class=HTMLResponse)
def outcome_page(request: Request, outcome_id: str, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    results = ctx.results()
    plan = catalog.plan(results.plan_id)
    try:
        outcome = plan.outcome(outcome_id.upper())
    except KeyError:
        raise NotFound(f"plan {plan.id} has no outcome {outcome_id!r}") from None
    observations = ctx.observations(results.release_id)
    units = set(results.units)
    multiples: list[dict[str, Any]] = [
        {"indicator": ind.code, "label": f"{plan_text(plan, 'indicator', ind.code, ind.name)} ({ind.unit})", "name": local_name(catalog, o.country),
         "year": o.year, "value": o.value}
        for ind in outcome.indicators for o in observations.get(ind.code, []) if o.country in units
    ]  # fmt: skip
    latest = {
        (ind.code, u): results.latest_value(ind.code, u)
        for ind in outcome.indicators
        for u in results.units
    }
    ranking = index_rows(results, outcome.id, {u: local_name(catalog, u) for u in results.units})
    chart_rows = [
        {"name": r["name"], "rank": r["rank"], **r["interval"]}
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
        request, "outcome.html", plan=plan, outcome=outcome, results=results, catalog=catalog,
        latest=latest, ranking=ranking, statuses=statuses, primary=primary,
        regional=next((r for r in results.regional if r.outcome == outcome.id), None),
        multiples_spec=small_multiples(multiples, title=_("%(outcome)s indicators by member state") % {"outcome": outcome.id}),
        rank_spec=rank_intervals(chart_rows, title=_("%(outcome)s ranking") % {"outcome": outcome.id}),
        actions=[a for a in plan.enabling_actions if a.outcome == outcome.id],
        action_summary=read_register(ctx.store, plan).outcome_summary(outcome.id),
        status_keys=STATUS_KEYS, status_labels=STATUS_LABELS,
        lights=any(v is not None and v.traffic_light for v in primary.values()),
    )  # fmt: skip
