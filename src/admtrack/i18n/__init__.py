"""Languages of the interface: gettext catalogues, the language of the current request and
numbers, dates and percentages formatted per locale with Babel.

The catalogues are ``admtrack/locale/<lang>/LC_MESSAGES/messages.po``, read and compiled in
memory the first time a language is used (no build step: a fresh ``pip install -e .`` works). The
language in force is a context variable: a web request, a report or a CLI command sets it with
:func:`using`, and :func:`gettext`, the Jinja ``_()`` and the formatting functions read it, so
that concurrent requests in different languages never see each other's translations.

English is the source language. Bahasa Indonesia, Vietnamese and Thai cover the whole interface;
Khmer and Myanmar the main navigation and the member states' names (from CLDR). Every catalogue
is machine-made by admtrack and awaits review by native speakers (:data:`REVIEW_NOTE`).

This module imports no other admtrack layer: the web, the CLI, the services and the reports all
use it.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel import Locale, negotiate_locale
from babel.dates import format_date as _babel_format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal as _babel_format_decimal
from babel.numbers import format_percent as _babel_format_percent
from babel.numbers import get_decimal_symbol, get_group_symbol
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a string for extraction without translating it (translate where it is shown)."""
    return message


#: What every shipped catalogue says about itself (catalogue header, pages, ``i18n status``).
REVIEW_NOTE = N_("Machine-made translation by admtrack, awaiting review by native speakers.")


@dataclass(frozen=True, slots=True)
class Language:
    """A language the interface offers: its code, its name in itself (CLDR) and in English,
    and what its catalogue covers ("interface" or "navigation": the main navigation and the
    member states' names)."""

    code: str
    coverage: str

    @property
    def native_name(self) -> str:
        return _native_name(self.code)

    @property
    def english_name(self) -> str:
        name: str = Locale.parse("en").languages[self.code]
        return name


#: The languages shipped, in the order of the switcher.
LANGUAGES: tuple[Language, ...] = (
    Language("en", "interface"),
    Language("id", "interface"),
    Language("vi", "interface"),
    Language("th", "interface"),
    Language("km", "navigation"),
    Language("my", "navigation"),
)
CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)

_current: ContextVar[str] = ContextVar("admtrack_language", default=SOURCE_LANGUAGE)


@cache
def _native_name(code: str) -> str:
    if code == "id":  # CLDR says "Indonesia"; the language is called Bahasa Indonesia
        return "Bahasa Indonesia"
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:] if code in ("en", "id", "vi") else name


def language(code: str) -> Language:
    for lang in LANGUAGES:
        if lang.code == code:
            return lang
    raise KeyError(code)


def supported(code: str | None) -> str | None:
    """``code`` if admtrack offers it (case-insensitive, region ignored: ``th-TH`` is ``th``)."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in CODES else None


def parse_accept_language(header: str) -> list[str]:
    """The languages of an ``Accept-Language`` header, most wanted first (``q=0`` dropped)."""
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            wanted.append((-q, position, tag))
    return [tag for _, _, tag in sorted(wanted)]


def negotiate(accept_language: str | None) -> str | None:
    """The best of :data:`CODES` for an ``Accept-Language`` header (Babel's
    ``negotiate_locale``), or None when it names none of them."""
    if not accept_language:
        return None
    found = negotiate_locale(parse_accept_language(accept_language), list(CODES), sep="-")
    return supported(found)


def choose(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The language of a request: ``?lang=``, then the language cookie, then the browser's
    ``Accept-Language``, then English."""
    return supported(query) or supported(cookie) or negotiate(accept_language) or SOURCE_LANGUAGE


# --- catalogues -------------------------------------------------------------------------------


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(code: str) -> NullTranslations:
    """The compiled catalogue of ``code`` (English and unknown codes: the null translations)."""
    path = po_path(code)
    if code == SOURCE_LANGUAGE or not path.exists():
        return NullTranslations()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class Completeness:
    """How much of a catalogue is translated (fuzzy entries do not count)."""

    code: str
    translated: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


@cache
def completeness(code: str) -> Completeness:
    """Translated and total messages of ``code``'s catalogue (English: complete by definition)."""
    path = po_path(code)
    if code == SOURCE_LANGUAGE or not path.exists():
        total = len(_template_ids())
        return Completeness(code, total if code == SOURCE_LANGUAGE else 0, total)
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=code, domain=DOMAIN)
    messages = [m for m in catalog if m.id]
    done = [m for m in messages if not m.fuzzy and _has_string(m.string)]
    return Completeness(code, len(done), len(messages))


