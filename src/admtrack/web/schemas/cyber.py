"""DO3's cyber-readiness view: GCI editions by pillar, cyberlaw status and gaps, secure servers."""

from __future__ import annotations

from pydantic import Field

from .base import MaybeFloat, Shape


class PillarOut(Shape):
    code: str
    label: str


class GciCellOut(Shape):
    pillar: str
    values: dict[str, MaybeFloat] = Field(description="edition year -> score")
    change: MaybeFloat = Field(description="newest edition minus oldest")


class LawOut(Shape):
    code: str
    label: str
    has_law: bool | None = Field(description="null: no data")
    year: int | None


class StateCyberOut(Shape):
    country: str
    name: str
    gci: list[GciCellOut]
    laws: list[LawOut]
    secure_servers: list[tuple[int, float]] = Field(description="(year, per million people)")


class RegionalOut(Shape):
    pillar: str
    label: str
    mean: dict[str, MaybeFloat]
    median: dict[str, MaybeFloat]
    reported: dict[str, int]
    improved: int
    declined: int


class LawGapOut(Shape):
    law: str
    label: str
    states: list[str] = Field(description="member states without that law (ISO3)")


class NotMeasuredOut(Shape):
    what: str
    how_to_submit: str


class CyberReadiness(Shape):
    release: str
    editions: list[int] = Field(description="GCI editions held")
    pillars: list[PillarOut]
    states: list[StateCyberOut]
    regional: list[RegionalOut]
    law_gaps: list[LawGapOut]
    law_year: int | None = Field(description="year of the cyberlaw tracker snapshot")
    not_measured: list[NotMeasuredOut]
