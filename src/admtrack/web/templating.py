"""Jinja2 filters for numbers, statuses and links used by every page."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from admtrack.reports.charts import with_unit

STATUS_CLASS = {
    "on track": "ok",
    "needs acceleration": "warn",
    "regressed": "bad",
    "lacks data": "none",
}


def fmt(value: Any, digits: int = 1) -> str:
    """Numbers for tables: thousands separators, ``digits`` decimals, en dash for missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    magnitude = abs(float(value))
    if magnitude >= 1e6:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def digits_for(unit: str) -> int:
    """Decimals that tell the member states apart in ``unit``: three on a 0-1 index (the UN
    E-Government indices differ in the second or third decimal), else one."""
    return 3 if re.search(r"\b0\s*[-–]\s*1\b", unit or "") else 1


def fmt_in(value: Any, unit: str) -> str:
    """:func:`fmt` with the decimals of ``unit`` (:func:`digits_for`)."""
    return fmt(value, digits_for(unit))


def percent(share: float | None) -> str:
    """A share (0.05) as a percentage for display ("5.0%"); en dash for missing."""
    return "–" if share is None else f"{fmt(share * 100)}%"


def fmt_weight(value: float) -> str:
    """A weight as typed: ``1``, ``0.5``, ``2.25`` (no trailing zeros)."""
    return f"{float(value):g}"


def exact(value: float | int | None) -> str:
    """A number in full (shortest round-trip form) for a ``data-`` attribute; "" for missing."""
    return "" if value is None else repr(value)


def spec_json(spec: dict[str, Any]) -> Markup:
    """A chart spec for a ``<script type="application/json">`` block (``</`` escaped)."""
    return Markup(json.dumps(spec, separators=(",", ":")).replace("</", "<\\/"))


def configure(
    templates: Jinja2Templates, static_url: Callable[[str], str] | None = None
) -> Jinja2Templates:
    """Filters and globals; ``static_url(name)`` (default: ``/static/<name>``) is how every
    template links a static file, so that the server can give it a content-hashed name."""
    env = templates.env
    # Interface strings go through gettext: ``{{ _("Overview") }}`` and ``{% trans %}``. Until a
    # language is chosen per request the null translations answer in English.
    env.add_extension("jinja2.ext.i18n")
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    env.globals["static_url"] = static_url or (lambda name: f"/static/{name}")
    env.filters["fmt"] = fmt
    env.filters["fmt_in"] = fmt_in
    env.filters["percent"] = percent
    env.globals["with_unit"] = with_unit
    env.filters["spec_json"] = spec_json
    env.filters["fmt_weight"] = fmt_weight
    env.filters["exact"] = exact
    env.globals["status_class"] = STATUS_CLASS
    return templates
