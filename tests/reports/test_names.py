"""Member states' own-language names come from CLDR through Babel."""

from __future__ import annotations

from babel import Locale

from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.reports.names import NATIVE_LOCALES, native_name, state_name


def test_every_member_state_has_a_native_name() -> None:
    assert set(NATIVE_LOCALES) == set(ASEAN_MEMBERS)
    for iso3 in ASEAN_MEMBERS:
        found = native_name(iso3)
        assert found is not None and found[0]


def test_names_in_the_region_s_scripts() -> None:
    assert native_name("KHM") == ("កម្ពុជា", "km", "Khmer")
    assert native_name("LAO") == ("ລາວ", "lo", "Lao")
    assert native_name("MMR") == ("မြန်မာ", "my", "Burmese")
    assert native_name("THA") == ("ไทย", "th", "Thai")
    assert native_name("VNM") == ("Việt Nam", "vi", "Vietnamese")
    assert native_name("SGP") == ("Singapura", "ms", "Malay")


def test_the_name_is_cldr_s_not_a_copy() -> None:
    for iso3, (territory, locale) in NATIVE_LOCALES.items():
        assert state_name(iso3, iso3).native == Locale.parse(locale).territories[territory]


def test_a_non_member_keeps_its_english_name() -> None:
    name = state_name("EAS", "East Asia & Pacific")
    assert (name.native, name.locale) == ("East Asia & Pacific", "en")
