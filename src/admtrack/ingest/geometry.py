"""A compact GeoJSON of the ASEAN member states for maps (comparators on request).

Read from Natural Earth's 1:50m admin-0 countries (public domain; the 1:110m layer lacks
Singapore). Each feature keeps only ``iso3`` and admtrack's country ``name``; coordinates are
rounded to 3 decimals (about 100 m) and points that become equal to the previous one after
rounding are dropped (a ring keeps at least 4 points). Features are sorted by ``iso3`` and the
JSON is written compactly, so the output bytes are deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from admtrack.domain.geography import ASEAN_MEMBERS, COUNTRIES_BY_ISO3

#: The bundled map holds the 11 member states (about 137 kB); adding the comparators
#: :data:`MAP_COMPARATORS` roughly doubles the file (China, India and Australia are large).
MAP_COUNTRIES: tuple[str, ...] = ASEAN_MEMBERS
MAP_COMPARATORS: tuple[str, ...] = ("CHN", "IND", "JPN", "KOR", "AUS")
DECIMALS = 3

Ring = list[list[float]]


def _round_ring(ring: list[list[float]]) -> Ring:
    rounded: Ring = []
    for point in ring:
        xy = [round(point[0], DECIMALS), round(point[1], DECIMALS)]
        if not rounded or rounded[-1] != xy:
            rounded.append(xy)
    if len(rounded) < 4:  # a tiny island collapsed: keep its rounded points unmerged
        rounded = [[round(p[0], DECIMALS), round(p[1], DECIMALS)] for p in ring]
    return rounded


def _round_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    kind = geometry["type"]
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_round_ring(r) for r in geometry["coordinates"]]}
    if kind == "MultiPolygon":
        polygons = [[_round_ring(r) for r in poly] for poly in geometry["coordinates"]]
        return {"type": kind, "coordinates": polygons}
    raise ValueError(f"unsupported geometry type {kind!r}")


def _iso3(properties: dict[str, Any]) -> str:
    code = properties.get("ISO_A3")
    if not isinstance(code, str) or code == "-99":
        code = properties.get("ADM0_A3", "")
    return str(code)


def build_map(natural_earth: Path, countries: tuple[str, ...] = MAP_COUNTRIES) -> dict[str, Any]:
    """A FeatureCollection of ``countries``; raises ``ValueError`` naming any that are missing."""
    source = json.loads(natural_earth.read_text(encoding="utf-8"))
    features: dict[str, dict[str, Any]] = {}
    for feature in source["features"]:
        code = _iso3(feature["properties"])
        if code in countries and code not in features:
            features[code] = {
                "type": "Feature",
                "properties": {"iso3": code, "name": COUNTRIES_BY_ISO3[code].name},
                "geometry": _round_geometry(feature["geometry"]),
            }
    missing = sorted(set(countries) - features.keys())
    if missing:
        raise ValueError(f"{natural_earth.name} has no feature for {', '.join(missing)}")
    return {"type": "FeatureCollection", "features": [features[c] for c in sorted(features)]}


def write_map(collection: dict[str, Any], out: Path) -> int:
    """Write the collection as compact JSON (one trailing newline); returns the byte count."""
    data = (json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
    out.write_bytes(data)
    return len(data)
