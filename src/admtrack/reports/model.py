"""A report as plain values: sections of paragraphs, lists, tables and figures, built by
:mod:`admtrack.services.reports` from the results service and rendered by
:mod:`admtrack.reports.render`. Nothing here computes a number; every text is already final.

A :class:`Span` is text in a stated language (BCP 47 tag), so the rendering marks it with
``lang`` and the text engine picks a font and shaping for its script.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, is_dataclass
from typing import Any, Literal

ReportKind = Literal["end-of-term", "baseline", "country"]


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    lang: str = "en"


Text = str | Span


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: tuple[Text, ...]  # concatenated


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[tuple[Text, ...], ...]


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    note: str = ""
    numeric: tuple[int, ...] = ()  # column positions aligned right
    compact: bool = False  # small type, for wide annex tables
    css_class: str = ""  # e.g. "names": the own-language names are also PDF bookmarks


@dataclass(frozen=True, slots=True)
class Figure:
    """A Vega-Lite chart (from :mod:`admtrack.reports.charts`) with its title, source and note;
    the rendering turns ``spec`` into SVG."""

    id: str
    title: str
    spec: dict[str, Any]
    source: str
    note: str = ""


Block = Paragraph | Bullets | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple[Section, ...] = ()
    page_break: bool = False


@dataclass(frozen=True, slots=True)
class Report:
    kind: ReportKind
    title: str
    subtitle: str
    plan_id: str
    plan_name: str
    release_id: str
    release_date: str
    sections: tuple[Section, ...]
    citation: str
    description: str = ""  # one sentence for link previews and the PDF's metadata
    language: str = "en"
    lead: tuple[Block, ...] = field(default=())

    def content_hash(self) -> str:
        """SHA-256 (first 16 hex digits) of the report's content: the same plan, release and
        results give the same hash, and any changed number or text a different one."""
        text = json.dumps(_plain(self), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {"_type": type(value).__name__} | {k: _plain(v) for k, v in asdict(value).items()}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def walk_figures(sections: tuple[Section, ...]) -> list[Figure]:
    """Every figure of the sections, in document order."""
    found: list[Figure] = []
    for s in sections:
        found.extend(b for b in s.blocks if isinstance(b, Figure))
        found.extend(walk_figures(s.subsections))
    return found
