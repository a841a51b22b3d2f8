"""The catalogue workflow (``admtrack i18n extract|update|compile|status``) with Babel.

- extract: every ``_()``/``gettext``/``ngettext``/``N_``/``Message`` in the package's Python files and every
  ``_()``/``{% trans %}`` in its Jinja templates (the method map of ``babel.cfg`` at the root of
  the repository, which ``pybabel extract -F babel.cfg`` reads too) into ``locale/messages.pot``;
- update: merge the template into each language's ``messages.po`` (new messages untranslated,
  removed ones dropped) and restate the catalogue's completeness in its header;
- compile: each ``messages.po`` to ``messages.mo`` beside it, for tools that want the binary
  form (admtrack itself compiles the ``.po`` in memory when it first uses a language);
- status: translated / total per language.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from admtrack.i18n import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    REVIEW_NOTE,
    SOURCE_LANGUAGE,
    Completeness,
    po_path,
)

PACKAGE_DIR = LOCALE_DIR.parent
POT_PATH = LOCALE_DIR / f"{DOMAIN}.pot"
#: Fixed dates in the headers, so that re-running the workflow changes a file only when its
#: messages change.
FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
#: The method map, relative to the package directory (babel.cfg says the same from the root).
METHOD_MAP: list[tuple[str, str]] = [
    ("locale/**", "ignore"),
    ("**.py", "python"),
    ("web/templates/**.html", "jinja2"),
    ("reports/templates/**.html", "jinja2"),
    ("reports/templates/**.css", "jinja2"),
]
#: gettext's keywords and ``Message`` (admtrack.domain.text: a service message that keeps its
#: template), whose first argument is a message too.
KEYWORDS = {**DEFAULT_KEYWORDS, "Message": None}
JINJA_OPTIONS = {"trimmed": "true", "extensions": "jinja2.ext.i18n"}
OPTIONS_MAP: dict[str, dict[str, str]] = {
    "web/templates/**.html": JINJA_OPTIONS,
    "reports/templates/**.html": JINJA_OPTIONS,
    "reports/templates/**.css": JINJA_OPTIONS,
}
HEADER = """\
# {english} ({code}) translations of admtrack's interface.
# {note}
# Coverage: {coverage}.
# Completeness: {translated} of {total} messages translated ({percent:.1f}%).
# Review and correct these translations: docs/i18n.md says how."""


def extract() -> Catalog:
    """The template catalogue of every message in the package's code and templates."""
    template = Catalog(
        project="admtrack",
        version=version("admtrack"),
        domain=DOMAIN,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        charset="utf-8",
        fuzzy=False,
    )
    found = extract_from_dir(
        str(PACKAGE_DIR),
        method_map=METHOD_MAP,
        options_map=OPTIONS_MAP,
        keywords=KEYWORDS,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        template.add(
            message,
            None,
            [(filename, lineno)],
            auto_comments=comments,
            context=context,
        )
    return template


def message_ids(catalog: Iterable[object]) -> set[str]:
    """The msgids of a catalogue (the singular of a plural message), without the header."""
    out: set[str] = set()
    for m in catalog:
        mid = getattr(m, "id", "")
        if mid:
            out.add(mid if isinstance(mid, str) else mid[0])
    return out


def _write(catalog: Catalog, path: Path) -> bool:
    """Write ``catalog`` to ``path``; True when the file changed."""
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=100, sort_output=True, ignore_obsolete=True, include_lineno=False
    )
    data = buffer.getvalue()
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_template(template: Catalog) -> bool:
    return _write(template, POT_PATH)


def read_catalog(code: str) -> Catalog:
    with po_path(code).open("rb") as fh:
        return read_po(fh, locale=code, domain=DOMAIN)


def read_template() -> Catalog:
    with POT_PATH.open("rb") as fh:
        return read_po(fh)


def count(catalog: Catalog, code: str) -> Completeness:
    messages = [m for m in catalog if m.id]
    done = [
        m
        for m in messages
        if not m.fuzzy and (all(m.string) if isinstance(m.string, tuple | list) else bool(m.string))
    ]
    return Completeness(code, len(done), len(messages))


def _header(catalog: Catalog, code: str) -> str:
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    c = count(catalog, code)
    coverage = (
        "the whole interface"
        if lang.coverage == "interface"
        else "the main navigation and the member states' names (the names come from CLDR)"
    )
    return HEADER.format(
        english=lang.english_name,
        code=code,
        note=REVIEW_NOTE,
        coverage=coverage,
        translated=c.translated,
        total=c.total,
        percent=c.percent,
    )


def update(template: Catalog, codes: Iterable[str] | None = None) -> list[Path]:
    """Merge ``template`` into each language's catalogue (created when missing); the paths
    that changed."""
    changed = []
    for code in codes or [lang.code for lang in LANGUAGES if lang.code != SOURCE_LANGUAGE]:
        path = po_path(code)
        if path.exists():
            catalog = read_catalog(code)
        else:
            catalog = Catalog(locale=code, domain=DOMAIN, project="admtrack", fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        finish(catalog, code)
        if _write(catalog, path):
            changed.append(path)
    return changed


def finish(catalog: Catalog, code: str) -> None:
    """The header every shipped catalogue carries (translator, dates, completeness)."""
    catalog.project = "admtrack"
    catalog.version = version("admtrack")
    catalog.creation_date = FIXED_DATE
    catalog.revision_date = FIXED_DATE
    catalog.last_translator = "admtrack (machine-made, awaiting review by native speakers)"
    catalog.language_team = f"{code} <https://github.com/admtrack/admtrack/issues>"
    catalog.fuzzy = False
    catalog.header_comment = _header(catalog, code)


def compile_all() -> list[tuple[Path, list[str]]]:
    """Each catalogue to ``messages.mo``; per file the problems Babel found (empty: fine)."""
    out = []
    for lang in LANGUAGES:
        if lang.code == SOURCE_LANGUAGE or not po_path(lang.code).exists():
            continue
        catalog = read_catalog(lang.code)
        problems = [
            f"{po_path(lang.code).name}: {message.id!r}: {error}"
            for message, errors in catalog.check()
            for error in errors
        ]
        target = po_path(lang.code).with_suffix(".mo")
        with target.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        out.append((target, problems))
    return out


@dataclass(frozen=True, slots=True)
class StatusRow:
    code: str
    name: str
    coverage: str
    translated: int
    total: int
    percent: float
    note: str


def status() -> list[StatusRow]:
    """Per language: translated / total messages of its catalogue and what it covers."""
    rows = []
    for lang in LANGUAGES:
        if lang.code == SOURCE_LANGUAGE:
            total = len(message_ids(read_template()))
            rows.append(StatusRow("en", lang.english_name, "source", total, total, 100.0, ""))
            continue
        c = count(read_catalog(lang.code), lang.code)
        rows.append(
            StatusRow(
                lang.code,
                lang.english_name,
                lang.coverage,
                c.translated,
                c.total,
                round(c.percent, 1),
                REVIEW_NOTE,
            )
        )
    return rows
