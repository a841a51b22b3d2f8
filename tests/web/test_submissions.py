"""A national submission filed as a new release adds to what the dashboard shows; it does not
replace the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.services.ingestion import import_file
from admtrack.services.setup import initialise
from admtrack.store import create_engine_for
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
