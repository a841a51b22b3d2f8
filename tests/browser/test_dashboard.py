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
    "home-pinned": "/?release=bundled-2026-11-29",
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


def _settle(page: Any) -> None:
    """Wait until the panel has the server's answer to the last change."""
    page.wait_for_selector('#weights-form[data-state="ready"]', timeout=10000)


def _panel(page: Any) -> list[tuple[str, float | None, int | None]]:
    rows = page.eval_on_selector_all(
        "#what-if-table tbody tr",
        "rows => rows.map(r => [r.dataset.iso3, r.dataset.score,"
        " r.querySelector('.rank').textContent])",
    )
    return [(u, float(s) if s else None, int(r) if r.isdigit() else None) for u, s, r in rows]


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
    _settle(page)
    assert "w_DO2=2" in page.url
    api = httpx.get(base_url + "/api/v1/index?weights=DO2:2").json()["what_if"]["ranking"]
    assert table_order() == [r["iso3"] for r in api]
    page.fill("#w_DO2", "10")
    page.dispatch_event("#w_DO2", "input")
    _settle(page)
    heavy = table_order()
    assert heavy != nominal
    assert "ranking changes" in page.inner_text("#what-if-summary")
    watch.screenshot("index-what-if-DO2x10")


def test_a_geometric_what_if_in_the_browser_is_the_servers(watch: Any, base_url: str) -> None:
    """DO2 x2 with the geometric mean: the panel shows the server's scores and ranks exactly;
    clearing the field returns to the nominal weight (the API's nominal index)."""
    watch.open(base_url + "/index")
    page = watch.page
    page.fill("#w_DO2", "2")
    page.select_option("#agg", "gmean")
    page.dispatch_event("#agg", "change")
    _settle(page)
    server = httpx.get(base_url + "/api/v1/index/what-if?weights=DO2:2&aggregation=gmean").json()
    expected = [(r["iso3"], r["score"], r["rank"]) for r in server["ranking"]]
    shown = _panel(page)
    assert [(u, r) for u, _, r in shown] == [(u, r) for u, _, r in expected]
    assert (
        max(
            abs((s or 0.0) - (e or 0.0))
            for (_, s, _), (_, e, _) in zip(shown, expected, strict=True)
        )
        <= 1e-9
    )
    assert "agg=gmean" in page.url and "w_DO2=2" in page.url
    page.fill("#w_DO2", "")
    page.select_option("#agg", "amean")
    page.dispatch_event("#agg", "change")
    _settle(page)
    nominal = httpx.get(base_url + "/api/v1/index").json()["ranking"]
    shown = _panel(page)
    assert [(u, r) for u, _, r in shown] == [(r["iso3"], r["rank"]) for r in nominal]
    assert (
        max(
            abs((s or 0.0) - (r["score"] or 0.0))
            for (_, s, _), r in zip(shown, nominal, strict=True)
        )
        <= 1e-9
    )
    assert "w_DO2" not in page.url
    assert watch.errors == []


def test_the_release_picker_works_without_javascript(browser: Any, base_url: str) -> None:
    """A plain GET form: choosing a release pins it in the address, and the page's permalink
    and citation name it."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    watch = PageWatch(page, base_url)
    watch.open(base_url + "/")
    chosen = page.locator("#release-picker select option").first.get_attribute("value")
    assert chosen
    page.select_option("#release-picker select", chosen)
    page.click("#release-picker button[type=submit]")
    page.wait_for_url(f"**/?release={chosen}")
    assert (
        page.locator(f"#release-picker option[value='{chosen}']").get_attribute("selected")
        is not None
    )
    assert page.get_attribute("#permalink", "href") == f"/?release={chosen}"
    assert f"data release {chosen}" in page.inner_text("#cite-as")
    watch.screenshot("home-release-picker")
    assert watch.errors == [] and watch.external == []
    context.close()
