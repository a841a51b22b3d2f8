"""The tracker end to end in Chromium, through the signed-in desk: the secretariat imports a
fictional register, a focal point reports an action as completed with an uploaded document, the
secretariat approves it from the review queue, and only then do the action page, the country
matrix and the outcome summary show it; the evidence downloads with the same SHA-256.
Screenshots: test-artifacts/screenshots/tracker-*.png. The DO3 cyber page shows both GCI editions for every member state, and the law gaps,
with the numbers of the API."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from browserkit import PageWatch, free_port, serving

from admtrack.config import Settings
from admtrack.web.app import create_app
from admtrack.web.templating import fmt
from desk_support import PASSWORD, prepared_sqlite

pytestmark = pytest.mark.browser

DATA = Path(__file__).resolve().parents[1] / "data"
REGISTER = DATA / "actions" / "fictional-register.yaml"
EVIDENCE = DATA / "actions" / "fictional-evidence.txt"
MEMBERS = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")


@dataclass
class Site:
    url: str
    engine: sa.Engine


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp = tmp_path_factory.mktemp("admtrack-tracker")
    engine = prepared_sqlite(tmp)  # the bundled data and the desk's users (sec1, fp_vnm, ...)
    settings = Settings(database_url=f"sqlite:///{tmp / 'desk.sqlite3'}", data_dir=tmp)
    app = create_app(settings, samples=200)
    app.state.ctx.refresh_seconds = 0.0  # see each write at once
    with serving(app, free_port("ADMTRACK_TEST_TRACKER_PORT")) as url:
        yield Site(url, engine)
    engine.dispose()


class Browsing:
    """Watched pages in contexts of their own (one per person), all checked on closing."""

    def __init__(self, browser: Any, site: Site) -> None:
        self.browser, self.site, self.open_pages = browser, site, []

    def page(self) -> PageWatch:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900},
                                           accept_downloads=True)  # fmt: skip
        watched = PageWatch(context.new_page(), self.site.url)
        self.open_pages.append(watched)
        return watched

    def signed_in(self, user: str) -> PageWatch:
        watched = self.page()
        watched.open(self.site.url + "/signin")
        watched.page.fill("input[name=username]", user)
        watched.page.fill("input[name=password]", PASSWORD)
        watched.page.click("button[type=submit]")
        watched.page.wait_for_url(self.site.url + "/submissions")
        return watched


@pytest.fixture
def people(browser: Any, site: Site) -> Iterator[Browsing]:
    browsing = Browsing(browser, site)
    yield browsing
    for watched in browsing.open_pages:
        assert watched.errors == [] and watched.external == []
        watched.page.context.close()


@pytest.fixture
def page(people: Browsing) -> PageWatch:
    return people.page()


def status_cell(page: PageWatch, table: str, key: str, value: str) -> str:
    text: str = page.page.locator(
        f"#{table} tr[{key}='{value}'] td[data-status]"
    ).first.get_attribute("data-status")
    return text


def test_a_reported_action_appears_only_after_approval(people: Browsing, site: Site) -> None:
    """Every step through the pages, as the people do it: no service is called here."""
    secretariat = people.signed_in("sec1")
    secretariat.open(site.url + "/submissions/actions")
    secretariat.page.set_input_files("#register-import-form input[name=register]", str(REGISTER))
    secretariat.page.click("#import-register")
    secretariat.page.wait_for_load_state("networkidle")
    assert "3 enabling actions imported" in secretariat.page.locator("#desk-message").inner_text()
    secretariat.screenshot("tracker-1-register-imported")
    public = people.page()
    public.open(site.url + "/actions")
    assert public.page.locator("#register-table tbody tr").count() == 3

    focal = people.signed_in("fp_vnm")
    focal.open(site.url + "/submissions/actions")
    form = focal.page.locator("#action-report-form")
    form.locator("select[name=action]").select_option("FA1")
    form.locator("select[name=status]").select_option("completed")
    form.locator("input[name=as_of]").fill("2024-05-01")
    form.locator("input[name=document]").set_input_files(str(EVIDENCE))
    form.locator("textarea[name=note]").fill("Fictional completion note")
    focal.page.click("#file-action-report")
    focal.page.wait_for_load_state("networkidle")
    mine = focal.page.locator("#action-reports tr[data-review='pending']")
    assert mine.count() == 1
    report_id = mine.get_attribute("data-report")
    focal.screenshot("tracker-2-focal-point-reported")

    public.open(site.url + "/actions/FA1")
    assert status_cell(public, "state-status", "data-country", "VNM") == "not_reported"
    public.screenshot("tracker-3-pending-not-public")

    secretariat.open(site.url + "/submissions")
    queued = secretariat.page.locator(f"#action-queue tr[data-report='{report_id}']")
    assert "FA1" in queued.inner_text() and "VNM" in queued.inner_text()
    secretariat.screenshot("tracker-4-review-queue")
    queued.locator("a").click()
    secretariat.page.wait_for_load_state("networkidle")
    row = secretariat.page.locator(f"#report-{report_id}")
    pending_sha = row.locator("code.sha256").inner_text()
    row.locator("button.approve").click()
    secretariat.page.wait_for_load_state("networkidle")
    assert secretariat.page.locator(f"#report-{report_id}").get_attribute("data-review") == (
        "approved"
    )

    public.open(site.url + "/actions/FA1")
    assert status_cell(public, "state-status", "data-country", "VNM") == "completed"
    shown_sha = public.page.locator("#state-status tr[data-country='VNM'] code.sha256").inner_text()
    with public.page.expect_download() as info:
        public.page.locator("#state-status tr[data-country='VNM'] a.evidence").click()
    saved = Path(info.value.path())
    assert saved.read_bytes() == EVIDENCE.read_bytes()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == shown_sha == pending_sha
    assert shown_sha == hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    public.page.wait_for_function(
        "() => document.querySelectorAll('[id^=trend-] svg, [id^=trend-] canvas').length >= 2"
    )
    public.screenshot("tracker-5-action-approved")

    public.open(site.url + "/countries/VNM")
    assert status_cell(public, "action-matrix", "data-action", "FA1") == "completed"
    public.page.locator("#action-matrix").scroll_into_view_if_needed()
    public.screenshot("tracker-6-country-matrix")

    public.open(site.url + "/outcomes/DO3")
    completed = public.page.locator("#implementation-summary td[data-status='completed']")
    assert completed.inner_text() == "1"
    public.screenshot("tracker-7-outcome-summary")


def test_the_cyber_page_shows_both_editions_and_the_gaps_as_the_api(
    page: PageWatch, site: Site
) -> None:
    api = httpx.get(site.url + "/api/v1/cyber-readiness").json()
    assert api["editions"] == [2020, 2024]
    page.open(site.url + "/outcomes/DO3")
    page.page.locator("#cyber-link").click()
    page.page.wait_for_load_state("networkidle")
    assert page.page.url.endswith("/outcomes/DO3/cyber")
    overall = {s["country"]: s["gci"][0] for s in api["states"]}
    for c in MEMBERS:
        row = page.page.locator(f"table[data-pillar='GCI.OVERALL'] tr[data-country='{c}']")
        for year in ("2020", "2024"):
            value = overall[c]["values"][year]
            assert value is not None
            assert row.locator(f"td[data-year='{year}']").inner_text() == fmt(value, 2)
    for gap in api["law_gaps"]:
        item = page.page.locator(f"#law-gaps li[data-law='{gap['law']}'] span[data-country]")
        assert [item.nth(i).get_attribute("data-country") for i in range(item.count())] == gap[
            "states"
        ]
    assert re.search(r"CERT", page.page.locator("#not-measured").inner_text())
    page.page.wait_for_function(
        "() => document.querySelector('#servers-chart svg, #servers-chart canvas') !== null"
    )
    page.screenshot("tracker-8-do3-cyber")
