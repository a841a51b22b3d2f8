"""``/indicators/{code}``: OWID-style explorer with line, map and table tabs sharing one country
selection and time range, all kept in the URL (``?tab=&country=&from=&to=``); source, licence,
definition and citation beside the chart; downloads of what is shown and of the full series;
the revisions between vintages of the series (which years a newer edition changed, by how much)."""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from admtrack.i18n import gettext as _
from admtrack.reports.charts import choropleth, line_chart
from admtrack.services.dashboard import WebContext
from admtrack.services.revisions import VintageRevision, indicator_revisions
from admtrack.services.scoring import target_labels
from admtrack.web.api.meta import centroids
from admtrack.web.deps import get_context
from admtrack.web.pages.common import local_name, plan_text, render
from admtrack.web.templating import digits_for, fmt_in

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


@lru_cache(maxsize=256)
def _revisions(code: str, unit: str) -> tuple[VintageRevision, ...]:
    """The revisions of ``code`` in the bundled data (read once: the bundled files do not
    change while the server runs), ignoring differences below the last decimal shown."""
    return tuple(indicator_revisions(code, tolerance=0.5 * 10 ** -digits_for(unit)))


@router.get("/indicators", response_class=HTMLResponse)
def indicators(request: Request, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    return render(request, "indicators.html", plan=catalog.plan(None))


@router.get("/indicators/{code}", response_class=HTMLResponse)
def indicator_page(
    request: Request,
    code: str,
    ctx: Ctx,
    tab: Literal["line", "map", "table"] = "line",
    country: Annotated[list[str] | None, Query(description="ISO3 codes")] = None,
    year_from: Annotated[int | None, Query(alias="from")] = None,
    year_to: Annotated[int | None, Query(alias="to")] = None,
) -> HTMLResponse:
    catalog = ctx.catalog()
    results = ctx.results()
    plan = catalog.plan(results.plan_id)
    ind = catalog.indicator(plan, code)
    all_obs = list(ctx.observations(results.release_id).get(ind.code, []))
    years = sorted({o.year for o in all_obs})
    codes = [c.strip().upper() for item in (country or []) for c in item.split(",") if c.strip()]
    selected = [c for c in codes if c in catalog.countries] or list(results.units)
    first = year_from if year_from is not None else (years[0] if years else None)
    last = year_to if year_to is not None else (years[-1] if years else None)
    shown = [
        o for o in all_obs
        if o.country in selected and (first is None or o.year >= first)
        and (last is None or o.year <= last)
    ]  # fmt: skip
    general = [t for t in ind.targets if t.group is None]
    target = general[0] if general else None
    line_rows = [{"country": o.country, "name": local_name(catalog, o.country), "year": o.year,
                  "value": o.value} for o in shown]  # fmt: skip
    latest_rows: list[dict[str, Any]] = []
    for c in selected:
        mine = [o for o in shown if o.country == c]
        lv = mine[-1] if mine else None
        verdicts = results.verdicts_for(indicator=ind.code, country=c)
        latest_rows.append({
            "iso3": c, "name": local_name(catalog, c), "year": lv.year if lv else None,
            "value": lv.value if lv else None,
            "label": f"{fmt_in(lv.value, ind.unit)} ({lv.year})" if lv else _("no data"),
            "reached": (ind.direction * (lv.value - target.value) >= 0) if lv and target else None,
            "verdicts": [v for v in verdicts if v.target_set is not None] or verdicts[:1],
        })  # fmt: skip
    latest_rows.sort(key=lambda r: (r["value"] is None, -(r["value"] or 0.0), r["name"]))
    query = {"indicator": ind.code, "country": ",".join(selected), "format": "csv",
             "release": results.release_id}  # fmt: skip
    if first is not None:
        query["year_from"] = str(first)
    if last is not None:
        query["year_to"] = str(last)
    state: list[tuple[str, str]] = [("country", c) for c in codes if c in catalog.countries]
    state += [(k, str(v)) for k, v in (("from", year_from), ("to", year_to)) if v is not None]
    tab_links = {t: "?" + urlencode([("tab", t), *state]) for t in ("line", "map", "table")}
    src = ind.source
    name = plan_text(plan, "indicator", ind.code, ind.name)
    return render(
        request, "indicator.html", plan=plan, ind=ind, tab=tab, catalog=catalog,
        selected=selected, years=years, first=first, last=last, results=results,
        latest_rows=latest_rows, target=target, shown=shown, tab_links=tab_links,
        target_labels=target_labels(plan, ind),
        line_spec=line_chart(line_rows, title=name, unit=ind.unit,
                             target=target.value if target else None),
        map_spec=choropleth("/api/v1/geo/asean",
                            [{k: r[k] for k in ("iso3", "name", "value", "label")}
                             for r in latest_rows if r["iso3"] in results.units],
                            title=_("%(indicator)s, latest year up to %(year)s") % {"indicator": name, "year": last}, value_title=ind.unit,
                            centroids=centroids()),
        shown_csv="/api/v1/observations?" + urlencode(query),
        full_csv="/api/v1/observations?" + urlencode({"indicator": ind.code, "format": "csv",
                                                       "limit": 50000,
                                                       "release": results.release_id}),
        citation=(src.citation if src and src.citation else
                  f"{src.publisher} ({src.dataset})" if src else ""),
        revisions=[r for r in _revisions(ind.code, ind.unit) if r.country in selected],
        year_table=sorted({o.year for o in shown}),
        by_key={(o.country, o.year): o.value for o in shown},
        lights=any(v.traffic_light for r in latest_rows for v in r["verdicts"]),
    )  # fmt: skip
