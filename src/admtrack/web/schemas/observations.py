"""A page of observations (``?format=json``)."""

from __future__ import annotations

from pydantic import Field

from admtrack.domain.observations import ObservationStatus

from .base import Shape


class ObservationOut(Shape):
    indicator: str
    country: str = Field(description="ISO3")
    year: int
    value: float
    status: ObservationStatus
    source: str = Field(description="source id")
    licence: str | None
    release: str = Field(description="the release the value was published in")


class ObservationPage(Shape):
    release: str
    total: int = Field(description="observations matching the filters")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last")
    items: list[ObservationOut]
