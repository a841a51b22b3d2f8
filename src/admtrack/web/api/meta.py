"""Plans, countries, indicators, releases and the member states' map geometry."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from admtrack.services.dashboard import WebContext
from admtrack.web.deps import get_context
from admtrack.web.labels import LangQuery
from admtrack.web.problems import documented
from admtrack.web.schemas import (
    CountryList,
    CountryOut,
    IndicatorList,
    IndicatorOut,
    MemberOutlines,
    PlanDetail,
    PlanList,
    ReleaseList,
)
from admtrack.web.serialise import country_dict, indicator_dict, plan_dict, release_dict

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
PlanQuery = Annotated[str | None, Query(description="plan id (default: adm2025)")]


class GeoJSONResponse(JSONResponse):
    """Documents the GeoJSON answer in /openapi.json (the bytes are served as bundled)."""

    media_type = "application/geo+json"


@router.get(
    "/plans",
    summary="Every loaded plan with its outcomes",
    response_model=PlanList,
    responses=documented(422),
)
def list_plans(ctx: Ctx, lang: LangQuery = "en") -> dict[str, Any]:
    return {"items": [plan_dict(p, lang=lang) for p in ctx.catalog().plans.values()]}


@router.get(
    "/plans/{plan_id}",
    summary="One plan in full: outcomes, target sets, notes",
    response_model=PlanDetail,
    responses=documented(404, 422),
)
def get_plan(plan_id: str, ctx: Ctx, lang: LangQuery = "en") -> dict[str, Any]:
    return plan_dict(ctx.catalog().plan(plan_id), full=True, lang=lang)


@router.get(
    "/countries",
    summary="Countries and aggregates with their ASEAN status",
    response_model=CountryList,
    responses=documented(422),
)
def list_countries(
    ctx: Ctx,
    asean: Annotated[bool, Query(description="only ASEAN member states")] = False,
    lang: LangQuery = "en",
) -> dict[str, Any]:
    catalog = ctx.catalog()
    chosen = catalog.members if asean else tuple(catalog.countries.values())
    return {"items": [country_dict(c, lang=lang) for c in chosen]}


@router.get(
    "/countries/{iso3}",
    summary="One country",
    response_model=CountryOut,
    responses=documented(404, 422),
)
def get_country(iso3: str, ctx: Ctx, lang: LangQuery = "en") -> dict[str, Any]:
    return country_dict(ctx.catalog().country(iso3), lang=lang)


@router.get(
    "/indicators",
    summary="Indicators of a plan with source, licence and targets",
    response_model=IndicatorList,
    responses=documented(404, 422),
)
def list_indicators(ctx: Ctx, plan: PlanQuery = None, lang: LangQuery = "en") -> dict[str, Any]:
    chosen = ctx.catalog().plan(plan)
    items = [indicator_dict(i, chosen, lang) for i in chosen.indicators]
    return {"plan": chosen.id, "items": items}


@router.get(
    "/indicators/{code}",
    summary="One indicator",
    response_model=IndicatorOut,
    responses=documented(404, 422),
)
def get_indicator(
    code: str, ctx: Ctx, plan: PlanQuery = None, lang: LangQuery = "en"
) -> dict[str, Any]:
    catalog = ctx.catalog()
    chosen = catalog.plan(plan)
    return indicator_dict(catalog.indicator(chosen, code), chosen, lang)


@router.get("/releases", summary="Data releases, oldest first", response_model=ReleaseList)
def list_releases(ctx: Ctx) -> dict[str, Any]:
    return {"items": [release_dict(r) for r in ctx.catalog().releases]}


@lru_cache(maxsize=1)
def asean_geojson() -> bytes:
    """The bundled member-state outlines (property ``iso3``), as served."""
    return (resources.files("admtrack.data") / "asean.geojson").read_bytes()


@lru_cache(maxsize=1)
def centroids() -> tuple[dict[str, Any], ...]:
    """A point inside each member state for its clickable dot: the centre of the bounding box
    of its largest polygon (by bounding-box area)."""
    out = []
    for feature in json.loads(asean_geojson())["features"]:
        geom = feature["geometry"]
        polygons = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]

        def box(poly: list[list[list[float]]]) -> tuple[float, float, float, float]:
            xs = [p[0] for p in poly[0]]
            ys = [p[1] for p in poly[0]]
            return min(xs), min(ys), max(xs), max(ys)

        x0, y0, x1, y1 = max(
            (box(p) for p in polygons), key=lambda b: (b[2] - b[0]) * (b[3] - b[1])
        )
        out.append(
            {"iso3": feature["properties"]["iso3"], "lon": (x0 + x1) / 2, "lat": (y0 + y1) / 2}
        )
    return tuple(out)


@router.get(
    "/geo/asean",
    summary="GeoJSON outlines of the 11 member states (Natural Earth)",
    response_model=MemberOutlines,
    response_class=GeoJSONResponse,
)
def geo_asean(ctx: Ctx) -> Response:
    """The outlines do not change between releases; ``?release=`` and ``?as_of=`` are checked
    like on every endpoint, so that a client pinning a release may send them everywhere."""
    return Response(
        asean_geojson(),
        media_type="application/geo+json",
        headers={"Cache-Control": "public, max-age=86400"},
    )
