"""Documents and charts that travel: "Report (PDF)" downloads (built once per release), every
dashboard chart as SVG or PNG with its title, source and note, and an embed view of one chart
with its release pinned."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from admtrack import i18n
from admtrack.errors import NotFound
from admtrack.i18n import gettext as _
from admtrack.reports.charts import choropleth
from admtrack.reports.model import Figure
from admtrack.reports.svg import printable, to_png, to_svg
from admtrack.services.dashboard import WebContext
from admtrack.services.reports import ReportFiles, ReportInputs, chart_figure, load_inputs
from admtrack.services.reports.common import fmt, local_name, plan_text, source_line
from admtrack.web.api.meta import asean_geojson, centroids
from admtrack.web.deps import get_context
from admtrack.web.pages.common import render

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
PlanQuery = Annotated[str | None, Query(description="plan id (default: adm2025)")]
KINDS = {"end-of-term", "baseline"}
CHART_CACHE_SIZE = 256


def _files(request: Request) -> ReportFiles:
    files: ReportFiles = request.app.state.report_files
    return files


def _pdf(request: Request, ctx: WebContext, kind: str, plan: str, release: str | None,
         iso3: str | None = None) -> FileResponse:  # fmt: skip
    lang = i18n.current()  # the page's language (web.languages): ?lang=, cookie, Accept-Language
    path, name = _files(request).pdf(ctx.store, ctx.cache, kind, plan, release, iso3, lang)
    return FileResponse(path, media_type="application/pdf", filename=name)


@router.get("/reports/{plan_id}/{kind}.pdf")
def plan_report(request: Request, plan_id: str, kind: str, ctx: Ctx) -> FileResponse:
    if kind not in KINDS:
        raise NotFound(f"no report {kind!r}; known: {', '.join(sorted(KINDS))}, countries/<ISO3>")
    return _pdf(request, ctx, kind, plan_id, ctx.catalog().release(None).id)


@router.get("/reports/{plan_id}/countries/{iso3}.pdf")
def country_report(request: Request, plan_id: str, iso3: str, ctx: Ctx) -> FileResponse:
    return _pdf(request, ctx, "country", plan_id, ctx.catalog().release(None).id, iso3)


def _figure(
    ctx: WebContext, chart_id: str, plan: str | None, release: str | None
) -> tuple[ReportInputs, Figure]:
    catalog = ctx.catalog()
    plan_id = catalog.plan(plan).id
    release_id = catalog.release(release).id
    inputs = load_inputs(ctx.store, ctx.cache, plan_id, release_id)
    if chart_id.startswith("map-"):
        return inputs, map_figure(inputs, chart_id)
    return inputs, chart_figure(inputs, chart_id)


def map_figure(inputs: ReportInputs, chart_id: str) -> Figure:
    """The overview's map (``map-index`` or ``map-<CODE>``) with the outlines inline, since a
    server-side render fetches nothing."""
    results = inputs.results
    if results is None:
        raise NotFound(f"plan {inputs.plan.id} has no results: {inputs.results_problem}")
    show = chart_id.removeprefix("map-")
    rows: list[dict[str, Any]] = []
    if show == "index":
        title, unit, source = (
            _("composite index (0-100, admtrack proposal)"),
            _("Score"),
            _("admtrack results"),
        )
        for u in results.units:
            score = results.score(results.index_code, u)
            rows.append({"iso3": u, "name": local_name(inputs, u), "value": score,
                         "label": fmt(score)})  # fmt: skip
    else:
        try:
            ind = inputs.plan.indicator(show)
        except KeyError:
            raise NotFound(f"plan {inputs.plan.id} has no indicator {show!r}") from None
        title = plan_text(inputs.plan, ind.code, indicator=True)
        unit, source = ind.unit, source_line(ind)
        for u in results.units:
            lv = results.latest_value(ind.code, u)
            rows.append({"iso3": u, "name": local_name(inputs, u),
                         "value": lv.value if lv else None,
                         "label": f"{fmt(lv.value)} ({lv.year})" if lv else _("no data")})  # fmt: skip
    spec = choropleth("/api/v1/geo/asean", rows, title=title, value_title=unit,
                      centroids=centroids())  # fmt: skip
    outlines = json.loads(asean_geojson())
    spec["layer"][0]["data"] = {
        "values": outlines,
        "format": {"type": "json", "property": "features"},
    }
    return Figure(
        chart_id,
        _("Map: %(title)s") % {"title": title},
        spec,
        source,
        note=_("Release %(release)s") % {"release": inputs.release.id},
    )


@router.get("/charts/{chart_id}.svg")
def chart_svg(request: Request, chart_id: str, ctx: Ctx, plan: PlanQuery = None) -> Response:
    body, release_id = _chart_file(request, ctx, chart_id, plan, ctx.selected, "svg")
    return Response(
        body, media_type="image/svg+xml", headers=_download(chart_id, release_id, "svg")
    )


@router.get("/charts/{chart_id}.png")
def chart_png(request: Request, chart_id: str, ctx: Ctx, plan: PlanQuery = None) -> Response:
    body, release_id = _chart_file(request, ctx, chart_id, plan, ctx.selected, "png")
    return Response(body, media_type="image/png", headers=_download(chart_id, release_id, "png"))


def _download(chart_id: str, release_id: str, ext: str) -> dict[str, str]:
    return {"Content-Disposition": f'inline; filename="{chart_id}-{release_id}.{ext}"'}


def _chart_file(
    request: Request, ctx: WebContext, chart_id: str, plan: str | None, release: str | None,
    ext: str,
) -> tuple[bytes, str]:  # fmt: skip
    """The chart's SVG or PNG, rendered once per (chart, plan, release, data revision)."""
    catalog = ctx.catalog()
    key = (chart_id, catalog.plan(plan).id, catalog.release(release).id, catalog.revision, ext,
           i18n.current())  # fmt: skip
    files: dict[tuple[object, ...], bytes] = request.app.state.chart_files
    if key not in files:
        _, fig = _figure(ctx, chart_id, plan, release)
        spec = printable(fig.spec, title=fig.title, source=fig.source, note=fig.note)
        files[key] = to_svg(spec).encode() if ext == "svg" else to_png(spec)
        while len(files) > CHART_CACHE_SIZE:
            files.pop(next(iter(files)))
    return files[key], str(key[2])


@router.get("/embed/{chart_id}", response_class=HTMLResponse, response_model=None)
def embed(request: Request, chart_id: str, ctx: Ctx,
          plan: PlanQuery = None) -> HTMLResponse | RedirectResponse:  # fmt: skip
    release = request.query_params.get("release")
    if release is None:  # pin the release by id (?as_of= too), so an embed never changes
        pinned = ctx.catalog().release(None).id
        query = f"?release={pinned}" + (f"&plan={plan}" if plan else "")
        return RedirectResponse(f"/embed/{chart_id}{query}", status_code=307)
    inputs, fig = _figure(ctx, chart_id, plan, release)
    svg = Markup(to_svg(printable(fig.spec, note="")))
    query = f"?plan={inputs.plan.id}&release={inputs.release.id}"
    return render(request, "embed.html", figure=fig, svg=svg, inputs=inputs, query=query,
                  chart_id=chart_id,
                  og_title=fig.title, og_description=_("%(title)s. Source: %(source)s. %(plan)s, release %(release)s.")
                  % {"title": fig.title, "source": fig.source, "plan": plan_text(inputs.plan),
                     "release": inputs.release.id})  # fmt: skip
