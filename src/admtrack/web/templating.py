"""Jinja2 filters for numbers, statuses and links used by every page."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.requests import Request

from admtrack import i18n
from admtrack.domain.framework import Indicator, Outcome, Plan
from admtrack.reports.charts import with_unit
from admtrack.services.scoring.reasons import applies_label, not_measured_label, reason_label
from admtrack.services.texts import message_label
from admtrack.web.languages import with_query

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
    """Numbers for tables in the language in force (Babel: "1,234.5" in English and Thai,
    "1.234,5" in Vietnamese and Indonesian): ``digits`` decimals (none from a million up),
    en dash for missing."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return i18n.format_number(value)
    magnitude = abs(float(value))
    return i18n.format_number(value, 0 if magnitude >= 1e6 else digits)


def fmt_percent(share: Any, digits: int = 0) -> str:
    """A share (0.25) as a percentage in the language in force; en dash for missing."""
    if share is None or (isinstance(share, float) and not math.isfinite(share)):
        return "–"
    return i18n.format_percent(float(share), digits)


def fmt_date(value: Any, form: str = "long") -> str:
    """A date (or ISO date text) in the language in force; en dash for missing."""
    if value is None or value == "":
        return "–"
    return i18n.format_date(value, form)


def language_links(request: Request) -> list[dict[str, Any]]:
    """The language switcher: one GET link per language to this page (path and query kept,
    but for ``next``, a redirect target that only the sign-in form reads, after checking it)."""
    path, query = request.url.path, with_query("", request.url.query, next=None).lstrip("?")
    chosen = i18n.current()
    return [
        {
            "code": lang.code,
            "name": lang.native_name,
            "english": lang.english_name,
            "href": with_query(path, query, lang=lang.code),
            "current": lang.code == chosen,
        }
        for lang in i18n.LANGUAGES
    ]


def with_lang(url: str) -> str:
    """``url`` with ``lang=`` of the language in force, for permalinks (English: unchanged)."""
    lang = i18n.current()
    if lang == i18n.SOURCE_LANGUAGE:
        return url
    path, _, query = url.partition("?")
    fragment = ""
    if "#" in query:
        query, _, fragment = query.partition("#")
    elif "#" in path:
        path, _, fragment = path.partition("#")
    return with_query(path, query, lang=lang) + (f"#{fragment}" if fragment else "")


def untranslated(message: str) -> Markup:
    """Plan text (``message``) that has no translation in the language in force, marked so:
    ``<span lang="en" class="untranslated">`` (the style sheet adds "[EN]")."""
    return Markup('<span lang="en" class="untranslated" title="{}">{}</span>').format(
        i18n.gettext("Not yet translated"), message
    )


def _plan_text(english: str, translated: str, marked: bool) -> str | Markup:
    if i18n.current() == i18n.SOURCE_LANGUAGE or not english:
        return english
    if translated:
        return translated
    return untranslated(english) if marked else english


def _context_plan(context: Context, kind: str, key: str, english: str) -> Plan | None:
    """The plan that ``key`` (an outcome id or an indicator code, named ``english``) belongs to:
    the page's ``plan`` when it has it, else another plan of the ``catalog`` (a country page shows
    ADM2030's focus areas beside ADM2025's outcomes)."""
    candidates: list[Any] = [context.get("plan"), getattr(context.get("inputs"), "plan", None)]
    catalog = context.get("catalog")
    candidates += list(getattr(catalog, "plans", {}).values())
    for plan in candidates:
        if not isinstance(plan, Plan):
            continue
        if kind == "outcome":
            names = {o.id: o.name for o in plan.outcomes}
        else:
            names = {i.code: i.name for i in plan.indicators}
        if names.get(key) == english:
            return plan
    return None


def plan_name(plan: Plan, marked: bool = True) -> str | Markup:
    """The plan's name in the language in force (plan files carry the translations); English,
    marked as not translated, where the plan has none."""
    t = plan.translation(i18n.current())
    return _plan_text(plan.name, t.name if t else "", marked)


