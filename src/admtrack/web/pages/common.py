"""Helpers shared by the page handlers: rendering (with the release the page shows, its
permalink and how to cite it), sparklines, medians, source lines."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from admtrack import i18n
from admtrack.domain.framework import Indicator
from admtrack.domain.observations import Observation
from admtrack.web.deps import shown_release

#: The query parameters that choose a release (web/deps.py).
RELEASE_PARAMS = ("release", "as_of")


def release_url(request: Request, release_id: str | None) -> str:
    """This page's address with the release pinned to ``release_id`` (None: unpinned, the
    latest), keeping the page's other parameters."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in RELEASE_PARAMS]
    if release_id is not None:
        kept.append(("release", release_id))
    return request.url.path + (f"?{urlencode(kept)}" if kept else "")


def citation(release_id: str, published: str, permalink: str) -> str:
    """How to cite a view of a release: it names the release and its pinned address."""
    return (
        f"ASEAN Digital Masterplan monitor (admtrack), data release {release_id}, "
        f"published {published}. {permalink}"
    )


def local_name(catalog: Any, iso3: str) -> str:
    """A country's name in the language of the request (CLDR), admtrack's English otherwise."""
    return i18n.country_name(iso3, catalog.name(iso3))


def plan_text(plan: Any, kind: str, key: str, english: str) -> str:
    """An outcome's or indicator's name in the language of the request, from the plan file's
    translations; English where the plan has none (charts: plain text, no marker)."""
    t = plan.translation(i18n.current())
    if t is None:
        return english
    found = t.outcome_name(key) if kind == "outcome" else t.indicator_name(key)
    return found or english


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page; every page also learns the release it shows (``release_shown``: web/deps.py), its
    ``permalink`` (this address with ``?release=``), ``latest_url`` and ``cite_as``."""
    shown = shown_release(request)
    if shown is not None:
        permalink = release_url(request, shown.shown.id)
        context.setdefault("release_shown", shown)
        context.setdefault("permalink", permalink)
        context.setdefault("latest_url", release_url(request, None))
        context.setdefault(
            "cite_as", citation(shown.shown.id, shown.shown.published.isoformat(), permalink)
        )
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, template, context)
    return response


def sparkline_svg(points: Sequence[tuple[int, float]], label: str) -> Markup:
    """A 100 x 24 inline SVG polyline of (year, value) points; works without JavaScript."""
    if len(points) < 2:
        return Markup('<span class="muted">–</span>')
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    sx = 96 / (x1 - x0) if x1 > x0 else 0.0
    sy = 20 / (y1 - y0) if y1 > y0 else 0.0
    coords = " ".join(f"{2 + (x - x0) * sx:.1f},{22 - (y - y0) * sy:.1f}" for x, y in points)
    return Markup(
        f'<svg class="spark" width="100" height="24" viewBox="0 0 100 24" role="img" '
        f'aria-label="{Markup.escape(label)}"><polyline fill="none" stroke="#0969da" '
        f'stroke-width="1.5" points="{coords}"/></svg>'
    )


def series(observations: Sequence[Observation], country: str) -> list[tuple[int, float]]:
    return [(o.year, o.value) for o in observations if o.country == country]


def median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def source_text(ind: Indicator) -> str:
    src = ind.source
    if src is None:
        return "source not recorded"
    return f"{src.publisher}, {src.dataset} ({src.licence})"
