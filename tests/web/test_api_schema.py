"""Every ``/api/v1`` path publishes the shape of each answer in /openapi.json, and the answers it
really gives on the bundled data (and its problem details) validate against that schema."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from jsonschema import Draft202012Validator
from webclient import InProcessClient

from admtrack.web.api.observations import CSV_COLUMNS

# (url, expected status): at least one request per documented path x status; ?format=csv too.
CASES: tuple[tuple[str, int], ...] = (
    ("/api/v1/plans", 200),
    ("/api/v1/plans/adm2025", 200),
    ("/api/v1/plans/adm2030", 200),
    ("/api/v1/plans/nope", 404),
    ("/api/v1/countries", 200),
    ("/api/v1/countries?asean=true", 200),
    ("/api/v1/countries?asean=maybe", 422),
    ("/api/v1/countries/TLS", 200),
    ("/api/v1/countries/XXX", 404),
    ("/api/v1/indicators", 200),
    ("/api/v1/indicators?plan=adm2030", 200),
    ("/api/v1/indicators?plan=nope", 404),
    ("/api/v1/indicators/IT.NET.USER.ZS", 200),
    ("/api/v1/indicators/IT.NET.USER.ZS?plan=adm2030", 200),
    ("/api/v1/indicators/NOPE", 404),
    ("/api/v1/releases", 200),
    ("/api/v1/geo/asean", 200),
    ("/api/v1/observations?limit=50000", 200),
    ("/api/v1/observations?indicator=IT.NET.USER.ZS&country=VNM,THA&limit=5", 200),
    ("/api/v1/observations?indicator=IT.NET.USER.ZS&format=csv", 200),
    ("/api/v1/observations?format=csv&limit=50000", 200),
    ("/api/v1/observations?indicator=NOPE", 404),
    ("/api/v1/observations?release=nope&format=csv", 404),
    ("/api/v1/observations?limit=0", 422),
    ("/api/v1/progress", 200),
    ("/api/v1/progress?country=VNM&indicator=IT.NET.USER.ZS", 200),
    ("/api/v1/progress?plan=nope", 404),
    ("/api/v1/progress?plan=adm2030", 422),
    ("/api/v1/index", 200),
    ("/api/v1/index?weights=DO2:2&aggregation=gmean&normalisation=goalposts", 200),
    ("/api/v1/index?release=nope", 404),
    ("/api/v1/index?weights=DO9:2", 422),
    ("/api/v1/index/what-if?weights=DO2:2&aggregation=gmean", 200),
    ("/api/v1/index/what-if?plan=nope", 404),
    ("/api/v1/index/what-if?weights=DO2", 422),
    ("/api/v1/actions", 200),
    ("/api/v1/actions?outcome=DO3&status=not_reported&state=VNM&lead=VNM", 200),
    ("/api/v1/actions?plan=nope", 404),
    ("/api/v1/actions?status=done", 422),
    ("/api/v1/actions/FA1", 200),
    ("/api/v1/actions/NOPE", 404),
    ("/api/v1/cyber-readiness", 200),
    ("/api/v1/cyber-readiness?release=nope", 404),
)


@pytest.fixture(scope="module")
def openapi(client: InProcessClient) -> dict[str, Any]:
    spec: dict[str, Any] = client.get("/openapi.json").json()
    return spec


@pytest.fixture(scope="module")
def answers(client: InProcessClient) -> dict[str, httpx.Response]:
    return {url: client.get(url) for url, _ in CASES}


def api_paths(openapi: dict[str, Any]) -> list[str]:
    return [p for p in openapi["paths"] if p.startswith("/api/v1/")]


def template_of(url: str, openapi: dict[str, Any]) -> str:
    """The documented path (``/api/v1/plans/{plan_id}``) that ``url`` asks for."""
    path = url.split("?")[0]
    matches = [
        p for p in api_paths(openapi) if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", p), path)
    ]
    assert len(matches) == 1, f"{url} matches {matches}"
    return matches[0]


def documented(openapi: dict[str, Any], path: str, status: int, media: str) -> dict[str, Any]:
    """The schema /openapi.json gives for ``path``'s ``status`` answer in ``media``, with the
    document's components beside it so that its ``$ref``s resolve."""
    answers = openapi["paths"][path]["get"]["responses"]
    assert str(status) in answers, f"{path} does not document status {status}"
    content = answers[str(status)].get("content", {})
    assert media in content, f"{path} {status} documents {sorted(content)}, not {media}"
    return {**content[media]["schema"], "components": openapi["components"]}


