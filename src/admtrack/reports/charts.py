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

#: One colour per member state, the same on every chart (keyed by ISO3, 11 colours, each with
#: at least 4:1 contrast on white). Not a 10-colour cycle: with 11 states a cycle would give two
#: states the same colour, and a state's colour would depend on which others are shown.
MEMBER_COLOURS: dict[str, str] = {
    "BRN": "#1f77b4",
    "KHM": "#d62728",
    "IDN": "#2b8a3e",
    "LAO": "#9467bd",
    "MYS": "#8c564b",
    "MMR": "#c2398f",
    "PHL": "#b35c00",
    "SGP": "#7a7a00",
    "THA": "#0e7c86",
    "VNM": "#1f2328",
    "TLS": "#3a3fbf",
}
#: Outside comparators and aggregates (World, China, ...): shades of grey, in order of appearance.
OTHER_COLOURS = ("#6e7781", "#57606a", "#8c959f", "#424a53", "#afb8c1")


def country_scale(rows: Sequence[Row], key: str = "country", label: str = "name") -> Spec:
    """The colour scale of the countries in ``rows`` (field ``key``: ISO3; ``label``: what the
    chart shows): each member state in :data:`MEMBER_COLOURS` order with its own colour, then
    any other country in grey. The domain lists the labels, so the legend reads as the chart."""
    labels: dict[str, str] = {}
    for r in rows:
        iso3 = r.get(key, r.get(label))
        if iso3 is not None and iso3 not in labels:
            labels[str(iso3)] = str(r.get(label, iso3))
    members = [c for c in MEMBER_COLOURS if c in labels]
    others = sorted(c for c in labels if c not in MEMBER_COLOURS)
    colours = [MEMBER_COLOURS[c] for c in members]
    colours += [OTHER_COLOURS[i % len(OTHER_COLOURS)] for i in range(len(others))]
    return {"domain": [labels[c] for c in members + others], "range": colours}


def with_unit(name: str, unit: str) -> str:
    """``name (unit)``, or ``name`` alone when it already states the unit: it contains it
    ("Individuals using the Internet (% of population)" and "%") or ends with a bracket of its
    own ("Secure Internet servers (per 1 million people)" and "per million people")."""
    if not unit or unit.lower() in name.lower() or name.rstrip().endswith(")"):
        return name
    return f"{name} ({unit})"


#: Axis of ranks: whole ranks only (1, 2, 3, never 2.5).
RANK_AXIS: Spec = {"tickMinStep": 1, "format": "d"}


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
    """One line per country (rows: country (ISO3), name, year, value), each in its fixed colour
    (:func:`country_scale`); an optional target rule."""
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
                          "scale": country_scale(rows)},
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
    """One panel per indicator (rows: indicator, label, country (ISO3), name, year, value),
    independent axes, each country in its fixed colour (:func:`country_scale`)."""
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
                          "scale": country_scale(rows)},
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
    """Ranks with their 5-95 % interval (rows: name, rank, p05, p95, median), best on top, on
    an axis of whole ranks. Rows that say whose rank it is (``country``: ISO3, ``state``: its
    name) show it in the state's fixed colour; rows of two or more states (a comparison on the
    country page) sit side by side on each line, in the order given."""
    spec = _base(
        _("Ranks and 5 to 95 percent rank intervals: %(title)s") % {"title": title},
        height=24 * max(len(rows), 1),
    )
    states = {r["country"] for r in rows if r.get("country")}
    per_line: dict[str, set[str]] = {}
    for r in rows:
        per_line.setdefault(r["name"], set()).add(r.get("country") or "")
    side_by_side = any(len(s) > 1 for s in per_line.values())
    y: Spec = {
        "field": "name",
        "type": "nominal",
        "title": None,
        "sort": None if side_by_side else {"field": "rank", "order": "ascending"},
    }
    shared: Spec = {"y": y}
    point: Spec = {"type": "point", "filled": True, "size": 80, "color": "#0969da"}
    colour: Spec = {}
    if states:
        colour = {"color": {"field": "state", "type": "nominal", "title": _("Member state"),
                            "scale": country_scale(rows, label="state"),
                            "legend": {"orient": "top"} if side_by_side else None}}  # fmt: skip
        point = {k: v for k, v in point.items() if k != "color"}
    if side_by_side:
        shared["yOffset"] = {"field": "state", "type": "nominal",
                             "scale": {"domain": country_scale(rows, label="state")["domain"]}}  # fmt: skip
        spec["height"] = 24 * len(per_line) * max(len(s) for s in per_line.values())
    spec["data"] = {"values": list(rows)}
    spec["layer"] = [
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": "#8c959f"},
            "encoding": {
                **shared,
                "x": {"field": "p05", "type": "quantitative", "title": _("Rank (1 = best)"),
                      "scale": {"reverse": True, "domainMin": 1}, "axis": RANK_AXIS},
                "x2": {"field": "p95"},
            },
        },
        {
            "mark": point,
            "encoding": {
                **shared,
                **colour,
                "x": {"field": "rank", "type": "quantitative", "axis": RANK_AXIS},
                "tooltip": [
                    {"field": "state" if states else "name", "type": "nominal",
                     "title": _("Member state")},
                    *([{"field": "name", "type": "nominal", "title": _("Outcome")}]
                      if states and any(r.get("state") != r["name"] for r in rows) else []),
                    {"field": "rank", "type": "quantitative", "title": _("Rank"), "format": "d"},
                    {"field": "p05", "type": "quantitative", "title": _("5th percentile"),
                     "format": ".1~f"},
                    {"field": "p95", "type": "quantitative", "title": _("95th percentile"),
                     "format": ".1~f"},
                ],
            },
        },
    ]  # fmt: skip
    return spec
