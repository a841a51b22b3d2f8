"""The submissions API with a bearer token: the dry run's per-row JSON report, a refused file
as an RFC 9457 problem naming file, row and column, upload limits, review (approved values wait
in a draft release until the secretariat publishes it on the desk) and the audit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from deskkit import DeskClient, csv_upload, desk_app

from admtrack.services.submissions import STATUSES
from admtrack.web.api.submissions import SubmissionStatusFilter
from desk_support import prepared_sqlite

#: The signed-in (cookie) clients of the module's users, for the desk's pages.
SESSIONS: dict[str, DeskClient] = {}


@pytest.fixture(scope="module")
def api(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[DeskClient, dict[str, dict[str, str]]]]:
    tmp: Path = tmp_path_factory.mktemp("desk-api")
    prepared_sqlite(tmp).dispose()
    app = desk_app(f"sqlite:///{tmp / 'desk.sqlite3'}", tmp)
    headers = {}
    clients = []
    for name in ("fp_vnm", "sec1"):
        c = DeskClient(app)
        clients.append(c)
        assert c.sign_in(name).status_code == 303
        headers[name] = {"authorization": f"Bearer {c.new_token()}"}
    bare = DeskClient(app)
    SESSIONS.update(zip(("fp_vnm", "sec1"), clients, strict=True))
    yield bare, headers
    SESSIONS.clear()
    for c in (*clients, bare):
        c.close()
    app.state.desk.engine.dispose()


def test_dry_run_then_submit_review_and_audit(
    api: tuple[DeskClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = api
    bad = csv_upload(
        ["VNM,IT.NET.USER.ZS,2025,83.5,,Survey,", "VNM,IT.NET.USER.ZS,2024,lots,,Survey,"]
    )
    dry = client.post("/api/v1/submissions?dry_run=true", files=bad, headers=headers["fp_vnm"])
    body: dict[str, Any] = dry.json()
    assert dry.status_code == 200 and body["ok"] is False
    assert [(r["row"], r["outcome"]) for r in body["rows"]] == [(2, "new"), (3, "rejected")]
    refused = client.post("/api/v1/submissions", files=bad, headers=headers["fp_vnm"])
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"] == [
        "vnm.csv, row 3, column 'value': obs.not-a-number: 'lots' is not a finite number"
    ]
    good = csv_upload(["VNM,IT.NET.USER.ZS,2025,83.5,,Survey,"])
    filed = client.post("/api/v1/submissions", files=good, headers=headers["fp_vnm"])
    assert filed.status_code == 201
    sid, version = filed.json()["id"], filed.json()["version"]
    shown = client.get(f"/api/v1/submissions/{sid}", headers=headers["sec1"]).json()
    assert [(v["indicator"], v["year"], v["new"], v["state"]) for v in shown["values"]] == [
        ("IT.NET.USER.ZS", 2025, 83.5, "pending")
    ]
    decided = client.post(f"/api/v1/submissions/{sid}/decisions", headers=headers["sec1"],
                          json={"version": version, "decisions": [{"action": "approve"}]})  # fmt: skip
    assert decided.status_code == 200
    again = client.post(f"/api/v1/submissions/{sid}/decisions", headers=headers["sec1"],
                        json={"version": version, "decisions": [{"action": "approve"}]})  # fmt: skip
    assert (
        again.status_code == 409
        and "is approved; nothing is left to decide" in again.json()["detail"]
    )

    def public() -> dict[str, Any]:
        url = "/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM&limit=100"
        answer: dict[str, Any] = client.get(url).json()
        return answer

    assert 2025 not in {i["year"] for i in public()["items"]}  # approved, in the draft only
    desk = SESSIONS["sec1"]
    listing = desk.get("/submissions/releases").text
    draft = re.search(r'href="/submissions/releases/(release-[^"]+)"', listing)
    assert draft is not None, listing
    page = desk.get(f"/submissions/releases/{draft.group(1)}").text
    assert "83.5" in page and f"approved in review of national submission {sid}" in page
    url = f"/submissions/releases/{draft.group(1)}/publish"
    focal = SESSIONS["fp_vnm"]
    assert focal.post(url, data={"csrf_token": focal.csrf}).status_code == 403
    assert desk.post(url, data={"on": "2026-12-02"}).status_code == 403  # no CSRF token
    published = desk.post(url, data={"csrf_token": desk.csrf, "on": "2026-12-02"})
    assert published.status_code == 303
    assert published.headers["location"] == f"/releases/{draft.group(1)}"
    assert public()["release"] == draft.group(1)
    assert {
        (i["year"], i["value"], i["release"], i["source"])
        for i in public()["items"]
        if i["year"] == 2025
    } == {(2025, 83.5, draft.group(1), f"submission-{sid}")}
    audit = client.get("/api/v1/audit", headers=headers["sec1"]).json()["items"]
    actions = [(e["action"], e["entity"]) for e in audit]
    assert ("approve", "submission") in actions and ("submit", "submission") in actions
    assert ("insert", "api_token") in actions and ("sign-in", "session") in actions


def test_limits_and_file_types_are_clear_problems(
    api: tuple[DeskClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = api
    big = {"file": ("big.csv", b"country,indicator,year,value\n" + b"x" * 5_000_001, "text/csv")}
    too_big = client.post("/api/v1/submissions?dry_run=true", files=big, headers=headers["fp_vnm"])
    assert too_big.status_code == 413 and "limit of 5,000,000 bytes" in too_big.json()["detail"]
    exe = {"file": ("../../tmp/evil.exe", b"MZ", "application/octet-stream")}
    wrong = client.post("/api/v1/submissions?dry_run=true", files=exe, headers=headers["fp_vnm"])
    assert wrong.status_code == 422 and "must be CSV or XLSX" in wrong.json()["detail"]
    assert "evil.exe" in wrong.json()["detail"] and "../" not in wrong.json()["detail"]
    broken = {"file": ("vnm.xlsx", b"not a workbook", "application/octet-stream")}
    bad_xlsx = client.post(
        "/api/v1/submissions?dry_run=true", files=broken, headers=headers["fp_vnm"]
    )
    assert bad_xlsx.status_code == 422 and "not a valid XLSX workbook" in bad_xlsx.json()["detail"]


def test_unknown_status_filter_is_a_problem_naming_the_parameter(
    api: tuple[DeskClient, dict[str, dict[str, str]]],
) -> None:
    client, headers = api
    answer = client.get("/api/v1/submissions?status=bogus", headers=headers["sec1"])
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "status" in answer.text
    # the filter offers exactly the desk's statuses
    assert get_args(SubmissionStatusFilter) == STATUSES
