"""Member states' names in English and in their own language and script, from the Unicode CLDR
through Babel's locale data (nothing typed in here but which language stands for which state).

Which language names a state (``NATIVE_LOCALES``): the national language the state's constitution
names, or the first of them. Singapore has four official languages (English, Malay, Mandarin
Chinese, Tamil); Malay is its national language under Article 153A of its constitution, so the
reports use the Malay name. Timor-Leste's official languages are Tetum and Portuguese; CLDR has no
Tetum locale, so the Portuguese name is used. Brunei's and Malaysia's national language is Malay.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale

#: ISO3 -> (ISO 3166-1 alpha-2, CLDR locale of the state's national language).
NATIVE_LOCALES: dict[str, tuple[str, str]] = {
    "BRN": ("BN", "ms"),
    "KHM": ("KH", "km"),
    "IDN": ("ID", "id"),
    "LAO": ("LA", "lo"),
    "MYS": ("MY", "ms"),
    "MMR": ("MM", "my"),
    "PHL": ("PH", "fil"),
    "SGP": ("SG", "ms"),
    "THA": ("TH", "th"),
    "VNM": ("VN", "vi"),
    "TLS": ("TL", "pt"),
}


@dataclass(frozen=True, slots=True)
class StateName:
    """A state's English name (as admtrack stores it), its own-language name and that language."""

    iso3: str
    english: str
    native: str
    locale: str
    language: str  # the language's name in English, e.g. "Khmer"


@cache
def native_name(iso3: str) -> tuple[str, str, str] | None:
    """(name in the state's own language, CLDR locale, language name in English), or None for a
    code that is not a member state."""
    entry = NATIVE_LOCALES.get(iso3)
    if entry is None:
        return None
    territory, locale_id = entry
    locale = Locale.parse(locale_id)
    language = Locale.parse("en").languages[locale.language]
    return locale.territories[territory], locale_id, language


def state_name(iso3: str, english: str) -> StateName:
    """``english`` with the native name beside it (the English name again where there is none)."""
    found = native_name(iso3)
    if found is None:
        return StateName(iso3, english, english, "en", "English")
    native, locale_id, language = found
    return StateName(iso3, english, native, locale_id, language)
