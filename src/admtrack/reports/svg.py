"""Vega-Lite specs rendered to SVG and PNG without a browser (vl-convert, which bundles the Vega
runtime and needs no network), with the chart's title, source and note drawn into the image so a
downloaded chart still says what it shows and where its numbers come from."""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

import vl_convert as vlc

from admtrack import i18n
from admtrack.errors import AdmtrackError
from admtrack.i18n import gettext as _

#: Fonts the reports name: Debian's Noto packages (fonts-noto-core, fonts-noto-ui-core).
FONT = "Noto Sans"
DEFAULT_WIDTH = 560
#: The Vega-Lite version of the specs in admtrack.reports.charts (bundled with vl-convert).
VEGA_LITE = "6.4"


def printable(
    spec: dict[str, Any], *, title: str = "", source: str = "", note: str = "",
    width: int = DEFAULT_WIDTH, line_points: bool = True,
) -> dict[str, Any]:  # fmt: skip
    """A copy of ``spec`` with fixed widths (no "container"), the report font, and the title
    above and the source and note below the chart (as Vega-Lite title and subtitle lines).
    ``line_points=False`` draws lines without a marker per value (a lighter file for print,
    where no tooltip needs a point to hover)."""
    out = copy.deepcopy(spec)
    if not line_points:
        _drop_line_points(out)
    if out.get("width") == "container":
        out["width"] = width
    for layer in out.get("layer", []):
        if layer.get("width") == "container":
            layer["width"] = width
    config = out.setdefault("config", {})
    config["font"] = FONT
    if title:
        out["title"] = {"text": title, "anchor": "start", "fontSize": 14}
    footer = [line for line in (f"{_('Source:')} {source}" if source else "", note) if line]
    if footer:
        out.setdefault("title", {"text": "", "anchor": "start"})
        out["title"]["subtitle"] = footer
        out["title"]["subtitleFontSize"] = 10
        out["title"]["subtitleColor"] = "#57606a"
        out["title"]["orient"] = "top"
    return out


def _drop_line_points(node: Any) -> None:
    if isinstance(node, dict):
        mark = node.get("mark")
        if isinstance(mark, dict) and mark.get("type") == "line":
            mark["point"] = False
        for value in node.values():
            _drop_line_points(value)
    elif isinstance(node, list):
        for value in node:
            _drop_line_points(value)


#: Rendered SVGs kept by the digest of their spec: a chart is drawn by vl-convert once per
#: process however many reports, pages and downloads show it (the same spec gives the same SVG).
SVG_CACHE_SIZE = 256
_svgs: OrderedDict[str, str] = OrderedDict()
_svgs_lock = threading.Lock()


def spec_digest(spec: dict[str, Any]) -> str:
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def number_locale(code: str | None = None) -> dict[str, Any] | None:
    """The d3-format locale of the language in force (Babel's decimal and grouping signs), so
    that a chart's axis and legend numbers read as the report's text does; None in English
    (Vega's own default, the same signs)."""
    lang = code or i18n.current()
    if lang == i18n.SOURCE_LANGUAGE:
        return None
    return {
        "decimal": i18n.number_symbol("decimal", lang),
        "thousands": i18n.number_symbol("group", lang),
        "grouping": [3],
        "currency": ["", ""],
    }


def _locale_options() -> dict[str, Any]:
    found = number_locale()
    return {"format_locale": found} if found else {}


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG, its numbers in the language in force (from the cache when this spec
    was drawn before in that language's number format)."""
    options = _locale_options()
    key = spec_digest(spec) + json.dumps(options, sort_keys=True)
    with _svgs_lock:
        if key in _svgs:
            _svgs.move_to_end(key)
            return _svgs[key]
    try:
        svg: str = vlc.vegalite_to_svg(spec, vl_version=VEGA_LITE, **options)
    except (ValueError, RuntimeError) as exc:  # vl-convert's errors for a bad spec
        raise AdmtrackError(f"chart cannot be rendered: {_first_line(exc)}") from None
    with _svgs_lock:
        _svgs[key] = svg
        while len(_svgs) > SVG_CACHE_SIZE:
            _svgs.popitem(last=False)
    return svg


def to_png(spec: dict[str, Any], *, scale: float = 2.0) -> bytes:
    try:
        png: bytes = vlc.vegalite_to_png(spec, vl_version=VEGA_LITE, scale=scale,
                                         **_locale_options())  # fmt: skip
    except (ValueError, RuntimeError) as exc:
        raise AdmtrackError(f"chart cannot be rendered: {_first_line(exc)}") from None
    return png


def _first_line(exc: Exception) -> str:
    lines = [line for line in str(exc).splitlines() if line.strip()]
    return " ".join(lines[:2]) if lines else type(exc).__name__
