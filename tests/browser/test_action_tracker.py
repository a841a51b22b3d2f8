"""The tracker end to end in Chromium: the secretariat imports a fictional register, a focal
point reports an action as completed with a document, and only after approval do the action
page, the country matrix and the outcome summary show it; the evidence downloads with the same
SHA-256. The DO3 cyber page shows both GCI editions for every member state, and the law gaps,
with the numbers of the API."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from browserkit import PageWatch, free_port, serving

from admtrack.config import Settings
from admtrack.services.actions import StatusInput, approve_report, submit_report
from admtrack.services.setup import initialise
from admtrack.services.stored_data import import_enabling_actions
from admtrack.store import create_engine_for
from admtrack.web.app import create_app
from admtrack.web.templating import fmt

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
    settings = Settings(data_dir=tmp_path_factory.mktemp("admtrack-tracker"))
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    app = create_app(settings, samples=200)
    app.state.ctx.refresh_seconds = 0.0  # see each write at once
    with serving(app, free_port("ADMTRACK_TEST_TRACKER_PORT")) as url:
        yield Site(url, engine)
    engine.dispose()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    watched = PageWatch(context.new_page(), site.url)
    yield watched
    assert watched.errors == [] and watched.external == []
    context.close()


def status_cell(page: PageWatch, table: str, key: str, value: str) -> str:
    text: str = page.page.locator(
        f"#{table} tr[{key}='{value}'] td[data-status]"
    ).first.get_attribute("data-status")
    return text


def test_a_reported_action_appears_only_after_approval(page: PageWatch, site: Site) -> None:
    import_enabling_actions(site.engine, "adm2025", REGISTER, actor="secretariat:ana")
    page.open(site.url + "/actions")
    assert page.page.locator("#register-table tbody tr").count() == 3
    page.screenshot("tracker-1-register-imported")

    pending = submit_report(
        site.engine,
        StatusInput("adm2025", "FA1", "VNM", "completed", date(2024, 5, 1),
                    "Fictional completion note", document=EVIDENCE),
        actor="focal:vnm",
    )  # fmt: skip
    page.open(site.url + "/actions/FA1")
    assert status_cell(page, "state-status", "data-country", "VNM") == "not_reported"
    page.screenshot("tracker-2-pending-not-public")

    approve_report(site.engine, pending.id, actor="secretariat:ana")
    page.open(site.url + "/actions/FA1")
    assert status_cell(page, "state-status", "data-country", "VNM") == "completed"
    shown_sha = page.page.locator("#state-status tr[data-country='VNM'] code.sha256").inner_text()
    with page.page.expect_download() as info:
        page.page.locator("#state-status tr[data-country='VNM'] a.evidence").click()
    saved = Path(info.value.path())
    assert saved.read_bytes() == EVIDENCE.read_bytes()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == shown_sha
    assert shown_sha == hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    page.page.wait_for_function(
        "() => document.querySelectorAll('[id^=trend-] svg, [id^=trend-] canvas').length >= 2"
    )
    page.screenshot("tracker-3-action-approved")

    page.open(site.url + "/countries/VNM")
    assert status_cell(page, "action-matrix", "data-action", "FA1") == "completed"
    page.page.locator("#action-matrix").scroll_into_view_if_needed()
    page.screenshot("tracker-4-country-matrix")

    page.open(site.url + "/outcomes/DO3")
    completed = page.page.locator("#implementation-summary td[data-status='completed']")
    assert completed.inner_text() == "1"
    page.screenshot("tracker-5-outcome-summary")


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
    page.screenshot("tracker-6-do3-cyber")
