"""The member states' outlines as GeoJSON (RFC 7946)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Shape

Position = Annotated[list[float], Field(min_length=2, max_length=3)]


class Polygon(Shape):
    type: Literal["Polygon"]
    coordinates: list[list[Position]]


class MultiPolygon(Shape):
    type: Literal["MultiPolygon"]
    coordinates: list[list[list[Position]]]


class MemberProperties(Shape):
    iso3: str
    name: str


class MemberFeature(Shape):
    type: Literal["Feature"]
    properties: MemberProperties
    geometry: Polygon | MultiPolygon = Field(discriminator="type")


class MemberOutlines(Shape):
    """GeoJSON (RFC 7946) FeatureCollection, one feature per member state."""

    type: Literal["FeatureCollection"]
    features: list[MemberFeature]
