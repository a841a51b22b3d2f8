from __future__ import annotations

import json
from pathlib import Path

import pytest

from admtrack.ingest.geometry import MAP_COMPARATORS, MAP_COUNTRIES, build_map, write_map

NATURAL_EARTH = "natural_earth/ne_50m_admin_0_countries_asia_oceania.geojson"


def _points(geometry: dict[str, object]) -> list[list[float]]:
    coords = geometry["coordinates"]
    polygons = coords if geometry["type"] == "MultiPolygon" else [coords]
    return [p for poly in polygons for ring in poly for p in ring]  # type: ignore[union-attr]


def test_map_has_every_member_with_rounded_coordinates(raw: Path) -> None:
    collection = build_map(raw / NATURAL_EARTH)
    codes = [f["properties"]["iso3"] for f in collection["features"]]
    assert codes == sorted(MAP_COUNTRIES) and "SGP" in codes and "BRN" in codes
    for feature in collection["features"]:
        assert set(feature["properties"]) == {"iso3", "name"}
        for x, y in _points(feature["geometry"]):
            assert round(x, 3) == x and round(y, 3) == y


def test_comparators_can_be_added(raw: Path) -> None:
    collection = build_map(raw / NATURAL_EARTH, MAP_COUNTRIES + MAP_COMPARATORS)
    assert len(collection["features"]) == 16


def test_a_missing_country_is_named(raw: Path) -> None:
    with pytest.raises(ValueError, match="USA"):
        build_map(raw / NATURAL_EARTH, ("SGP", "USA"))


def test_shipped_map_equals_a_rebuild(raw: Path, tmp_path: Path) -> None:
    size = write_map(build_map(raw / NATURAL_EARTH), tmp_path / "asean.geojson")
    shipped = Path(__file__).resolve().parents[2] / "src" / "admtrack" / "data" / "asean.geojson"
    assert shipped.read_bytes() == (tmp_path / "asean.geojson").read_bytes()
    assert size == len(shipped.read_bytes())
    assert json.loads(shipped.read_text())["type"] == "FeatureCollection"
