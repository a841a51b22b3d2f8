"""The submission scenario in Chromium: a focal point signs in, uploads a file with one bad
row, sees the row's error, fixes it and submits; a reviewer returns one value with a reason;
the focal point resubmits and sees what changed; the reviewer approves (the value waits in the
draft release) and publishes the draft on the desk; the value shows on the public page only then. Screenshots: test-artifacts/screenshots/submission-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browserkit import PageWatch, serving

from admtrack.config import Settings
from admtrack.web.app import create_app
from desk_support import PASSWORD, prepared_sqlite

pytestmark = pytest.mark.browser
PORT = 8201  # this suite's own port
HEADER = "country,indicator,year,value,status,source,note"
NEW_VALUE = "83.5"  # Viet Nam, individuals using the Internet, 2025: not in the bundled data


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("desk-browser")
    prepared_sqlite(tmp).dispose()
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 'desk.sqlite3'}", data_dir=tmp), samples=200
    )
    app.state.ctx.refresh_seconds = 0.0  # see approved data at once
    with serving(app, PORT, ready="/signin") as url:
        yield url


def _file(tmp: Path, name: str, *rows: str) -> Path:
    path = tmp / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _sign_in(browser: Any, url: str, user: str) -> PageWatch:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = PageWatch(context.new_page(), url)
    watch.open(url + "/signin")
    watch.page.fill("input[name=username]", user)
    watch.page.fill("input[name=password]", PASSWORD)
    watch.page.click("button[type=submit]")
    watch.page.wait_for_url(url + "/submissions")
    return watch


def _public_value_shown(url: str) -> bool:
    items = httpx.get(
        url + "/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM&limit=100"
    ).json()["items"]
    in_api = any(i["year"] == 2025 and i["value"] == float(NEW_VALUE) for i in items)
    in_page = NEW_VALUE in httpx.get(url + "/countries/VNM").text
    assert in_api == in_page, "the API and the page disagree"
    return in_api


def test_submission_review_and_publication(browser: Any, desk_url: str, tmp_path: Path) -> None:
    url = desk_url
    assert not _public_value_shown(url)
    fp = _sign_in(browser, url, "fp_vnm")
    page = fp.page
    fp.open(url + "/submissions/new")
    bad = _file(tmp_path, "vnm-2025.csv", f"VNM,IT.NET.USER.ZS,2025,{NEW_VALUE},,Ministry survey 2025,",
                "VNM,IT.NET.USER.ZS,2023,seventy,,Ministry survey 2023,")  # fmt: skip
    page.set_input_files("#upload-form input[type=file]", str(bad))
    page.click("button[value=check]")
    page.wait_for_selector("#report-problems")
    error_row = page.locator("#report-rows tr.outcome-rejected")
    assert error_row.count() == 1
    assert (
        "row 3, column 'value'" in error_row.inner_text()
        and "'seventy' is not a finite number" in error_row.inner_text()
    )
    fp.screenshot("submission-1-dry-run-shows-the-bad-row")

    fixed = _file(tmp_path, "vnm-2025.csv", f"VNM,IT.NET.USER.ZS,2025,{NEW_VALUE},,Ministry survey 2025,",
                  "VNM,IT.NET.USER.ZS,2023,70,,,")  # fmt: skip
    page.set_input_files("#upload-form input[type=file]", str(fixed))
    page.click("button[value=check]")
    page.wait_for_selector("#report-ok")
    page.set_input_files("#upload-form input[type=file]", str(fixed))
    page.click("button[value=submit]")
    page.wait_for_selector("#diff")
    submission_url = page.url
    assert "in review" in page.inner_text("#submission-status")
    fp.screenshot("submission-2-submitted")
    assert not _public_value_shown(url)  # pending data stay private

    reviewer = _sign_in(browser, url, "sec1")
    reviewer.open(submission_url)
    row = "#value-IT-NET-USER-ZS-2023"
    assert "source-missing" in reviewer.page.inner_text(row)
    reviewer.page.select_option(f"{row} select[name^=decision]", "return")
    reviewer.page.select_option(f"{row} select[name^=reason]", "source_missing")
    reviewer.page.fill(f"{row} input[name^=comment]", "Which survey is this from?")
    reviewer.page.click("#apply-decisions")
    reviewer.page.wait_for_selector("#submission-status")
    assert "returned" in reviewer.page.inner_text("#submission-status")
    reviewer.screenshot("submission-3-returned-with-a-reason")

    fp.open(submission_url)
    assert "source missing: Which survey is this from?" in page.inner_text(row)
    resubmitted = _file(tmp_path, "vnm-2025-v2.csv", f"VNM,IT.NET.USER.ZS,2025,{NEW_VALUE},,Ministry survey 2025,",
                        "VNM,IT.NET.USER.ZS,2023,71,,Ministry household survey 2023,")  # fmt: skip
    page.set_input_files("#resubmit-form input[type=file]", str(resubmitted))
    page.click("#resubmit-form button[type=submit]")
    page.wait_for_selector("#diff")
    since = page.inner_text(f"{row} .since-return")
    assert "70.00 → 71.00" in since
    fp.screenshot("submission-4-resubmitted-shows-the-change")
    assert not _public_value_shown(url)

    reviewer.open(submission_url)
    reviewer.page.click("#approve-all")
    reviewer.page.wait_for_selector("#submission-status")
    assert "approved" in reviewer.page.inner_text("#submission-status")
    reviewer.screenshot("submission-5-approved")
    assert not _public_value_shown(url)  # approved values wait in the draft release

    reviewer.open(url + "/submissions/releases")
    reviewer.page.click("#release-desk a[href^='/submissions/releases/']")
    reviewer.page.wait_for_selector("#publish-form")
    assert NEW_VALUE in reviewer.page.inner_text("#draft-changes")
    reviewer.screenshot("submission-6-draft-release-before-publication")
    draft = reviewer.page.url.rsplit("/", 1)[-1]
    reviewer.page.click("#publish-form button[type=submit]", no_wait_after=True)
    # publication writes the release's bundle before it answers
    reviewer.page.wait_for_url(f"{url}/releases/{draft}", timeout=240_000)
    assert _public_value_shown(url)

    public = PageWatch(browser.new_context().new_page(), url)
    public.open(url + "/countries/VNM")
    assert NEW_VALUE in public.page.content()
    public.screenshot("submission-7-public-page-shows-the-published-value")
    assert fp.errors == [] and reviewer.errors == [] and public.errors == []
    assert fp.external == [] and reviewer.external == []
