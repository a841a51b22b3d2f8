"""Observations of a release, filtered, stably ordered (indicator, country, year), paginated,
as JSON or CSV."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse

from admtrack.domain.observations import Observation
from admtrack.errors import NotFound
from admtrack.services.dashboard import WebContext
from admtrack.web.deps import get_context
from admtrack.web.problems import documented
from admtrack.web.schemas import ObservationPage
from admtrack.web.serialise import observation_dict

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]
CSV_COLUMNS = ("indicator", "country", "year", "value", "status", "source", "licence", "release")
#: ?format=csv answers ``text/csv`` with the columns of CSV_COLUMNS (and ``X-Total-Count``).
CSV_ANSWER: dict[str, Any] = {"content": {"text/csv": {"schema": {"type": "string"}}}}


def _codes(text: str | None) -> list[str] | None:
    if text is None or not text.strip():
        return None
    return [part.strip() for part in text.split(",") if part.strip()]


def select_observations(
    ctx: WebContext,
    release: str,
    indicators: list[str] | None,
    countries: list[str] | None,
    year_from: int | None,
    year_to: int | None,
) -> list[Observation]:
    """Filtered observations of ``release`` in (indicator, country, year) order; an indicator or
    country code admtrack does not know is a 404, not an empty answer."""
    by_code = ctx.observations(release)
    catalog = ctx.catalog()
    known = set(by_code) | {i.code for plan in catalog.plans.values() for i in plan.indicators}
    unknown = sorted(set(indicators or ()) - known)
    if unknown:
        raise NotFound(f"no indicator {', '.join(unknown)}; see /api/v1/indicators")
    strangers = sorted({c.upper() for c in countries or ()} - set(catalog.countries))
    if strangers:
        raise NotFound(f"no country {', '.join(strangers)}; see /api/v1/countries")
    codes = sorted(indicators) if indicators is not None else sorted(by_code)
    wanted = {c.upper() for c in countries} if countries is not None else None
    return [
        o
        for code in codes
        for o in by_code.get(code, ())
        if (wanted is None or o.country in wanted)
        and (year_from is None or o.year >= year_from)
        and (year_to is None or o.year <= year_to)
    ]


def csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@router.get(
    "/observations",
    summary="Observations, filtered and paginated (?format=csv)",
    response_model=ObservationPage,
    responses={200: CSV_ANSWER, **documented(404, 422)},
)
def list_observations(
    request: Request,
    ctx: Ctx,
    indicator: Annotated[
        str | None, Query(description="indicator code(s), comma-separated")
    ] = None,
    country: Annotated[str | None, Query(description="ISO3 code(s), comma-separated")] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
    limit: Annotated[int, Query(ge=1, le=50000)] = 1000,
    offset: Annotated[int, Query(ge=0)] = 0,
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
) -> Response:
    catalog = ctx.catalog()
    chosen = catalog.release(None)  # the pinned one (?release= / ?as_of=), else the latest
    rows = select_observations(
        ctx, chosen.id, _codes(indicator), _codes(country), year_from, year_to
    )
    page = [observation_dict(o, chosen.id, catalog.sources) for o in rows[offset : offset + limit]]
    if format == "csv":
        name = f"observations-{chosen.id}.csv"
        return Response(
            csv_text(page),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"',
                     "X-Total-Count": str(len(rows))},
        )  # fmt: skip
    following = None
    if offset + limit < len(rows):
        following = str(request.url.include_query_params(offset=offset + limit))
    return JSONResponse(
        {
            "release": chosen.id,
            "total": len(rows),
            "limit": limit,
            "offset": offset,
            "next": following,
            "items": page,
        }
    )
