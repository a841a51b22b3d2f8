"""Jinja2 filters for numbers, statuses and links used by every page."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup

STATUS_CLASS = {
    "on track": "ok",
    "at ceiling": "ok",
    "stable": "none",
    "needs acceleration": "warn",
    "regressed": "bad",
    "no verdict": "none",
    "not measured": "none",
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
    env.filters["spec_json"] = spec_json
    env.filters["fmt_weight"] = fmt_weight
    env.filters["exact"] = exact
    env.globals["status_class"] = STATUS_CLASS
    env.globals["status_names"] = tuple(STATUS_CLASS)  # the engine's statuses, in order
    return templates
