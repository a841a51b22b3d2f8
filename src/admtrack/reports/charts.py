"""Vega-Lite specifications as plain dicts, shared by the web pages and the reports.

Every builder takes already-computed rows (JSON-ready values) and returns a Vega-Lite v6 spec;
none reads data itself, except the map, which takes the URL of the member states' GeoJSON.
Axis titles and descriptions are in the language in force (:mod:`admtrack.i18n`: a page sets
it per request, a report for its document). Colours meet WCAG contrast on white; every chart has a ``description`` for screen readers and
the pages always show a table with the same numbers next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from admtrack.i18n import gettext as _

Spec = dict[str, Any]
Row = dict[str, Any]

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
#: Sequential scheme for scores and values (colour-blind safe, dark end has 7:1 contrast).
SEQUENTIAL = "viridis"


def _base(description: str, width: int | str = "container", height: int = 300) -> Spec:
    return {
        "$schema": SCHEMA,
        "description": description,
        "width": width,
        "height": height,
        "config": {"font": "system-ui, sans-serif", "view": {"stroke": None}},
    }


def choropleth(
    geojson_url: str,
    values: Sequence[Row],
    *,
    title: str,
    value_title: str,
    centroids: Sequence[Row],
    href: str = "/countries/{iso3}",
) -> Spec:
    """Map of the member states coloured by ``value`` (rows: iso3, name, value, label), with
    a clickable dot on every state's centroid (rows: iso3, lon, lat) so that Singapore and
    Brunei, a few pixels wide at this scale, can be found and clicked too."""
    by_iso = [dict(r, href=href.format(iso3=r["iso3"])) for r in values]
    lookup = {
        "lookup": "iso3",
        "from": {
            "data": {"values": by_iso},
            "key": "iso3",
            "fields": ["name", "value", "label", "href"],
        },
    }
    tooltip = [
        {"field": "name", "type": "nominal", "title": _("Member state")},
        {"field": "label", "type": "nominal", "title": value_title},
    ]
    color = {
        "field": "value",
        "type": "quantitative",
        "title": value_title,
        "scale": {"scheme": SEQUENTIAL},
        "legend": {"orient": "bottom", "gradientLength": 220},
    }
    spec = _base(_("Map of the ASEAN member states: %(title)s") % {"title": title}, height=380)
    spec["projection"] = {"type": "mercator"}
    spec["layer"] = [
        {
            "data": {"url": geojson_url, "format": {"type": "json", "property": "features"}},
            "transform": [{"calculate": "datum.properties.iso3", "as": "iso3"}, lookup],
            "mark": {
                "type": "geoshape",
                "stroke": "#ffffff",
                "strokeWidth": 0.6,
                "cursor": "pointer",
            },
            "encoding": {
                "color": color,
                "tooltip": tooltip,
                "href": {"field": "href", "type": "nominal"},
                "description": {"field": "name", "type": "nominal"},
            },
        },
        {
            "data": {"values": list(centroids)},
            "transform": [lookup],
            "mark": {
                "type": "circle",
                "size": 90,
                "stroke": "#1f2328",
                "strokeWidth": 1.2,
                "cursor": "pointer",
                "opacity": 1,
            },  # fmt: skip
            "encoding": {
                "longitude": {"field": "lon", "type": "quantitative"},
                "latitude": {"field": "lat", "type": "quantitative"},
                "color": color,
                "tooltip": tooltip,
                "href": {"field": "href", "type": "nominal"},
                "description": {"field": "name", "type": "nominal"},
            },
            "name": "member_dots",
        },
    ]
    return spec


def line_chart(
    rows: Sequence[Row],
    *,
    title: str,
    unit: str,
    target: float | None = None,
    target_label: str = "",
    height: int = 320,
) -> Spec:
    """One line per country (rows: country, name, year, value); an optional target rule."""
    spec = _base(
        _("Line chart: %(title)s, by year and member state") % {"title": title}, height=height
    )
    layers: list[Spec] = [
        {
            "data": {"values": list(rows)},
            "mark": {"type": "line", "point": {"size": 30}, "strokeWidth": 2},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "axis": {"format": "d"}, "title": _("Year")},
                "y": {"field": "value", "type": "quantitative", "title": unit},
                "color": {"field": "name", "type": "nominal", "title": _("Country"),
                          "scale": {"scheme": "tableau10"}},
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": _("Country")},
                    {"field": "year", "type": "quantitative", "format": "d"},
                    {"field": "value", "type": "quantitative", "format": ",.4~g", "title": unit},
                ],
            },
        }
    ]  # fmt: skip
    if target is not None:
        layers.append(
            {
                "data": {"values": [{"target": target, "label": target_label}]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": "#1f2328"},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            }
        )
    spec["layer"] = layers
    return spec


def small_multiples(rows: Sequence[Row], *, title: str, columns: int = 2) -> Spec:
    """One panel per indicator (rows: indicator, label, name, year, value), independent axes."""
    return {
        "$schema": SCHEMA,
        "description": _("Small multiples: %(title)s") % {"title": title},
        "data": {"values": list(rows)},
        "facet": {"field": "label", "type": "nominal", "title": None,
                  "header": {"labelLimit": 360, "labelFontSize": 12}},
        "columns": columns,
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 300,
            "height": 170,
            "mark": {"type": "line", "point": {"size": 16}},
            "encoding": {
                "x": {"field": "year", "type": "quantitative", "axis": {"format": "d"}, "title": None},
                "y": {"field": "value", "type": "quantitative", "title": None},
                "color": {"field": "name", "type": "nominal", "title": _("Country"),
                          "scale": {"scheme": "tableau10"}},
                "tooltip": [
                    {"field": "name", "type": "nominal"},
                    {"field": "year", "type": "quantitative", "format": "d"},
                    {"field": "value", "type": "quantitative", "format": ",.4~g"},
                ],
            },
        },
        "config": {"font": "system-ui, sans-serif"},
    }  # fmt: skip


def rank_intervals(rows: Sequence[Row], *, title: str) -> Spec:
    """Ranks with their 5-95 % interval (rows: name, rank, p05, p95, median), best on top."""
    spec = _base(
        _("Ranks and 5 to 95 percent rank intervals: %(title)s") % {"title": title},
        height=24 * max(len(rows), 1),
    )
    y = {
        "field": "name",
        "type": "nominal",
        "title": None,
        "sort": {"field": "rank", "order": "ascending"},
    }
    spec["data"] = {"values": list(rows)}
    spec["layer"] = [
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": "#8c959f"},
            "encoding": {
                "y": y,
                "x": {"field": "p05", "type": "quantitative", "title": _("Rank (1 = best)"),
                      "scale": {"reverse": True, "domainMin": 1}},
                "x2": {"field": "p95"},
            },
        },
        {
            "mark": {"type": "point", "filled": True, "size": 80, "color": "#0969da"},
            "encoding": {
                "y": y,
                "x": {"field": "rank", "type": "quantitative"},
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": _("Member state")},
                    {"field": "rank", "type": "quantitative", "title": _("Rank")},
                    {"field": "p05", "type": "quantitative", "title": _("5th percentile")},
                    {"field": "p95", "type": "quantitative", "title": _("95th percentile")},
                ],
            },
        },
    ]  # fmt: skip
    return spec