def resolve(schema: dict[str, Any], openapi: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = openapi
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def default_limit(openapi: dict[str, Any]) -> str:
    parameters = openapi["paths"]["/api/v1/observations"]["get"]["parameters"]
    return str(next(p for p in parameters if p["name"] == "limit")["schema"]["default"])


def test_every_path_documents_a_closed_object_for_its_answer(openapi: dict[str, Any]) -> None:
    paths = api_paths(openapi)
    assert len(paths) >= 11
    for path in paths:
        ok = openapi["paths"][path]["get"]["responses"]["200"]["content"]
        json_media = [m for m in ok if m.endswith("json")]
        assert len(json_media) == 1, f"{path} has no JSON answer schema: {sorted(ok)}"
        shape = resolve(ok[json_media[0]]["schema"], openapi)
        assert shape.get("type") == "object", f"{path} answers an untyped {shape}"
        assert shape.get("properties"), f"{path} documents no fields"
        assert shape.get("additionalProperties") is False, f"{path} is an open object"


def test_no_component_is_an_open_object(openapi: dict[str, Any]) -> None:
    for name, schema in openapi["components"]["schemas"].items():
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, name
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_the_cases_cover_every_documented_answer(openapi: dict[str, Any]) -> None:
    """A new path, or a new documented status or media type, needs a case here."""
    asked = {(template_of(url, openapi), status) for url, status in CASES}
    published = {
        (path, int(status))
        for path in api_paths(openapi)
        for status in openapi["paths"][path]["get"]["responses"]
    }
    assert asked == published
    assert any("format=csv" in url and status == 200 for url, status in CASES)


@pytest.mark.parametrize(("url", "status"), CASES)
def test_real_answers_validate_against_the_published_schema(
    url: str, status: int, openapi: dict[str, Any], answers: dict[str, httpx.Response]
) -> None:
    response = answers[url]
    assert response.status_code == status, response.text[:500]
    media = response.headers["content-type"].split(";")[0].strip()
    if status >= 400:
        assert media == "application/problem+json"
    schema = documented(openapi, template_of(url, openapi), status, media)
    if media == "text/csv":
        Draft202012Validator(schema).validate(response.text)
        header, *rows = list(csv.reader(io.StringIO(response.text)))
        assert header == list(CSV_COLUMNS)
        limit = int(parse_qs(urlsplit(url).query).get("limit", [default_limit(openapi)])[0])
        assert len(rows) == min(int(response.headers["x-total-count"]), limit) > 0
        return
    body = json.loads(response.content)
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: e.json_path)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:20])


def test_a_wrong_answer_fails_the_validation(
    openapi: dict[str, Any], answers: dict[str, httpx.Response]
) -> None:
    """The check above can fail: a changed field type or an extra field is caught."""
    schema = documented(openapi, "/api/v1/index", 200, "application/json")
    body = answers["/api/v1/index"].json()
    body["ranking"][0]["rank"] = "first"
    assert list(Draft202012Validator(schema).iter_errors(body))
    body = answers["/api/v1/countries/TLS"].json() | {"capital": "Dili"}
    country = documented(openapi, "/api/v1/countries/{iso3}", 200, "application/json")
    assert list(Draft202012Validator(country).iter_errors(body))
