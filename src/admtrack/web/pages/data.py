"""``/data``: downloads of a release's observations (CSV, XLSX, JSON, Parquet, each with its
metadata), a Frictionless data package (``/data/datapackage.json``) describing every field,
source and licence, and the index and progress results as CSV."""

from __future__ import annotations

import threading
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from admtrack.errors import NotFound
from admtrack.services.dashboard import WebContext
from admtrack.services.export import COLUMNS, ExportFormat, ExportTable, export_table, write_export
from admtrack.web.api.observations import csv_text
from admtrack.web.deps import get_context
from admtrack.web.pages.common import render

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
_lock = threading.Lock()
FIELD_TYPES = {"year": "integer", "value": "number", "row": "integer"}
MEDIA = {
    "csv": "text/csv",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}


def _table(ctx: WebContext, plan_id: str) -> ExportTable:
    catalog = ctx.catalog()
    plan = catalog.plan(plan_id)
    release = catalog.release(None)
    by_code = ctx.observations(release.id)
    rows = [o for ind in plan.indicators for o in by_code.get(ind.code, [])]
    return export_table(plan, rows, list(catalog.sources.values()), release.id)


def _export_dir(request: Request, ctx: WebContext) -> Path:
    release = ctx.catalog().release(None)
    base: Path = request.app.state.settings.data_dir
    return base / "exports" / release.id


@router.get("/data", response_class=HTMLResponse)
def data_page(request: Request, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    return render(request, "data.html", catalog=catalog, release=catalog.release(None),
                  formats=[f.value for f in ExportFormat])  # fmt: skip


@router.get("/data/download/{plan_id}-observations.{ext}")
def download(request: Request, plan_id: str, ext: str, ctx: Ctx) -> Response:
    """A plan's observations in one format, written once per release and then served as a file."""
    kind = "csv" if ext == "metadata.json" else ext
    try:
        fmt = ExportFormat(kind)
    except ValueError:
        raise NotFound(f"no download format {ext!r}; use csv, json, xlsx or parquet") from None
    folder = _export_dir(request, ctx)
    name = f"{plan_id}-observations.{ext}"
    path = folder / name
    with _lock:
        if not path.is_file():
            write_export(_table(ctx, plan_id), folder, fmt)
    if not path.is_file():
        raise NotFound(f"no download {name!r}")
    media = "application/json" if ext.endswith("json") else MEDIA[fmt.value]
    named = f"{plan_id}-observations-{folder.name}.{ext}"  # the download names its release
    return FileResponse(path, media_type=media, filename=named)


@router.get("/data/datapackage.json")
def datapackage(request: Request, ctx: Ctx, plan: str | None = None) -> JSONResponse:
    """A Frictionless Data Package (v1 descriptor) for the plan's observations of the release."""
    chosen = ctx.catalog().plan(plan)
    meta = _table(ctx, chosen.id).metadata()
    base = str(request.base_url).rstrip("/")
    fields = [
        {"name": c, "type": FIELD_TYPES.get(c, "string"), "description": meta["fields"][c]}
        for c in COLUMNS
    ]
    licences = sorted({s["licence"] for s in meta["sources"] if s["licence"]})
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"admtrack-{chosen.id}-{meta['release']}".lower(),
        "title": meta["title"],
        "description": f"Observations of {chosen.name}, release {meta['release']}. Indicator set: {meta['indicator_set']}.",
        "version": meta["release"],
        "created": meta["generated"],
        "licenses": [{"name": lic, "title": lic} for lic in licences],
        "sources": [
            {
                "title": f"{s['publisher']}: {s['dataset']}",
                "path": s["url"],
                "license": s["licence"],
                "citation": s["citation"],
            }
            for s in meta["sources"]
        ],  # fmt: skip
        "resources": [
            {
                "name": "observations",
                "path": f"{base}/data/download/{chosen.id}-observations.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "primaryKey": ["indicator", "country", "year"],
                    "missingValues": [""],
                },
            }
        ],
    }
    return JSONResponse(descriptor)


@router.get("/data/results/{plan_id}-index.csv")
def index_csv(plan_id: str, ctx: Ctx) -> Response:
    results = ctx.results(plan_id)
    rows = []
    for code in (*results.outcomes, results.index_code):
        for i, unit in enumerate(results.units):
            band = results.intervals[code][i]
            rows.append({"code": code, "country": unit, "score": results.scores[code][i],
                         "rank": results.ranks[code][i],
                         **({"rank_p05": band.p05, "rank_median": band.median,
                             "rank_p95": band.p95} if band else {}),
                         "release": results.release_id})  # fmt: skip
    columns = ("code", "country", "score", "rank", "rank_p05", "rank_median", "rank_p95", "release")
    return Response(csv_text(rows, columns), media_type="text/csv; charset=utf-8")


@router.get("/data/results/{plan_id}-progress.csv")
def progress_csv(plan_id: str, ctx: Ctx) -> Response:
    results = ctx.results(plan_id)
    rows = [asdict(v) | {"release": results.release_id} for v in results.verdicts]
    columns = (*rows[0].keys(),) if rows else ("indicator",)
    return Response(csv_text(rows, columns), media_type="text/csv; charset=utf-8")
