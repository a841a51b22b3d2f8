"""The overview and a country page in Thai and in Vietnamese, in Chromium: translated navigation
and headings, numbers in the locale's format (tables, the index lead and the charts' axes), no
untranslated marker where a translation exists, no console error; screenshots of each."""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import SCREENSHOTS, PageWatch

from admtrack import i18n

pytestmark = pytest.mark.browser

#: Navigation labels that are names or codes, the same in every language.
SAME_EVERYWHERE = {"API", "ADM2030"}
MAIN_NAV = "header.site nav[aria-label] >> nth=0"
#: A one-decimal number in each locale: Thai groups with "," and a decimal point, Vietnamese
#: groups with "." and a decimal comma.
ONE_DECIMAL = {"th": r"\d{1,3}(,\d{3})*\.\d", "vi": r"\d{1,3}(\.\d{3})*,\d"}
PAGES = {"home": "/", "country-VNM": "/countries/VNM"}


@pytest.fixture
def localised(browser: Any, base_url: str) -> Any:
    contexts: list[Any] = []

    def open_in(code: str) -> PageWatch:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=code)
        contexts.append(context)
        return PageWatch(context.new_page(), base_url)

    yield open_in
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("code", ["th", "vi"])
def test_page_in_the_language(localised: Any, base_url: str, code: str, name: str) -> None:
    watch = localised(code)
    page = watch.page
    watch.open(f"{base_url}{PAGES[name]}?lang=en")
    english = page.locator(MAIN_NAV).locator("li a").all_inner_texts()
    watch.open(f"{base_url}{PAGES[name]}?lang={code}")
    page.wait_for_selector("svg.marks, .vl svg", timeout=30000)
    watch.screenshot(f"lang-{code}-{name}")
    page.screenshot(path=str(SCREENSHOTS / f"lang-{code}-{name}-top.png"))  # the first screen
    catalogue = i18n.translations(code)
    assert page.get_attribute("html", "lang") == code
    nav = page.locator(MAIN_NAV).locator("li a").all_inner_texts()
    assert len(nav) == len(english) >= 10 and nav == [catalogue.gettext(m) for m in english]
    translated = [t for t, m in zip(nav, english, strict=True) if m not in SAME_EVERYWHERE]
    assert all(t not in english for t in translated)
    assert page.locator(".untranslated").count() == 0  # the plan's texts exist in this language
    note = page.inner_text("#translation-note")
    assert catalogue.gettext(i18n.REVIEW_NOTE) in note
    number = re.compile(ONE_DECIMAL[code])
    if name == "home":
        cells = page.locator("#map-table tbody tr td:nth-of-type(1)").all_inner_texts()
        assert cells and all(number.fullmatch(c) or c == "–" for c in cells)
        assert page.inner_text("#outcomes-h") == catalogue.gettext(
            "Desired Outcomes: how many member states are on track"
        )
    else:
        lead = page.locator("#index-lead")
        score = float(lead.get_attribute("data-score") or "nan")
        assert lead.locator("strong").first.inner_text() == i18n.format_number(score, 1, code)
        assert page.inner_text("h1") == i18n.country_name("VNM", "Viet Nam", code)
        axis = page.locator("#rank-chart svg").text_content() or ""
        assert catalogue.gettext("Rank (1 = best)") in axis
    errors = page.evaluate("() => window.admtrackChartErrors || []")
    assert watch.errors == [] and errors == [] and watch.external == []


def test_the_switcher_keeps_the_page_and_the_language(localised: Any, base_url: str) -> None:
    watch = localised("en")
    page = watch.page
    watch.open(base_url + "/countries/VNM?compare=CHN")
    page.click('#language-switcher a[hreflang="th"]')
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/countries/VNM?compare=CHN&lang=th")
    assert page.get_attribute("html", "lang") == "th"
    link = page.locator('#outcome-table a[href^="/outcomes/DO1"]').first
    assert "lang=" not in (link.get_attribute("href") or "")
    link.click()  # a link without ?lang= ...
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("html", "lang") == "th"  # ... keeps Thai through the cookie
    watch.screenshot("lang-th-outcome-DO1")
    assert watch.errors == []
