"""Fetching from the World Bank API imports all-or-nothing, like a file (recorded responses)."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from admtrack.errors import ImportRejected
from admtrack.services.ingestion import fetch_worldbank
from admtrack.services.setup import initialise
from admtrack.store.unit_of_work import Store

RECORDED = Path(__file__).resolve().parents[1] / "data" / "ingest" / "worldbank_api"


def _clean_page() -> bytes:
    """Page 1 of the recording (SGP 2023, and SGP 2022 missing), as a one-page answer."""
    meta, records = json.loads((RECORDED / "page1.json").read_bytes())
    meta.update(page=1, pages=1)
    return json.dumps([meta, records]).encode()


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_fetched_values_are_imported_with_their_source(engine: sa.Engine) -> None:
    initialise(engine)
    with httpx.Client(
        transport=httpx.MockTransport(lambda _: httpx.Response(200, content=_clean_page()))
    ) as client:
        report = fetch_worldbank(engine, client, ["IT.NET.USER.ZS"], ["SGP"], 2022, 2023)
        again = fetch_worldbank(engine, client, ["IT.NET.USER.ZS"], ["SGP"], 2022, 2023)
    assert report.source == "worldbank-api" and again.counts.changed == 0
    with Store(engine).reader() as r:
        (obs,) = r.observations(
            indicator="IT.NET.USER.ZS", countries=["SGP"], year_from=2023, year_to=2023
        )
        assert obs.value == 94.3 and obs.source == "worldbank-api"
        assert obs.release == report.release
        assert "api.worldbank.org" in (obs.provenance.file if obs.provenance else "")
        assert any(s.id == "worldbank-api" and s.ref.licence for s in r.sources())


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_an_api_error_writes_nothing(engine: sa.Engine) -> None:
    initialise(engine)
    with Store(engine).reader() as r:
        before = r.data_revision()
    with httpx.Client(
        transport=httpx.MockTransport(lambda _: httpx.Response(503, text="down"))
    ) as client:
        with pytest.raises(ImportRejected, match="api.error"):
            fetch_worldbank(engine, client, ["IT.NET.USER.ZS"], ["SGP"], 2022, 2023)
    with Store(engine).reader() as r:
        assert r.data_revision() == before
