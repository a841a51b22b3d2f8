"""DO3's cyber-readiness view: GCI editions by pillar, cyberlaw status and gaps, secure servers."""

from __future__ import annotations

from pydantic import Field

from ..labels import LABEL_LANG
from .base import MaybeFloat, Shape


class PillarOut(Shape):
    code: str
    label: str
    translated_label: str = Field(description="`label` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class GciCellOut(Shape):
    pillar: str
    values: dict[str, MaybeFloat] = Field(description="edition year -> score")
    change: MaybeFloat = Field(description="newest edition minus oldest")


class LawOut(Shape):
    code: str
    label: str
    has_law: bool | None = Field(description="null: no data")
    year: int | None
    translated_label: str = Field(description="`label` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class StateCyberOut(Shape):
    country: str
    name: str
    label: str = Field(description="the member state's name in `lang` (CLDR)")
    label_lang: str = Field(description=LABEL_LANG)
    gci: list[GciCellOut]
    laws: list[LawOut]
    secure_servers: list[tuple[int, float]] = Field(description="(year, per million people)")


class RegionalOut(Shape):
    pillar: str
    label: str
    translated_label: str = Field(description="`label` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)
    mean: dict[str, MaybeFloat]
    median: dict[str, MaybeFloat]
    reported: dict[str, int]
    improved: int
    declined: int


class LawGapOut(Shape):
    law: str
    label: str
    translated_label: str = Field(description="`label` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)
    states: list[str] = Field(description="member states without that law (ISO3)")


class NotMeasuredOut(Shape):
    what: str
    how_to_submit: str
    what_label: str = Field(description="`what` in `lang`")
    how_to_submit_label: str = Field(description="`how_to_submit` in `lang`")
    label_lang: str = Field(description=LABEL_LANG)


class CyberReadiness(Shape):
    release: str
    editions: list[int] = Field(description="GCI editions held")
    pillars: list[PillarOut]
    states: list[StateCyberOut]
    regional: list[RegionalOut]
    law_gaps: list[LawGapOut]
    law_year: int | None = Field(description="year of the cyberlaw tracker snapshot")
    not_measured: list[NotMeasuredOut]
