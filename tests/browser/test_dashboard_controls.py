"""In Chromium: comparing two member states from the country page's control (with and without
JavaScript), /outcomes and its plan switch, the ADM2030 overview from the navigation, the
indicator page's revisions; the charts draw each state in its fixed colour, without errors."""

from __future__ import annotations

from typing import Any

import pytest
from browserkit import PageWatch

from admtrack.reports.charts import MEMBER_COLOURS

pytestmark = pytest.mark.browser


def _fills(page: Any, chart: str) -> set[str]:
    page.wait_for_selector(f"#{chart} svg g.mark-symbol path")
    fills = page.locator(f"#{chart} svg g.mark-symbol path").evaluate_all(
        "ps => ps.map(p => p.getAttribute('fill'))"
    )
    return {str(f).lower() for f in fills}


def test_compare_two_member_states_from_the_country_page(watch: PageWatch, base_url: str) -> None:
    watch.open(base_url + "/countries/VNM")
    page = watch.page
    assert page.is_visible("#compare") and page.is_visible("#compare-form button[type=submit]")
    page.select_option("#compare", "THA")  # the select submits its form on change
    page.wait_for_url("**/countries/VNM?compare=THA", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.admtrackChartsReady || null")
    assert page.locator("#outcome-table th.compared").first.inner_text().startswith("Thailand")
    assert page.locator("#indicator-table thead th", has_text="Thailand").count() == 1
    fills = _fills(page, "rank-chart")
    assert {MEMBER_COLOURS["VNM"], MEMBER_COLOURS["THA"]} <= fills
    assert "Thailand" in page.locator("#rank-chart svg").text_content()
    watch.screenshot("country-VNM-compare-THA")
    assert watch.errors == [] and page.evaluate("() => window.admtrackChartErrors || []") == []
    assert watch.external == []


def test_compare_works_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(base_url + "/countries/IDN")
    page.select_option("#compare", "SGP")
    page.click("#compare-form button[type=submit]")
    page.wait_for_url("**/countries/IDN?compare=SGP", timeout=30000)
    assert page.locator("#outcome-table th.compared").first.inner_text().startswith("Singapore")
    context.close()


def test_outcomes_page_and_its_plan_switch(watch: PageWatch, base_url: str) -> None:
    watch.open(base_url + "/")
    page = watch.page
    page.click('nav[aria-label="Main"] >> text=Outcomes')
    page.wait_for_url("**/outcomes", timeout=30000)
    assert page.locator("#outcome-list tbody tr").count() == 8
    watch.screenshot("outcomes")
    page.select_option("#plan", "adm2030")
    page.wait_for_url("**/outcomes?plan=adm2030", timeout=30000)
    rows = page.locator("#outcome-list tbody tr")
    assert rows.count() == 8 and "not measured yet" in page.locator("#row-FA8").inner_text()
    watch.screenshot("outcomes-adm2030")
    page.click("#row-FA1 a")
    page.wait_for_url("**/outcomes/FA1?plan=adm2030", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.admtrackChartsReady || null")
    assert "FA1" in page.locator("h1").inner_text()
    assert len(_fills(page, "rank-chart")) == 11  # eleven states, eleven colours
    assert watch.errors == [] and page.evaluate("() => window.admtrackChartErrors || []") == []


def test_adm2030_overview_from_the_navigation(watch: PageWatch, base_url: str) -> None:
    watch.open(base_url + "/")
    page = watch.page
    page.click('nav[aria-label="Main"] >> text=ADM2030')
    page.wait_for_url("**/plans/adm2030", timeout=30000)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.admtrackChartsReady || null")
    assert page.locator("#focus-areas article").count() == 8
    assert page.locator("#plan-index-table tbody tr").count() == 11
    assert set(MEMBER_COLOURS.values()) == _fills(page, "plan-rank-chart")
    watch.screenshot("adm2030-overview")
    assert watch.errors == [] and page.evaluate("() => window.admtrackChartErrors || []") == []
    assert watch.external == []


def test_indicator_revisions_and_line_colours(watch: PageWatch, base_url: str) -> None:
    watch.open(base_url + "/indicators/IT.NET.USER.ZS")
    page = watch.page
    assert page.locator("#revisions-table tbody tr").count() > 0
    strokes = page.locator("#line-chart svg g.mark-line path").evaluate_all(
        "ps => ps.map(p => p.getAttribute('stroke'))"
    )
    assert {str(s).lower() for s in strokes} == set(MEMBER_COLOURS.values())
    watch.screenshot("indicator-revisions")
    assert watch.errors == [] and page.evaluate("() => window.admtrackChartErrors || []") == []
