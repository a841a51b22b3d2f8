"""A national submission filed as a new release adds to what the dashboard shows; it does not
replace the bundled data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.domain.framework import EnablingAction
from admtrack.domain.observations import Release
from admtrack.services.ingestion import import_file
from admtrack.services.releases import publish
from admtrack.services.setup import initialise
from admtrack.store import Store, create_engine_for
from admtrack.web.app import create_app


@pytest.fixture
def client_after_submission(tmp_path: Path) -> InProcessClient:
    settings = Settings(data_dir=tmp_path)
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    submission = tmp_path / "vnm.csv"
    submission.write_text(
        "country,indicator,year,value\nVNM,IT.NET.USER.ZS,2025,82.5\n", encoding="utf-8"
    )
    report = import_file(engine, submission)
    assert report.counts.inserted == 1
    publish(engine, report.release)  # a draft is not public until the secretariat publishes it
    engine.dispose()
    return InProcessClient(create_app(settings, samples=SAMPLES))


def test_the_latest_release_shows_bundled_and_submitted_values(
    client_after_submission: InProcessClient,
) -> None:
    client = client_after_submission
    try:
        latest = client.get("/api/v1/releases").json()["items"][-1]
        assert latest["id"].startswith("import-")
        url = "/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM&limit=100"
        body = client.get(url).json()
        assert body["release"] == latest["id"]
        values = {r["year"]: r["value"] for r in body["items"]}
        released_in = {r["year"]: r["release"] for r in body["items"]}
        assert values[2025] == 82.5  # the submission
        assert values[2020] == pytest.approx(70.3)  # the bundled series is still there
        assert released_in[2025] == latest["id"]
        assert released_in[2020] == "bundled-2026-11-29"
        page = client.get("/countries/VNM")
        assert page.status_code == 200 and "82.5" in page.text
    finally:
        client.close()


def test_a_correction_published_in_a_new_release_reaches_every_view(tmp_path: Path) -> None:
    """(A release is never overwritten: a correction is a new release, published, and the
    current view takes the newest published release's value.)"""
    settings = Settings(data_dir=tmp_path)
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    app = create_app(settings, samples=SAMPLES)
    app.state.ctx.refresh_seconds = 0.0  # check the store's revision on every request
    client = InProcessClient(app)
    try:

        def vnm_internet() -> tuple[float, str]:
            body = client.get("/api/v1/progress?indicator=IT.NET.USER.ZS&country=VNM").json()
            items = body["items"] if isinstance(body, dict) else body
            verdict = next(v for v in items if v.get("target_set"))
            return verdict["latest_value"], client.get("/countries/VNM").text

        before, page_before = vnm_internet()
        assert before == pytest.approx(84.15)
        fix = tmp_path / "fix.csv"
        fix.write_text(
            "country,indicator,year,value\nVNM,IT.NET.USER.ZS,2024,20\n", encoding="utf-8"
        )
        correction = Release("correction-2026-12", date(2026, 12, 1))
        report = import_file(engine, fix, release=correction)
        assert report.counts.inserted == 1
        publish(engine, correction.id, correction.published)
        after, page_after = vnm_internet()
        assert after == 20.0
        assert page_after != page_before
    finally:
        client.close()
        engine.dispose()


def test_unknown_codes_are_problems_not_empty_answers(client: InProcessClient) -> None:
    for url, word in (
        ("/api/v1/observations?indicator=NOPE", "NOPE"),
        ("/api/v1/observations?indicator=IT.NET.USER.ZS&country=XYZ", "XYZ"),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
        assert word in response.json()["detail"]


def test_loaded_enabling_actions_appear_on_outcome_and_country_pages(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    action = EnablingAction(
        "EA 5.9", "A test action title", "DO5", priority="high", status=((2024, "completed"),)
    )
    with Store(engine).transaction(actor="test") as tx:
        tx.save_enabling_actions("adm2025", [action])
    client = InProcessClient(create_app(settings, samples=SAMPLES))
    try:
        outcome = client.get("/outcomes/DO5").text
        assert "A test action title" in outcome and "EA 5.9" in outcome
        assert "No enabling actions are loaded" not in outcome
        assert "A test action title" in client.get("/countries/VNM").text
        assert "No enabling actions are loaded" in client.get("/outcomes/DO2").text
    finally:
        client.close()
        engine.dispose()
