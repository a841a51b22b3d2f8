"""The dashboard in Chromium: the map, the indicator explorer's tabs and URL state, the weights
panel, no console errors and no request leaving the server; a screenshot of every page."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from browserkit import PageWatch

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "home-indicator": "/?show=IT.NET.USER.ZS",
    "country-VNM": "/countries/VNM",
    "outcome-DO5": "/outcomes/DO5",
    "indicator-line": "/indicators/IT.NET.USER.ZS",
    "indicator-map": "/indicators/IT.NET.USER.ZS?tab=map",
    "indicator-table": "/indicators/IT.NET.USER.ZS?tab=table",
    "index": "/index",
    "data": "/data",
    "methodology": "/methodology",
    "api-docs": "/docs",
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_has_no_errors_and_stays_local(watch: Any, base_url: str, name: str) -> None:
    watch.open(base_url + PAGES[name])
    if name == "api-docs":
        watch.page.wait_for_selector(".swagger-ui .opblock", timeout=15000)
    errors = watch.page.evaluate("() => window.admtrackChartErrors || []")
    watch.screenshot(name)
    assert watch.errors == [] and errors == []
    assert watch.external == []


@pytest.mark.parametrize("width", [375])
def test_pages_fit_a_phone(browser: Any, base_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    watch = PageWatch(page, base_url)
    for name in ("home", "country-VNM", "index", "indicator-table"):
        watch.open(base_url + PAGES[name])
        watch.screenshot(f"{name}-phone")
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} is {overflow}px wider than the phone"
    context.close()


def test_home_map_has_eleven_clickable_member_states(watch: Any, base_url: str) -> None:
    watch.open(base_url + "/")
    page = watch.page
    page.wait_for_selector("#map svg")
    shapes = page.locator("#map g.layer_0_marks path")
    dots = page.locator("#map g.member_dots_marks path")
    assert shapes.count() == 11 and dots.count() == 11
    labels = sorted(dots.evaluate_all("ds => ds.map(d => d.getAttribute('aria-label'))"))
    assert "Singapore" in labels and "Brunei Darussalam" in labels
    page.locator('#map g.member_dots_marks path[aria-label="Singapore"]').click(force=True)
    page.wait_for_url("**/countries/SGP", timeout=10000)
    assert "Singapore" in page.title()
    page.go_back()
    page.wait_for_selector("#map g.member_dots_marks path")
    page.locator('#map g.member_dots_marks path[aria-label="Brunei Darussalam"]').click(force=True)
    page.wait_for_url("**/countries/BRN", timeout=10000)


def test_indicator_tabs_keep_state_in_the_url(watch: Any, base_url: str) -> None:
    watch.open(base_url + "/indicators/IT.NET.USER.ZS?country=VNM&country=THA&from=2010")
    page = watch.page
    page.click("#tab-map")
    assert "tab=map" in page.url and "country=VNM" in page.url
    assert page.is_visible("#panel-map") and not page.is_visible("#panel-line")
    page.focus("#tab-map")
    page.keyboard.press("ArrowRight")
    assert "tab=table" in page.url and page.is_visible("#latest-table")
    permalink = page.url
    watch.open(permalink)
    assert page.is_visible("#latest-table") and not page.is_visible("#panel-map")
    rows = page.locator("#latest-table tbody tr")
    assert rows.count() == 2


def test_weights_panel_changes_the_ranking_like_the_api(watch: Any, base_url: str) -> None:
    watch.open(base_url + "/index")
    page = watch.page

    def table_order() -> list[str]:
        return page.eval_on_selector_all(
            "#what-if-table tbody tr", "rows => rows.map(r => r.dataset.iso3)"
        )

    nominal = table_order()
    page.fill("#w_DO2", "2")
    page.dispatch_event("#w_DO2", "input")
    assert "w_DO2=2" in page.url
    api = httpx.get(base_url + "/api/v1/index?weights=DO2:2").json()["what_if"]["ranking"]
    assert table_order() == [r["iso3"] for r in api]
    page.fill("#w_DO2", "10")
    page.dispatch_event("#w_DO2", "input")
    heavy = table_order()
    assert heavy != nominal
    assert "ranking changes" in page.inner_text("#what-if-summary")
    watch.screenshot("index-what-if-DO2x10")
