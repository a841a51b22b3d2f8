"""Older releases stay visible as they were: ``?release=`` and ``?as_of=`` on the API, and each
published release's bundle served under ``/data/releases/<id>/``."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.domain.observations import Observation
from admtrack.services import releases
from admtrack.services.setup import BUNDLED_RELEASE, initialise
from admtrack.store import Store, create_engine_for
from admtrack.web.app import create_app

R1 = BUNDLED_RELEASE.id
R2 = "2026-12"


def _view(engine: sa.Engine, release_id: str) -> dict[tuple[str, str, int], Observation]:
    with Store(engine).reader() as r:
        return {o.key: o for o in r.observations(as_of=release_id)}


def _publish_a_revision(engine: sa.Engine) -> tuple[Observation, float]:
    """R2 revises one R1 value through the service a review's approval calls, then is published."""
    initialise(engine)
    target = _view(engine, R1)[("IT.NET.USER.ZS", "VNM", 2023)]
    revised = round(target.value + 1.25, 2)
    releases.create_draft(engine, R2, date(2026, 12, 15))
    fix = Observation(*target.key, revised, source=target.source)
    releases.stage_values(engine, R2, [fix], reason="regulator's annual report")
    releases.publish(engine, R2, date(2026, 12, 15))
    return target, revised


def test_the_web_shows_r1_unchanged_and_serves_its_bundle(tmp_path: Path) -> None:
    """Through ``?release=R1``, ``?as_of=`` and the bundle under ``/data/releases/R1/``."""
    settings = Settings(data_dir=tmp_path)
    engine = create_engine_for(settings.resolved_database_url)
    target, revised = _publish_a_revision(engine)
    r1 = {k: o.value for k, o in _view(engine, R1).items()}
    client = InProcessClient(create_app(settings, samples=SAMPLES))
    try:
        query = "indicator=IT.NET.USER.ZS&country=VNM&limit=50000"
        old = client.get(f"/api/v1/observations?{query}&release={R1}").json()
        new = client.get(f"/api/v1/observations?{query}").json()
        dated = client.get(f"/api/v1/observations?{query}&as_of=2026-12-14").json()
        assert old["release"] == R1 and new["release"] == R2 and dated["release"] == R1
        value = {(o["indicator"], o["country"], o["year"]): o["value"] for o in old["items"]}
        assert value[target.key] == target.value
        assert {(o["indicator"], o["country"], o["year"]): o["value"] for o in new["items"]}[
            target.key
        ] == revised
        full = client.get(f"/api/v1/observations?release={R1}&limit=50000").json()
        assert {(o["indicator"], o["country"], o["year"]): o["value"] for o in full["items"]} == r1
        listed = client.get("/api/v1/releases").json()["items"]
        links = {r["id"]: r["bundle"] for r in listed}
        assert links[R1]["csv"] == f"/data/releases/{R1}/data/observations.csv"
        served = client.get(links[R1]["csv"])
        assert served.status_code == 200
        rows = list(csv.DictReader(io.StringIO(served.text)))
        assert {
            (r["indicator"], r["country"], int(r["year"])): float(r["value"]) for r in rows
        } == r1
        assert (
            client.get(f"/data/releases/{R1}/data%2F..%2F..%2Fadmtrack.sqlite3").status_code == 404
        )
        assert client.get(f"/data/releases/{R2}-draft/manifest.json").status_code == 404
        too_early = client.get(f"/api/v1/observations?{query}&as_of=2020-01-01")
        assert too_early.status_code == 404
    finally:
        client.close()
        engine.dispose()


def test_release_pages_show_the_changelog_the_citation_and_an_older_release_banner(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path)
    engine = create_engine_for(settings.resolved_database_url)
    target, revised = _publish_a_revision(engine)
    client = InProcessClient(create_app(settings, samples=SAMPLES))
    try:
        listing = client.get("/releases")
        assert listing.status_code == 200
        assert listing.text.index(R2) < listing.text.index(R1)  # newest first
        older = client.get(f"/releases/{R1}").text
        assert "This is an older release" in older and f"data release {R1}" in older
        newer = client.get(f"/releases/{R2}").text
        assert "This is an older release" not in newer
        assert "regulator&#39;s annual report" in newer and str(revised) in newer
        assert f"/data/releases/{R2}/sdmx/data.csv" in newer
        assert client.get("/releases/no-such-release").status_code == 404
    finally:
        client.close()
        engine.dispose()
