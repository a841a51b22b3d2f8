"""Security headers on every response, signed-in pages kept out of the public page cache,
session cookies' flags, sign-in rate limits and the CSP-compatible templates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from deskkit import DeskClient, desk_client, sqlite_desk
from fastapi import FastAPI

from admtrack.web.page_cache import HEADER

HERE = Path(__file__).resolve().parents[2] / "src" / "admtrack" / "web" / "templates"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    yield from sqlite_desk(tmp_path_factory.mktemp("desk-security"))


@pytest.fixture
def client(app: FastAPI) -> Iterator[DeskClient]:
    yield from desk_client(app)


@pytest.mark.parametrize(
    "path", ["/", "/countries/VNM", "/docs", "/openapi.json", "/static/app.css", "/api/v1/releases",
             "/signin", "/submissions", "/nope", "/api/v1/submissions"],
)  # fmt: skip
def test_every_response_carries_the_security_headers(client: DeskClient, path: str) -> None:
    for _ in range(2):  # the second answer of a page may come from the page cache
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert "script-src 'self'" in csp and "default-src 'self'" in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_templates_hold_no_inline_script_or_style() -> None:
    for template in HERE.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
        assert "<style" not in text and not re.search(r"\sstyle=", text), template.name
        assert not re.search(r"\son[a-z]+=", text), template.name


def test_signed_in_pages_bypass_the_public_page_cache(client: DeskClient) -> None:
    anonymous = client.get("/countries/VNM")
    assert client.get("/countries/VNM").headers.get(HEADER) == "hit"
    assert "cache-control" not in anonymous.headers
    assert client.sign_in("fp_vnm").status_code == 303
    page = client.get("/countries/VNM")
    assert page.headers.get(HEADER) is None  # neither served from nor stored in the cache
    assert page.headers["cache-control"] == "private, no-store"
    desk = client.get("/submissions")
    assert desk.headers["cache-control"] == "private, no-store" and HEADER not in desk.headers


def test_session_cookie_is_httponly_lax_and_secure_over_https(
    app: FastAPI, client: DeskClient
) -> None:
    response = client.sign_in("sec1")
    cookie = response.headers["set-cookie"]
    assert "admtrack_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http in the test; over https the flag is set:
    secure = DeskClient(app)
    try:
        secure._client.base_url = "https://testserver"  # type: ignore[misc]
        assert "Secure" in secure.sign_in("sec1").headers["set-cookie"]
    finally:
        secure.close()


def test_sign_in_is_rate_limited_per_account(client: DeskClient) -> None:
    for _ in range(5):
        assert client.sign_in("viewer_tha", "wrong password here").status_code == 401
    refused = client.sign_in("viewer_tha")  # the right password, but too many failures
    assert refused.status_code == 429 and "too many failed sign-ins" in refused.text.lower()
    assert client.sign_in("viewer_vnm").status_code == 303  # another account is not locked


def test_sign_in_needs_the_form_token(client: DeskClient) -> None:
    response = client.post("/signin", data={"username": "sec1", "password": "a long test password"})
    assert response.status_code == 403 and "admtrack_session" not in response.headers.get(
        "set-cookie", ""
    )


def test_next_after_sign_in_stays_on_this_site(client: DeskClient) -> None:
    form = client.get("/signin?next=//evil.example/x").text
    assert "evil.example" not in form