def _has_string(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(bool(s) for s in string)
    return bool(string)


@cache
def _template_ids() -> frozenset[str]:
    pot = LOCALE_DIR / f"{DOMAIN}.pot"
    if not pot.exists():
        return frozenset()
    with pot.open("rb") as fh:
        return frozenset(
            str(m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(fh) if m.id
        )


def current() -> str:
    """The language in force (English unless :func:`using` chose another)."""
    return _current.get()


@contextmanager
def using(code: str | None) -> Iterator[str]:
    """Run a block in ``code`` (unsupported or None: English); yields the language used."""
    chosen = supported(code) or SOURCE_LANGUAGE
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """``message`` in the language in force."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(current()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return translations(current()).npgettext(context, singular, plural, n)


def is_translated(message: str, code: str | None = None) -> bool:
    """Whether the catalogue of ``code`` (default: the language in force) translates
    ``message`` (always true in English)."""
    lang = code or current()
    if lang == SOURCE_LANGUAGE:
        return True
    cat = translations(lang)
    return isinstance(cat, Translations) and message in cat._catalog


_ = gettext


# --- formatting -------------------------------------------------------------------------------


def format_number(value: float | int | Decimal, digits: int = 1, code: str | None = None) -> str:
    """``value`` with the locale's grouping and decimal signs and ``digits`` decimals (rounded
    as Python's ``format`` rounds, so that every language shows the same digits)."""
    locale = code or current()
    if isinstance(value, int) and not isinstance(value, bool):
        return _babel_format_decimal(value, format="#,##0", locale=locale)
    fixed = Decimal(f"{float(value):.{digits}f}")
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return _babel_format_decimal(fixed, format=pattern, locale=locale, decimal_quantization=False)


def number_symbol(name: str, code: str | None = None) -> str:
    """The locale's ``decimal`` or ``group`` sign (Babel), for number formats in the browser."""
    locale = code or current()
    symbol: str = get_decimal_symbol(locale) if name == "decimal" else get_group_symbol(locale)
    return symbol


def format_percent(share: float, digits: int = 0, code: str | None = None) -> str:
    """A share (0.25) as a percentage in the locale's form ("25%", "25 %")."""
    locale = code or current()
    fixed = Decimal(f"{float(share) * 100:.{digits}f}") / 100
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return _babel_format_percent(fixed, format=pattern, locale=locale, decimal_quantization=False)


def format_date(value: date | datetime | str, form: str = "long", code: str | None = None) -> str:
    """A date in the locale's ``form`` ("short", "medium", "long"); an ISO text is parsed
    first and any other text returned as it is. English dates are British ("26 October 2025"),
    as the ASEAN Secretariat writes them."""
    locale = code or current()
    locale = "en_GB" if locale == SOURCE_LANGUAGE else locale
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value
    text: str = _babel_format_date(day, format=form, locale=locale)
    return text


#: ISO 3166-1 alpha-3 -> CLDR territory (ISO alpha-2, or the UN M49 region): codes only, the
#: names come from CLDR through Babel.
TERRITORIES: dict[str, str] = {
    "BRN": "BN", "KHM": "KH", "IDN": "ID", "LAO": "LA", "MYS": "MY", "MMR": "MM", "PHL": "PH",
    "SGP": "SG", "THA": "TH", "VNM": "VN", "TLS": "TL", "CHN": "CN", "IND": "IN", "JPN": "JP",
    "KOR": "KR", "AUS": "AU", "USA": "US", "WLD": "001", "SEA": "035", "EUU": "EU",
}  # fmt: skip


def country_name(iso3: str, english: str, code: str | None = None) -> str:
    """A country's name in the language in force: admtrack's English name (ASEAN usage: "Viet
    Nam", "Lao PDR") in English, else CLDR's name, else the English name."""
    lang = code or current()
    territory = TERRITORIES.get(iso3)
    if lang == SOURCE_LANGUAGE or territory is None:
        return english
    name: str | None = Locale.parse(lang).territories.get(territory)
    return name or english


def language_name(locale_id: str, code: str | None = None) -> str:
    """The name of the language of ``locale_id`` ("km", "pt") in the language in force (CLDR),
    or "" when CLDR has none."""
    lang = code or current()
    try:
        base = Locale.parse(locale_id.replace("-", "_")).language
        name: str | None = Locale.parse(lang).languages.get(base)
    except (ValueError, TypeError):
        return ""
    return name or ""


def languages_menu(current_code: str | None = None) -> Sequence[tuple[Language, bool]]:
    """Every language with whether it is the one in force."""
    chosen = current_code or current()
    return tuple((lang, lang.code == chosen) for lang in LANGUAGES)
