"""The authorisation matrix: every desk route and API endpoint x every role (and anonymous) x
own / other member state -> the expected status, on SQLite and PostgreSQL. The object is a
submission of Viet Nam; ``fp_tha`` and ``viewer_tha`` are the other state.

Writes are sent with a stale version where the action is allowed, so an allowed request is
answered 409 (it passed the role and state checks and met the optimistic lock) and leaves the
submission as it was; comments are real and answered 201 / 303.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from deskkit import DeskClient, csv_upload, database_url, desk_app, prepare
from fastapi.routing import APIRoute

from admtrack.services import releases
from admtrack.services.stored_data import import_enabling_actions

REGISTER = Path(__file__).resolve().parents[1] / "data" / "actions" / "fictional-register.yaml"
ROLES = (
    "anonymous",
    "admin1",
    "sec1",
    "fp_vnm",
    "fp_tha",
    "viewer_vnm",
    "viewer_tha",
    "viewer_all",
)
#: "signin" = redirected to the sign-in page (pages), 401 on the API.
S = "signin"

PAGES: dict[tuple[str, str], tuple[Any, ...]] = {
    # (method, path): expected per role, in the order of ROLES
    ("GET", "/submissions"): (S, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/submissions/new"): (S, 403, 403, 200, 200, 403, 403, 403),
    ("POST", "/submissions/new"): (S, 403, 403, 200, 200, 403, 403, 403),
    ("GET", "/submissions/template.csv?country=VNM"): (S, 200, 200, 200, 403, 200, 403, 200),
    ("GET", "/submissions/template.xlsx?country=VNM"): (S, 200, 200, 200, 403, 200, 403, 200),
    ("GET", "/submissions/status"): (S, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/submissions/{vnm}"): (S, 200, 200, 200, 404, 200, 404, 200),
    ("POST", "/submissions/{vnm}/decisions"): (S, 403, 409, 403, 403, 403, 403, 403),
    ("POST", "/submissions/{vnm}/withdraw"): (S, 403, 403, 409, 404, 403, 404, 403),
    ("POST", "/submissions/{vnm}/resubmit"): (S, 403, 403, 409, 404, 403, 404, 403),
    ("POST", "/submissions/{vnm}/comments"): (S, 403, 303, 303, 404, 403, 404, 403),
    ("GET", "/submissions/releases"): (S, 403, 200, 403, 403, 403, 403, 403),
    ("GET", "/submissions/releases/{draft}"): (S, 403, 200, 403, 403, 403, 403, 403),
    # the secretariat's publication is refused by its date (before the bundled release's), so
    # the draft stays a draft for the other cases
    ("POST", "/submissions/releases/{draft}/publish"): (S, 403, 422, 403, 403, 403, 403, 403),
    ("GET", "/submissions/actions"): (S, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/submissions/actions"): (S, 403, 403, 422, 403, 403, 403, 403),
    ("POST", "/submissions/actions/register"): (S, 403, 422, 403, 403, 403, 403, 403),
    ("POST", "/submissions/actions/{rid}/decision"): (S, 403, 422, 403, 403, 403, 403, 403),
    ("GET", "/submissions/actions/{rid}/evidence"): (S, 200, 200, 200, 404, 200, 404, 200),
    ("GET", "/audit"): (S, 200, 200, 403, 403, 403, 403, 403),
    ("GET", "/audit.csv"): (S, 200, 200, 403, 403, 403, 403, 403),
    ("GET", "/account"): (S, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/account/tokens"): (S, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/account/tokens/{token}/revoke"): (S, 303, 303, 303, 303, 303, 303, 303),
}
#: Routes checked by a test of their own: signing out would end the matrix's sessions.
OWN_TESTS = {("POST", "/signout")}
API: dict[tuple[str, str], tuple[Any, ...]] = {
    ("GET", "/api/v1/submissions"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/submissions?dry_run=true"): (401, 403, 403, 200, 200, 403, 403, 403),
    ("POST", "/api/v1/submissions"): (401, 403, 403, 422, 422, 403, 403, 403),
    ("GET", "/api/v1/submissions/template?country=VNM"): (401, 200, 200, 200, 403, 200, 403, 200),
    ("GET", "/api/v1/submissions/{vnm}"): (401, 200, 200, 200, 404, 200, 404, 200),
    ("POST", "/api/v1/submissions/{vnm}/decisions"): (401, 403, 409, 403, 403, 403, 403, 403),
    ("POST", "/api/v1/submissions/{vnm}/withdraw"): (401, 403, 403, 409, 404, 403, 404, 403),
    ("POST", "/api/v1/submissions/{vnm}/resubmit?version=0"): (
        401,
        403,
        403,
        409,
        404,
        403,
        404,
        403,
    ),
    ("POST", "/api/v1/submissions/{vnm}/comments"): (401, 403, 201, 201, 404, 403, 404, 403),
    ("GET", "/api/v1/submission-status"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("GET", "/api/v1/audit"): (401, 200, 200, 403, 403, 403, 403, 403),
    ("GET", "/api/v1/action-reports"): (401, 200, 200, 200, 200, 200, 200, 200),
    ("POST", "/api/v1/action-reports"): (401, 403, 403, 422, 403, 403, 403, 403),
    ("GET", "/api/v1/action-reports/{rid}"): (401, 200, 200, 200, 404, 200, 404, 200),
    ("GET", "/api/v1/action-reports/{rid}/evidence"): (401, 200, 200, 200, 404, 200, 404, 200),
    ("POST", "/api/v1/action-reports/{rid}/decision"): (401, 403, 422, 403, 403, 403, 403, 403),
}
#: A Viet Nam report for an action no register has ("NOPE"): allowed writes are refused with 422
#: after the role and state checks, and nothing is stored.
ACTION_FIELDS = {"action": "NOPE", "country": "VNM", "status": "completed"}
PUBLIC = (
    "/",
    "/countries/VNM",
    "/data",
    "/api/v1/releases",
    "/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM",
    "/?release=bundled-2026-11-29",
    "/api/v1/index?as_of=2026-12-01",
)
DRAFT = "matrix-draft"


class Desk:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.clients: dict[str, DeskClient] = {}
        self.tokens: dict[str, str] = {}
        self.vnm = 0
        self.rid = 0  # a Viet Nam action report with a document

    def close(self) -> None:
        for c in self.clients.values():
            c.close()
        self.app.state.desk.engine.dispose()  # the app's engine (no lifespan in-process)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def desk(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    tmp = tmp_path_factory.mktemp(f"matrix-{request.param}")
    with database_url(request.param, tmp) as url:
        prepare(url).dispose()
        d = Desk(desk_app(url, tmp))
        for role in ROLES:
            client = DeskClient(d.app)
            d.clients[role] = client
            if role != "anonymous":
                assert client.sign_in(role).status_code == 303
                d.tokens[role] = client.new_token()
        upload = csv_upload(["VNM,IT.NET.USER.ZS,2024,85.5,,Ministry survey 2024,"])
        filed = d.clients["fp_vnm"].post(
            "/api/v1/submissions",
            files=upload,
            headers={"authorization": f"Bearer {d.tokens['fp_vnm']}"},
        )
        assert filed.status_code == 201, filed.text
        d.vnm = filed.json()["id"]
        releases.create_draft(d.app.state.desk.engine, DRAFT, date(2026, 12, 31))
        import_enabling_actions(d.app.state.desk.engine, "adm2025", REGISTER, actor="test")
        reported = d.clients["fp_vnm"].post(
            "/api/v1/action-reports",
            data={"action": "FA1", "country": "VNM", "status": "completed"},
            files={"document": ("scan.txt", b"fictional evidence", "text/plain")},
            headers={"authorization": f"Bearer {d.tokens['fp_vnm']}"},
        )
        assert reported.status_code == 201, reported.text
        d.rid = reported.json()["id"]
        try:
            yield d
        finally:
            d.close()


def _body(role: str, method: str, path: str, desk: Desk) -> dict[str, Any]:
    country = "THA" if role.endswith("tha") else "VNM"
    if "resubmit" in path:  # a valid file: the stale version is what refuses it
        return {"files": csv_upload(["VNM,IT.NET.USER.ZS,2024,86,,Ministry survey,"])}
    if path.endswith(("/submissions/new", "/submissions?dry_run=true", "/api/v1/submissions")):
        rows = [f"{country},IT.NET.USER.ZS,2023,77,,Ministry survey,", "VNM,NOPE,2023,1,,x,"]
        return {"files": csv_upload(rows)}
    if path.endswith("/decisions"):
        return {"version": 0, "decisions": [{"action": "approve"}]}
    if path.endswith("/decision"):
        return {"decision": "return", "note": ""}
    if path.endswith("/withdraw"):
        return {"version": 0}
    if path.endswith("/comments"):
        return {"indicator": "IT.NET.USER.ZS", "year": 2024, "body": f"question from {role}"}
    return {}


def _page_request(desk: Desk, role: str, method: str, path: str) -> Any:
    client = desk.clients[role]
    url = path.replace("{vnm}", str(desk.vnm)).replace("{rid}", str(desk.rid))
    url = url.replace("{draft}", DRAFT)
    if "{token}" in url:
        url = url.replace("{token}", "999999")
    if method == "GET":
        return client.get(url)
    body = _body(role, method, path, desk)
    data: dict[str, str] = {"csrf_token": client.csrf, "action": "check", "version": "0"}
    if "files" in body:
        return client.post(url, data=data, files=body["files"])
    if path.endswith("/comments"):
        data.update(value="IT.NET.USER.ZS:2024", body=body["body"])
    if path.endswith("/decisions"):
        data["whole"] = "approve"
    if path.endswith("/publish"):
        data["on"] = "2000-01-01"
    if path.endswith("/account/tokens"):
        data.update(name="matrix", days="10")
    if path == "/submissions/actions":
        data.update(ACTION_FIELDS)
    return client.post(url, data=data)


def _api_request(desk: Desk, role: str, method: str, path: str) -> Any:
    client = desk.clients["anonymous"]  # cookies never count on the API: use the bare client
    headers = {} if role == "anonymous" else {"authorization": f"Bearer {desk.tokens[role]}"}
    url = path.replace("{vnm}", str(desk.vnm)).replace("{rid}", str(desk.rid))
    if method == "GET":
        return client.get(url, headers=headers)
    if path == "/api/v1/action-reports":
        return client.post(url, data=ACTION_FIELDS, headers=headers)
    body = _body(role, method, path, desk)
    if "files" in body:
        return client.post(url, files=body["files"], headers=headers)
    return client.post(url, json=body, headers=headers)


def _outcome(response: Any) -> Any:
    if response.status_code in (303, 302) and response.headers.get("location", "").startswith(
        "/signin"
    ):
        return S
    return response.status_code


@pytest.mark.parametrize("route", sorted(PAGES), ids=lambda r: f"{r[0]} {r[1]}")
def test_pages_answer_each_role_as_the_matrix_says(desk: Desk, route: tuple[str, str]) -> None:
    got = tuple(_outcome(_page_request(desk, role, *route)) for role in ROLES)
    assert got == PAGES[route], dict(zip(ROLES, got, strict=True))


@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_api_answers_each_role_as_the_matrix_says(desk: Desk, route: tuple[str, str]) -> None:
    got = tuple(_api_request(desk, role, *route).status_code for role in ROLES)
    assert got == API[route], dict(zip(ROLES, got, strict=True))


def test_the_public_reads_published_data_without_an_account(desk: Desk) -> None:
    for role in ROLES:
        for path in PUBLIC:
            assert desk.clients[role].get(path).status_code == 200, (role, path)


def test_no_state_sees_another_states_pending_data(desk: Desk) -> None:
    for role in ("fp_tha", "viewer_tha"):
        headers = {"authorization": f"Bearer {desk.tokens[role]}"}
        listed = (
            desk.clients["anonymous"].get("/api/v1/submissions", headers=headers).json()["items"]
        )
        assert all(s["country"] == "THA" for s in listed)
        assert "85.5" not in desk.clients[role].get("/submissions").text
    public = desk.clients["anonymous"].get(
        "/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM"
    )
    items = public.json()["items"]
    assert items  # the published series is there...
    assert 85.5 not in {item["value"] for item in items}  # ...without the pending value


def test_every_desk_route_is_in_the_matrix(desk: Desk) -> None:
    listed = {(m, p.split("?")[0]) for m, p in (*PAGES, *API, *OWN_TESTS)}
    listed = {
        (
            m,
            p.replace("{vnm}", "{submission_id}")
            .replace("{rid}", "{report_id}")
            .replace("{token}", "{token_id}")
            .replace("{draft}", "{release_id}")
            .replace(".csv", ".{fmt}")
            .replace(".xlsx", ".{fmt}"),
        )
        for m, p in listed
    }
    private = (
        "/submissions",
        "/audit",
        "/account",
        "/signout",
        "/api/v1/submissions",
        "/api/v1/submission-status",
        "/api/v1/audit",
        "/api/v1/action-reports",
    )
    routes = {
        (method, r.path)
        for r in desk.app.routes
        if isinstance(r, APIRoute) and r.path.startswith(private)
        for method in r.methods
    }
    assert routes <= listed, sorted(routes - listed)


def test_forms_without_the_csrf_token_are_refused(desk: Desk) -> None:
    client = desk.clients["sec1"]
    url = f"/submissions/{desk.vnm}/comments"
    refused = client.post(url, data={"value": "IT.NET.USER.ZS:2024", "body": "no token"})
    assert refused.status_code == 403
    forged = client.post(
        url, data={"csrf_token": "x" * 43, "value": "IT.NET.USER.ZS:2024", "body": "forged"}
    )
    assert forged.status_code == 403
    assert "no token" not in client.get(f"/submissions/{desk.vnm}").text


def test_api_ignores_session_cookies(desk: Desk) -> None:
    assert desk.clients["sec1"].get("/api/v1/submissions").status_code == 401


def test_sign_out_ends_the_session(desk: Desk, tmp_path: Path) -> None:
    client = DeskClient(desk.app)
    try:
        assert client.sign_in("viewer_all").status_code == 303
        assert client.get("/submissions").status_code == 200
        assert client.post("/signout", data={"csrf_token": client.csrf}).status_code == 303
        assert _outcome(client.get("/submissions")) == S
    finally:
        client.close()