@pass_context
def outcome_name(context: Context, outcome: Outcome, marked: bool = True) -> str | Markup:
    plan = _context_plan(context, "outcome", outcome.id, outcome.name)
    t = plan.translation(i18n.current()) if plan else None
    return _plan_text(outcome.name, t.outcome_name(outcome.id) if t else "", marked)


@pass_context
def outcome_summary(context: Context, outcome: Outcome, marked: bool = True) -> str | Markup:
    plan = _context_plan(context, "outcome", outcome.id, outcome.name)
    t = plan.translation(i18n.current()) if plan else None
    return _plan_text(outcome.summary, t.outcome_summary(outcome.id) if t else "", marked)


@pass_context
def indicator_name(context: Context, ind: Indicator, marked: bool = True) -> str | Markup:
    plan = _context_plan(context, "indicator", ind.code, ind.name)
    t = plan.translation(i18n.current()) if plan else None
    return _plan_text(ind.name, t.indicator_name(ind.code) if t else "", marked)


def plan_translation_note(plan: Plan | None) -> str:
    """Who translated the plan's texts shown on the page: admtrack (unless the plan file names
    a source), or "" in English or when the plan carries no translation."""
    lang = i18n.current()
    if plan is None or lang == i18n.SOURCE_LANGUAGE:
        return ""
    t = plan.translation(lang)
    if t is None:
        return i18n.gettext(
            "This plan's texts are not translated into this language yet: they are shown in English, marked [EN]."
        )
    if t.source:
        return i18n.gettext("Outcome and indicator names: translation from %(source)s.") % {
            "source": t.source
        }
    return i18n.gettext(
        "Outcome and indicator names: admtrack's translation, not an official text of the plan."
    )


def digits_for(unit: str) -> int:
    """Decimals that tell the member states apart in ``unit``: three on a 0-1 index (the UN
    E-Government indices differ in the second or third decimal), else one."""
    return 3 if re.search(r"\b0\s*[-–]\s*1\b", unit or "") else 1


def fmt_in(value: Any, unit: str) -> str:
    """:func:`fmt` with the decimals of ``unit`` (:func:`digits_for`)."""
    return fmt(value, digits_for(unit))


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
    # Interface strings go through gettext: ``{{ _("Overview") }}`` and ``{% trans %}``. The
    # callables are installed once and read the language of the current request (a context
    # variable set by web.languages), so the shared environment serves every language at once.
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext,
        npgettext=i18n.npgettext,
    )  # fmt: skip
    env.globals["current_language"] = i18n.current
    env.globals["language_links"] = language_links
    env.globals["with_lang"] = with_lang
    env.globals["country_name"] = i18n.country_name
    env.globals["number_symbol"] = i18n.number_symbol
    env.globals["untranslated"] = untranslated
    env.globals["plan_name"] = plan_name
    env.globals["outcome_name"] = outcome_name
    env.globals["outcome_summary"] = outcome_summary
    env.globals["indicator_name"] = indicator_name
    env.globals["plan_translation_note"] = plan_translation_note
    env.globals["review_note"] = i18n.REVIEW_NOTE
    env.globals["reason_label"] = reason_label
    env.globals["not_measured_label"] = not_measured_label
    env.globals["applies_label"] = applies_label
    env.globals["message_label"] = message_label
    env.filters["fmt_percent"] = fmt_percent
    env.filters["fmt_date"] = fmt_date
    env.globals["static_url"] = static_url or (lambda name: f"/static/{name}")
    env.filters["fmt"] = fmt
    env.filters["fmt_in"] = fmt_in
    env.globals["with_unit"] = with_unit
    env.filters["spec_json"] = spec_json
    env.filters["fmt_weight"] = fmt_weight
    env.filters["exact"] = exact
    env.globals["status_class"] = STATUS_CLASS
    env.globals["status_names"] = tuple(STATUS_CLASS)  # the engine's statuses, in order
    return templates
