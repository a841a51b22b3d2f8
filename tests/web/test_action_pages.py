"""The register's pages and API on a store with a fictional register and approved reports; the
DO3 view on the bundled GCI 2020 and 2024 editions."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.domain.actions import ActionStatus, EvidenceDocument, ReviewState
from admtrack.errors import ValidationError
from admtrack.services.actions import StatusInput, approve_report, record_status, submit_report
from admtrack.services.setup import initialise
from admtrack.services.stored_data import import_enabling_actions
from admtrack.store import Store, actions_repo, create_engine_for
from admtrack.web.app import create_app
from admtrack.web.templating import fmt

DATA = Path(__file__).resolve().parents[1] / "data"
EVIDENCE = DATA / "actions" / "fictional-evidence.txt"
MEMBERS = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessClient]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("admtrack-actions"))
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    import_enabling_actions(engine, "adm2025", DATA / "actions" / "fictional-register.yaml",
                            actor="test:secretariat")  # fmt: skip
    pending = submit_report(
        engine, StatusInput("adm2025", "FA1", "VNM", "completed", date(2024, 5, 1),
                            "fictional note", document=EVIDENCE), actor="fp:vnm")  # fmt: skip
    approve_report(engine, pending.id, actor="secretariat:ana")
    record_status(engine, StatusInput("adm2025", "FA1", "THA", "in_progress", date(2024, 2, 1)),
                  actor="secretariat:ana")  # fmt: skip
    submit_report(engine, StatusInput("adm2025", "FA2", "VNM", "completed", date(2024, 6, 1)),
                  actor="fp:vnm")  # stays pending  # fmt: skip
    engine.dispose()
    c = InProcessClient(create_app(settings, samples=SAMPLES))
    yield c
    c.close()


def cells(page: str, table_id: str) -> str:
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert found, f"no table {table_id}"
    return found.group(0)


def test_the_register_page_filters_and_counts_only_approved_reports(
    client: InProcessClient,
) -> None:
    page = client.get("/actions").text
    assert "Fictional action A" in page and "Fictional action C" in page
    row = re.search(r'<tr data-action="FA1">.*?</tr>', page, re.S)
    assert row is not None
    assert 'data-status="completed">1<' in row.group(0)
    assert 'data-status="in_progress">1<' in row.group(0)
    fa2 = re.search(r'<tr data-action="FA2">.*?</tr>', page, re.S)
    assert fa2 is not None and 'data-status="completed">0<' in fa2.group(0)  # pending
    filtered = client.get("/actions?status=completed&state=VNM").text
    assert "Fictional action A" in filtered and "Fictional action B" not in filtered
    assert "Fictional action B" in client.get("/actions?lead=VNM").text
    assert "Fictional action A" not in client.get("/actions?outcome=DO2").text


def test_the_action_page_shows_states_milestones_evidence_and_trends(
    client: InProcessClient,
) -> None:
    page = client.get("/actions/FA1").text
    sha = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    assert re.search(r'<tr data-country="VNM">.*?data-status="completed".*?' + sha, page, re.S)
    assert (
        'data-country="THA"><th scope="row"><a href="/countries/THA">Thailand</a></th><td data-status="in_progress"'
        in page
    )
    assert "Fictional milestone A2: due 2023-12-31" in page
    assert page.count('id="trend-') == 2  # GCI.OVERALL and IT.NET.SECR.P6
    download = client.get(f"/actions/evidence/{sha}")
    assert download.status_code == 200 and download.content == EVIDENCE.read_bytes()
    assert download.headers["x-checksum-sha256"] == sha
    assert (
        download.headers["content-disposition"] == 'attachment; filename="fictional-evidence.txt"'
    )
    assert download.headers["x-content-type-options"] == "nosniff"
    assert client.get("/actions/evidence/" + "0" * 64).status_code == 404
    assert client.get("/actions/NOPE").status_code == 404


def test_the_country_matrix_and_the_outcome_summary(client: InProcessClient) -> None:
    matrix = cells(client.get("/countries/VNM").text, "action-matrix")
    assert re.search(r'data-action="FA1">.*?data-status="completed">completed<', matrix, re.S)
    assert re.search(r'data-action="FA2">.*?data-status="not_reported"', matrix, re.S)
    summary = cells(client.get("/outcomes/DO3").text, "implementation-summary")
    assert 'data-status="completed">1<' in summary
    assert 'data-status="in_progress">1<' in summary
    assert 'data-status="not_reported">20<' in summary  # 2 actions x 11 states - 2
    assert 'href="/outcomes/DO3/cyber"' in client.get("/outcomes/DO3").text


def test_the_api_agrees_with_the_pages(client: InProcessClient) -> None:
    listing = client.get("/api/v1/actions").json()
    fa1 = next(a for a in listing["items"] if a["id"] == "FA1")
    assert fa1["counts"] == {"not_started": 0, "in_progress": 1, "completed": 1,
                             "not_applicable": 0, "not_reported": 9}  # fmt: skip
    detail = client.get("/api/v1/actions/FA1").json()
    vnm = next(s for s in detail["states"] if s["country"] == "VNM")
    assert vnm["report"]["evidence"]["sha256"] == hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    assert [r["country"] for r in detail["timeline"]] == ["THA", "VNM"]  # by date
    assert client.get("/api/v1/actions?status=done").status_code == 422


def test_exports_hold_one_row_per_action_and_state(client: InProcessClient) -> None:
    text = client.get("/actions/export.csv").text
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 3 * 11
    assert any(
        line.startswith("adm2025,FA1,") and ",VNM,completed,2024-05-01," in line for line in lines
    )
    book = load_workbook(io.BytesIO(client.get("/actions/export.xlsx").content))
    rows = list(book["actions"].iter_rows(values_only=True))
    assert len(rows) == 1 + 3 * 11
    parsed = list(csv.reader(io.StringIO(text)))
    assert [[c if c is not None else "" for c in r] for r in rows] == parsed
    statuses = [r[9] for r in rows[1:]]
    assert statuses.count("completed") == 1 and statuses.count("in_progress") == 1


def _number(text: str) -> float | None:
    text = html.unescape(text).strip()
    return None if text == "–" else float(text.replace(",", ""))


def test_the_cyber_page_shows_both_editions_for_every_state_equal_to_the_api(
    client: InProcessClient,
) -> None:
    api: dict[str, Any] = client.get("/api/v1/cyber-readiness").json()
    assert api["editions"] == [2020, 2024]
    page = client.get("/outcomes/DO3/cyber").text
    for pillar in api["pillars"]:
        table = re.search(rf'<table class="data gci" data-pillar="{pillar["code"]}">.*?</table>',
                          page, re.S)  # fmt: skip
        assert table is not None
        for state in api["states"]:
            row = re.search(
                rf'<tr data-country="{state["country"]}">.*?</tr>', table.group(0), re.S
            )
            assert row is not None
            cell = next(g for g in state["gci"] if g["pillar"] == pillar["code"])
            for year in ("2020", "2024"):
                shown = re.search(rf'data-year="{year}">([^<]*)<', row.group(0))
                assert shown is not None and cell["values"][year] is not None, (state, year)
                assert shown.group(1) == fmt(cell["values"][year], 2)
            change = re.search(r"data-change>([^<]*)<", row.group(0))
            assert change is not None and change.group(1) == fmt(cell["change"], 2)
    assert {s["country"] for s in api["states"]} == set(MEMBERS)
    regional = cells(page, "gci-regional")
    for r in api["regional"]:
        row = re.search(rf'<tr data-pillar="{r["pillar"]}">.*?</tr>', regional, re.S)
        assert row is not None
        assert f'data-mean="2024">{fmt(r["mean"]["2024"], 2)}<' in row.group(0)
        assert f"data-improved>{r['improved']}<" in row.group(0)
    gaps = re.search(r'<ul id="law-gaps">.*?</ul>', page, re.S)
    assert gaps is not None
    for gap in api["law_gaps"]:
        item = re.search(rf'<li data-law="{gap["law"]}">.*?</li>', gaps.group(0), re.S)
        assert item is not None
        assert re.findall(r'data-country="(\w+)"', item.group(0)) == gap["states"]
    assert sum(len(g["states"]) for g in api["law_gaps"]) > 0
    laws = page.split('id="cyberlaw"', 1)[1].split("</table>", 1)[0]
    for state in api["states"]:
        row = re.search(rf'<tr data-country="{state["country"]}">.*?</tr>', laws, re.S)
        assert row is not None
        for law in state["laws"]:
            shown = re.search(rf'<td data-law="{law["code"]}">(.*?)</td>', row.group(0))
            assert shown is not None
            expected = ("no data" if law["has_law"] is None else
                        f"legislation ({law['year']})" if law["has_law"] else
                        f"<strong>lacking</strong> ({law['year']})")  # fmt: skip
            assert shown.group(1) == expected, (state["country"], law)
            lacking = law["has_law"] is False
            gap = next(g for g in api["law_gaps"] if g["law"] == law["code"])
            assert (state["country"] in gap["states"]) == lacking
    assert "CERT" in page and "incident response" in page


def test_an_uploaded_page_downloads_as_bytes_not_as_a_page(tmp_path: Path) -> None:
    """A page is refused as evidence; one stored before the type check (written here straight
    into the store) still downloads as bytes, never as a page of this site."""
    settings = Settings(data_dir=tmp_path)
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    import_enabling_actions(engine, "adm2025", DATA / "actions" / "fictional-register.yaml",
                            actor="test:secretariat")  # fmt: skip
    page = tmp_path / "evidence.html"
    page.write_bytes(b"<script>alert(1)</script>")
    with pytest.raises(ValidationError, match="evidence must be one of these file types"):
        record_status(engine, StatusInput("adm2025", "FA1", "LAO", "completed",
                                          date(2024, 1, 1), document=page),
                      actor="secretariat:ana")  # fmt: skip
    content = page.read_bytes()
    sha = hashlib.sha256(content).hexdigest()
    with Store(engine).transaction(actor="legacy") as tx:
        actions_repo.save_document(
            tx.connection,
            tx.audit,
            EvidenceDocument(sha, page.name, "text/html", len(content)),
            content,
        )
        actions_repo.add_report(
            tx.connection, tx.audit, plan="adm2025", action="FA1", country="LAO",
            status=ActionStatus.COMPLETED, as_of=date(2024, 1, 1), note="", evidence_url=None,
            evidence_sha256=sha, review_state=ReviewState.APPROVED,
        )  # fmt: skip
    engine.dispose()
    c = InProcessClient(create_app(settings, samples=SAMPLES))
    try:
        answer = c.get(f"/actions/evidence/{sha}")
    finally:
        c.close()
    assert answer.content == page.read_bytes()
    assert answer.headers["content-type"] == "application/octet-stream"
    assert "sandbox" in answer.headers["content-security-policy"]
