"""Choosing a language and formatting per locale (hand-checked examples)."""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale

from admtrack import i18n


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("th-TH,th;q=0.9,en;q=0.8", "th"),
        ("fr, vi;q=0.5, en;q=0.4", "vi"),
        ("en;q=0.2, id;q=0.9", "id"),
        ("de, fr", None),
        ("", None),
        ("km;q=0, my", "my"),
        ("*", None),
    ],
)
def test_accept_language(header: str, expected: str | None) -> None:
    assert i18n.negotiate(header) == expected


def test_query_then_cookie_then_header() -> None:
    assert i18n.choose("th", "vi", "id") == "th"
    assert i18n.choose(None, "vi", "id") == "vi"
    assert i18n.choose("zz", "qq", "id-ID") == "id"
    assert i18n.choose(None, None, None) == "en"
    assert i18n.choose("TH-th", None, None) == "th"


@pytest.mark.parametrize(
    ("code", "number", "digits", "expected"),
    [
        ("en", 12345.678, 1, "12,345.7"),
        ("th", 12345.678, 1, "12,345.7"),
        ("vi", 12345.678, 1, "12.345,7"),
        ("id", 12345.678, 2, "12.345,68"),
        ("vi", -1234567.0, 0, "-1.234.567"),
        ("en", 2.675, 2, "2.67"),  # rounded as Python rounds the binary value, in every language
        ("vi", 2.675, 2, "2,67"),
        ("en", 7, 1, "7"),  # an integer has no decimals
    ],
)
def test_numbers(code: str, number: float, digits: int, expected: str) -> None:
    assert i18n.format_number(number, digits, code) == expected


def test_percentages_and_dates() -> None:
    assert i18n.format_percent(0.253, 1, "en") == "25.3%"
    assert i18n.format_percent(0.253, 1, "vi") == "25,3%"
    assert i18n.format_date("2025-10-26", code="en") == "26 October 2025"
    assert i18n.format_date(date(2025, 10, 26), code="id") == "26 Oktober 2025"
    assert i18n.format_date(date(2025, 10, 26), code="th") == "26 ตุลาคม ค.ศ. 2025"
    assert i18n.format_date("not a date", code="th") == "not a date"


def test_the_language_in_force_is_scoped() -> None:
    assert i18n.current() == "en"
    with i18n.using("vi") as chosen:
        assert chosen == "vi" and i18n.gettext("Overview") == "Tổng quan"
        with i18n.using("nonsense") as inner:
            assert inner == "en" and i18n.gettext("Overview") == "Overview"
        assert i18n.format_number(1.5) == "1,5"
    assert i18n.current() == "en" and i18n.format_number(1.5) == "1.5"


def test_country_names_are_cldrs_not_typed() -> None:
    assert i18n.country_name("VNM", "Viet Nam", "en") == "Viet Nam"  # admtrack's English
    for code in ("id", "vi", "th", "km", "my"):
        locale = Locale.parse(code)
        for iso3, alpha2 in i18n.TERRITORIES.items():
            assert i18n.country_name(iso3, "English", code) == locale.territories[alpha2]
    assert i18n.country_name("EAS", "East Asia & Pacific", "th") == "East Asia & Pacific"


def test_languages_name_themselves() -> None:
    names = {lang.code: lang.native_name for lang in i18n.LANGUAGES}
    assert names["id"] == "Bahasa Indonesia"
    assert names["th"] == Locale.parse("th").get_display_name("th")
    assert names["km"] == Locale.parse("km").get_display_name("km")
