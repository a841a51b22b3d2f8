"""Every ``/api/v1`` operation publishes the shape of each answer in /openapi.json, and the answers
it really gives (the public data on the bundled release; the submission desk with bearer tokens of
every role, walked through filing, review, resubmission and withdrawal) and its problem details
validate against that schema."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from deskkit import DeskClient, csv_upload, desk_app
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from webclient import InProcessClient

from admtrack.services.actions import COLUMNS as ACTION_COLUMNS
from admtrack.services.actions.register import MAX_DOCUMENT_BYTES
from admtrack.services.stored_data import import_enabling_actions
from admtrack.services.submissions.template import COLUMNS as TEMPLATE_COLUMNS
from admtrack.web.api.observations import CSV_COLUMNS
from desk_support import prepared_sqlite

REGISTER = Path(__file__).resolve().parents[1] / "data" / "actions" / "fictional-register.yaml"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The operations that answer a file, not JSON, and the media types they document.
DOWNLOADS = {
    ("/api/v1/submissions/template", "get"): {"text/csv", XLSX},
    ("/api/v1/actions/export", "get"): {"text/csv", XLSX},
    ("/api/v1/action-reports/{report_id}/evidence", "get"): {"application/octet-stream"},
}
#: The columns of each table download, by documented path.
TABLE_COLUMNS = {
    "/api/v1/observations": tuple(CSV_COLUMNS),
    "/api/v1/submissions/template": tuple(TEMPLATE_COLUMNS),
    "/api/v1/actions/export": tuple(ACTION_COLUMNS),
}

# (url, expected status): at least one request per documented path x status; ?format=csv too.
CASES: tuple[tuple[str, int], ...] = (
    ("/api/v1/plans", 200),
    ("/api/v1/plans?lang=th", 200),
    ("/api/v1/plans?lang=fr", 422),
    ("/api/v1/plans/adm2025", 200),
    ("/api/v1/plans/adm2025?lang=km", 200),
    ("/api/v1/plans/adm2030", 200),
    ("/api/v1/plans/nope", 404),
    ("/api/v1/plans/adm2025?lang=EN", 422),
    ("/api/v1/countries", 200),
    ("/api/v1/countries?asean=true", 200),
    ("/api/v1/countries?asean=true&lang=my", 200),
    ("/api/v1/countries?asean=maybe", 422),
    ("/api/v1/countries/TLS", 200),
    ("/api/v1/countries/VNM?lang=vi", 200),
    ("/api/v1/countries/XXX", 404),
    ("/api/v1/countries/TLS?lang=tet", 422),
    ("/api/v1/indicators", 200),
    ("/api/v1/indicators?plan=adm2030", 200),
    ("/api/v1/indicators?lang=id", 200),
    ("/api/v1/indicators?plan=nope", 404),
    ("/api/v1/indicators?lang=", 422),
    ("/api/v1/indicators/IT.NET.USER.ZS", 200),
    ("/api/v1/indicators/IT.NET.USER.ZS?plan=adm2030", 200),
    ("/api/v1/indicators/IT.NET.USER.ZS?lang=th", 200),
    ("/api/v1/indicators/NOPE", 404),
    ("/api/v1/indicators/IT.NET.USER.ZS?lang=thai", 422),
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
    ("/api/v1/progress?country=ZZZ", 404),
    ("/api/v1/progress?indicator=NOPE", 404),
    ("/api/v1/progress?plan=adm2030", 200),
    ("/api/v1/progress?country=SGP&lang=th", 200),
    ("/api/v1/progress?country=TLS&lang=km", 200),
    ("/api/v1/progress?lang=xx", 422),
    ("/api/v1/index?lang=vi", 200),
    ("/api/v1/index?plan=adm2030&lang=id", 200),
    ("/api/v1/index?lang=xx", 422),
    ("/api/v1/index/what-if?weights=DO2:2&lang=th", 200),
    ("/api/v1/index/what-if?lang=xx", 422),
    ("/api/v1/cyber-readiness?lang=th", 200),
    ("/api/v1/cyber-readiness?lang=xx", 422),
    ("/api/v1/index", 200),
    ("/api/v1/index?plan=adm2030", 200),
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
    ("/api/v1/actions/export", 200),
    ("/api/v1/actions/export?format=xlsx&plan=adm2025", 200),
    ("/api/v1/actions/export?plan=nope", 404),
    ("/api/v1/actions/export?format=pdf", 422),
    ("/api/v1/actions/NOPE", 404),
    ("/api/v1/cyber-readiness", 200),
    ("/api/v1/cyber-readiness?release=nope", 404),
    ("/api/v1/observations?release=bundled-2026-11-29&indicator=IT.NET.USER.ZS", 200),
    ("/api/v1/index?as_of=2026-12-01", 200),
    ("/api/v1/progress?as_of=2026-11-29&country=VNM", 200),
    ("/api/v1/observations?as_of=2020-01-01", 404),
    ("/api/v1/observations?release=bundled-2026-11-29&as_of=2026-12-01", 422),
)
#: Every public read takes ?release= and ?as_of= (web/deps.py): an unknown release is a 404, a
#: malformed date a 422, on each of them.
RELEASE_READS = (
    "/api/v1/plans", "/api/v1/plans/adm2025", "/api/v1/countries", "/api/v1/countries/TLS",
    "/api/v1/indicators", "/api/v1/indicators/IT.NET.USER.ZS", "/api/v1/releases",
    "/api/v1/geo/asean", "/api/v1/observations", "/api/v1/progress", "/api/v1/index",
    "/api/v1/index/what-if", "/api/v1/actions", "/api/v1/actions/FA1", "/api/v1/cyber-readiness",
)  # fmt: skip
CASES += tuple(
    case
    for path in RELEASE_READS
    for case in ((f"{path}?release=nope", 404), (f"{path}?as_of=2026-02-30", 422))
)


@dataclass
class DeskState:
    """The submission the desk cases work on: its id, version, and the version before."""

    sid: int = 0
    version: int = 0
    stale: int = 0
    rid: int = 0  # the action report


Body = Callable[[DeskState], dict[str, Any]]
GOOD = "VNM,IT.NET.USER.ZS,2025,83.5,,Survey,"
RETURN: dict[str, Any] = {"action": "return", "reason": "other", "comment": "check the survey year"}
BODIES: dict[str, Body] = {
    "good": lambda s: {"files": csv_upload([GOOD])},
    "revised": lambda s: {"files": csv_upload(["VNM,IT.NET.USER.ZS,2025,84.5,,Survey,"])},
    "refused": lambda s: {"files": csv_upload([GOOD, "VNM,IT.NET.USER.ZS,2024,lots,,Survey,"])},
    "too-big": lambda s: {"files": {"file": ("big.csv", b"x" * 5_000_001, "text/csv")}},
    "exe": lambda s: {"files": {"file": ("evil.exe", b"MZ", "application/octet-stream")}},
    "no-file": lambda s: {"data": {"note": "no file"}},
    "comment": lambda s: {"json": {"indicator": "IT.NET.USER.ZS", "year": 2025, "body": "why?"}},
    "empty": lambda s: {"json": {}},
    "return": lambda s: {"json": {"version": s.version, "decisions": [RETURN]}},
    "return-stale": lambda s: {"json": {"version": s.stale, "decisions": [RETURN]}},
    "shrug": lambda s: {"json": {"version": s.version, "decisions": [{"action": "shrug"}]}},
    "version": lambda s: {"json": {"version": s.version}},
    "version-stale": lambda s: {"json": {"version": s.stale}},
}
S = "/api/v1/submissions"
A = "/api/v1/action-reports"
PDF = b"%PDF-1.4 fictional evidence for the schema tests"


def action_form(country: str = "VNM", **extra: Any) -> Body:
    fields = {"action": "FA1", "country": country, "status": "completed", "as_of": "2024-05-01",
              "note": "fictional", **extra}  # fmt: skip
    return lambda s: {"data": fields, "files": {"document": ("scan.pdf", PDF, "application/pdf")}}


BODIES |= {
    "act-good": action_form(),
    "act-tha": action_form("THA"),
    "act-too-big": lambda s: {
        "data": {"action": "FA1", "country": "VNM", "status": "completed"},
        "files": {"document": ("big.pdf", b"%PDF-" + b"x" * MAX_DOCUMENT_BYTES, "application/pdf")},
    },
    "act-exe": lambda s: {
        "data": {"action": "FA1", "country": "VNM", "status": "completed"},
        "files": {"document": ("evil.exe", b"MZ", "application/octet-stream")},
    },
    "act-no-status": lambda s: {"data": {"action": "FA1", "country": "VNM"}},
    "approve": lambda s: {"json": {"decision": "approve"}},
    "return-no-note": lambda s: {"json": {"decision": "return", "note": " "}},
}


@dataclass(frozen=True)
class Ask:
    """One desk request, in order: ``who`` signs it with a token (None: no token); ``{sid}``,
    ``{v}`` and ``{stale}`` in the url are the submission's id, version and previous version."""

    who: str | None
    method: str
    url: str
    status: int
    body: str | None = None

    def __str__(self) -> str:
        return f"{self.who} {self.method.upper()} {self.url} {self.status} {self.body or ''}"


DESK_CASES: tuple[Ask, ...] = (
    Ask("fp_vnm", "post", f"{S}?dry_run=true", 200, "good"),
    Ask(None, "post", S, 401, "good"),
    Ask("sec1", "post", S, 403, "good"),
    Ask("fp_vnm", "post", f"{S}?plan=nope", 404, "good"),
    Ask("fp_vnm", "post", f"{S}?dry_run=true", 413, "too-big"),
    Ask("fp_vnm", "post", S, 422, "refused"),
    Ask("fp_vnm", "post", f"{S}?dry_run=true", 422, "exe"),
    Ask("fp_vnm", "post", S, 422, "no-file"),
    Ask("fp_vnm", "post", S, 201, "good"),
    Ask("fp_vnm", "get", S, 200),
    Ask("sec1", "get", f"{S}?status=in_review", 200),
    Ask("sec1", "get", f"{S}?status=bogus", 422),
    Ask(None, "get", S, 401),
    Ask("fp_vnm", "get", f"{S}/template", 200),
    Ask("fp_vnm", "get", f"{S}/template?format=xlsx", 200),
    Ask(None, "get", f"{S}/template", 401),
    Ask("fp_vnm", "get", f"{S}/template?country=THA", 403),
    Ask("sec1", "get", f"{S}/template", 422),
    Ask("fp_vnm", "get", f"{S}/template?format=pdf", 422),
    Ask("sec1", "get", f"{S}/{{sid}}", 200),
    Ask(None, "get", f"{S}/{{sid}}", 401),
    Ask("fp_tha", "get", f"{S}/{{sid}}", 404),
    Ask("sec1", "get", f"{S}/first", 422),
    Ask("sec1", "post", f"{S}/{{sid}}/comments", 201, "comment"),
    Ask(None, "post", f"{S}/{{sid}}/comments", 401, "comment"),
    Ask("viewer_vnm", "post", f"{S}/{{sid}}/comments", 403, "comment"),
    Ask("sec1", "post", f"{S}/999999/comments", 404, "comment"),
    Ask("sec1", "post", f"{S}/{{sid}}/comments", 422, "empty"),
    Ask(None, "post", f"{S}/{{sid}}/decisions", 401, "return"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/decisions", 403, "return"),
    Ask("sec1", "post", f"{S}/999999/decisions", 404, "return"),
    Ask("sec1", "post", f"{S}/{{sid}}/decisions", 422, "shrug"),
    Ask("sec1", "post", f"{S}/{{sid}}/decisions", 200, "return"),
    Ask("sec2", "post", f"{S}/{{sid}}/decisions", 409, "return-stale"),
    Ask(None, "post", f"{S}/{{sid}}/resubmit?version={{v}}", 401, "revised"),
    Ask("sec1", "post", f"{S}/{{sid}}/resubmit?version={{v}}", 403, "revised"),
    Ask("fp_vnm", "post", f"{S}/999999/resubmit?version={{v}}", 404, "revised"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/resubmit?version={{stale}}", 409, "revised"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/resubmit?version={{v}}", 413, "too-big"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/resubmit?version={{v}}", 422, "refused"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/resubmit", 422, "revised"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/resubmit?version={{v}}", 200, "revised"),
    Ask(None, "post", f"{S}/{{sid}}/withdraw", 401, "version"),
    Ask("sec1", "post", f"{S}/{{sid}}/withdraw", 403, "version"),
    Ask("fp_tha", "post", f"{S}/{{sid}}/withdraw", 404, "version"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/withdraw", 409, "version-stale"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/withdraw", 422, "empty"),
    Ask("fp_vnm", "post", f"{S}/{{sid}}/withdraw", 200, "version"),
    Ask("fp_vnm", "get", "/api/v1/submission-status", 200),
    Ask("sec1", "get", "/api/v1/submission-status?plan=adm2030", 200),
    Ask(None, "get", "/api/v1/submission-status", 401),
    Ask("sec1", "get", "/api/v1/submission-status?plan=nope", 404),
    Ask("sec1", "get", "/api/v1/audit?limit=50", 200),
    Ask("admin1", "get", "/api/v1/audit?activity=false", 200),
    Ask(None, "get", "/api/v1/audit", 401),
    Ask("fp_vnm", "get", "/api/v1/audit", 403),
    Ask("sec1", "get", "/api/v1/audit?before=latest", 422),
    Ask(None, "post", A, 401, "act-good"),
    Ask("sec1", "post", A, 403, "act-good"),
    Ask("fp_vnm", "post", A, 403, "act-tha"),
    Ask("fp_vnm", "post", f"{A}?plan=nope", 404, "act-good"),
    Ask("fp_vnm", "post", A, 413, "act-too-big"),
    Ask("fp_vnm", "post", A, 422, "act-exe"),
    Ask("fp_vnm", "post", A, 422, "act-no-status"),
    Ask("fp_vnm", "post", A, 201, "act-good"),
    Ask("fp_vnm", "get", A, 200),
    Ask("sec1", "get", f"{A}?state=pending", 200),
    Ask(None, "get", A, 401),
    Ask("sec1", "get", f"{A}?state=lost", 422),
    Ask("sec1", "get", f"{A}/{{rid}}", 200),
    Ask(None, "get", f"{A}/{{rid}}", 401),
    Ask("fp_tha", "get", f"{A}/{{rid}}", 404),
    Ask("sec1", "get", f"{A}/first", 422),
    Ask("sec1", "get", f"{A}/{{rid}}/evidence", 200),
    Ask("fp_vnm", "get", f"{A}/{{rid}}/evidence", 200),
    Ask(None, "get", f"{A}/{{rid}}/evidence", 401),
    Ask("fp_tha", "get", f"{A}/{{rid}}/evidence", 404),
    Ask("sec1", "get", f"{A}/first/evidence", 422),
    Ask(None, "post", f"{A}/{{rid}}/decision", 401, "approve"),
    Ask("fp_vnm", "post", f"{A}/{{rid}}/decision", 403, "approve"),
    Ask("sec1", "post", f"{A}/999999/decision", 404, "approve"),
    Ask("sec1", "post", f"{A}/{{rid}}/decision", 422, "return-no-note"),
    Ask("sec1", "post", f"{A}/{{rid}}/decision", 200, "approve"),
    Ask("sec2", "post", f"{A}/{{rid}}/decision", 409, "approve"),
)
TOKEN_HOLDERS = sorted({a.who for a in DESK_CASES if a.who is not None})


@pytest.fixture(scope="module")
def openapi(client: InProcessClient) -> dict[str, Any]:
    spec: dict[str, Any] = client.get("/openapi.json").json()
    return spec


@pytest.fixture(scope="module")
def answers(client: InProcessClient) -> dict[str, httpx.Response]:
    return {url: client.get(url) for url, _ in CASES}


@pytest.fixture(scope="module")
def desk_answers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[httpx.Response]]:
    """The answers to DESK_CASES, asked in order on a desk of its own."""
    tmp: Path = tmp_path_factory.mktemp("desk-schema")
    engine = prepared_sqlite(tmp)
    import_enabling_actions(engine, "adm2025", REGISTER, actor="test:secretariat")
    engine.dispose()
    app = desk_app(f"sqlite:///{tmp / 'desk.sqlite3'}", tmp)
    clients = {name: DeskClient(app) for name in [*TOKEN_HOLDERS, ""]}
    tokens = {}
    for name in TOKEN_HOLDERS:
        assert clients[name].sign_in(name).status_code == 303
        tokens[name] = {"authorization": f"Bearer {clients[name].new_token()}"}
    state, out = DeskState(), []
    for ask in DESK_CASES:
        url = ask.url.format(sid=state.sid, v=state.version, stale=state.stale, rid=state.rid)
        kwargs = BODIES[ask.body](state) if ask.body else {}
        headers = tokens[ask.who] if ask.who else {}
        send = getattr(clients[""], ask.method)
        response: httpx.Response = send(url, headers=headers, **kwargs)
        out.append(response)
        if ask.url == A and response.status_code == 201:
            state.rid = response.json()["id"]
        if response.status_code in (200, 201) and "version" in response.text[:200]:
            body = response.json()
            if isinstance(body, dict) and "version" in body:
                state.sid = state.sid or body["id"]
                state.stale, state.version = state.version, body["version"]
    yield out
    for c in clients.values():
        c.close()
    app.state.desk.engine.dispose()


def api_paths(openapi: dict[str, Any]) -> list[str]:
    return [p for p in openapi["paths"] if p.startswith("/api/v1/")]


def operations(openapi: dict[str, Any]) -> list[tuple[str, str]]:
    """Every documented (path, method) under /api/v1."""
    return [(path, method) for path in api_paths(openapi) for method in openapi["paths"][path]]


def template_of(url: str, openapi: dict[str, Any]) -> str:
    """The documented path (``/api/v1/plans/{plan_id}``) that ``url`` asks for; a literal path
    (``/api/v1/submissions/template``) before a templated one that also matches."""
    path = url.split("?")[0]
    if path in openapi["paths"]:
        return path
    matches = [
        p for p in api_paths(openapi) if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", p), path)
    ]
    assert len(matches) == 1, f"{url} matches {matches}"
    return matches[0]


def documented(
    openapi: dict[str, Any], path: str, status: int, media: str, method: str = "get"
) -> dict[str, Any]:
    """The schema /openapi.json gives for ``method path``'s ``status`` answer in ``media``, with
    the document's components beside it so that its ``$ref``s resolve."""
    assert method in openapi["paths"][path], f"{path} does not document {method.upper()}"
    answers = openapi["paths"][path][method]["responses"]
    assert str(status) in answers, f"{method.upper()} {path} does not document status {status}"
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
    """Every success answer of every operation is a closed JSON object, except the downloads,
    which document exactly their media types."""
    assert len(api_paths(openapi)) >= 19
    assert {m for _, m in operations(openapi)} == {"get", "post"}
    for path, method in operations(openapi):
        answers = openapi["paths"][path][method]["responses"]
        successes = [s for s in answers if s.startswith("2")]
        assert successes, f"{method.upper()} {path} documents no success answer"
        for status in successes:
            where = f"{method.upper()} {path} {status}"
            ok = answers[status]["content"]
            json_media = [m for m in ok if m.endswith("json")]
            if (path, method) in DOWNLOADS:
                assert set(ok) == DOWNLOADS[(path, method)], f"{where}: {sorted(ok)}"
                assert all(ok[m]["schema"].get("type") == "string" for m in ok), where
                continue
            assert len(json_media) == 1, f"{where} has no JSON answer schema: {sorted(ok)}"
            shape = resolve(ok[json_media[0]]["schema"], openapi)
            assert shape.get("type") == "object", f"{where} answers an untyped {shape}"
            assert shape.get("properties"), f"{where} documents no fields"
            assert shape.get("additionalProperties") is False, f"{where} is an open object"


def test_no_component_is_an_open_object(openapi: dict[str, Any]) -> None:
    for name, schema in openapi["components"]["schemas"].items():
        if schema.get("type") == "object":
            assert schema.get("additionalProperties") is False, name
    assert "HTTPValidationError" not in openapi["components"]["schemas"]


def test_the_cases_cover_every_documented_answer(openapi: dict[str, Any]) -> None:
    """A new path, or a new documented status or media type, needs a case here."""
    asked = {(template_of(url, openapi), "get", status) for url, status in CASES} | {
        (template_of(a.url, openapi), a.method, a.status) for a in DESK_CASES
    }
    published = {
        (path, method, int(status))
        for path, method in operations(openapi)
        for status in openapi["paths"][path][method]["responses"]
    }
    assert asked == published
    assert any("format=csv" in url and status == 200 for url, status in CASES)
    assert any("format=xlsx" in a.url and a.status == 200 for a in DESK_CASES)


def check_answer(
    response: httpx.Response, openapi: dict[str, Any], path: str, status: int, method: str
) -> None:
    """``response`` has ``status`` and validates against what /openapi.json documents for it."""
    assert response.status_code == status, response.text[:500]
    media = response.headers["content-type"].split(";")[0].strip()
    if status >= 400:
        assert media == "application/problem+json"
    schema = documented(openapi, path, status, media, method)
    if media == XLSX:
        assert schema["type"] == "string" and schema["format"] == "binary"
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        header, *rows = list(sheet.iter_rows(values_only=True))
        assert header == TABLE_COLUMNS[path] and rows
        return
    if media == "text/csv":
        Draft202012Validator(schema).validate(response.text)
        return
    if media == "application/octet-stream":
        assert schema["type"] == "string" and schema["format"] == "binary"
        assert hashlib.sha256(response.content).hexdigest() == response.headers["x-checksum-sha256"]
        assert response.content == PDF
        return
    body = json.loads(response.content)
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: e.json_path)
    assert not errors, "\n".join(f"{e.json_path}: {e.message}" for e in errors[:20])


@pytest.mark.parametrize(("url", "status"), CASES)
def test_real_answers_validate_against_the_published_schema(
    url: str, status: int, openapi: dict[str, Any], answers: dict[str, httpx.Response]
) -> None:
    response = answers[url]
    path = template_of(url, openapi)
    check_answer(response, openapi, path, status, "get")
    if response.headers["content-type"].startswith("text/csv"):
        header, *rows = list(csv.reader(io.StringIO(response.text)))
        assert tuple(header) == TABLE_COLUMNS[path] and rows
        if path != "/api/v1/observations":
            return
        limit = int(parse_qs(urlsplit(url).query).get("limit", [default_limit(openapi)])[0])
        assert len(rows) == min(int(response.headers["x-total-count"]), limit) > 0


@pytest.mark.parametrize("index", range(len(DESK_CASES)), ids=[str(a) for a in DESK_CASES])
def test_real_desk_answers_validate_against_the_published_schema(
    index: int, openapi: dict[str, Any], desk_answers: list[httpx.Response]
) -> None:
    ask, response = DESK_CASES[index], desk_answers[index]
    check_answer(response, openapi, template_of(ask.url, openapi), ask.status, ask.method)
    if response.headers["content-type"].startswith("text/csv"):
        header, *rows = list(csv.reader(io.StringIO(response.text)))
        assert tuple(header) == TABLE_COLUMNS[template_of(ask.url, openapi)] and rows
    if ask.status == 401:
        assert response.headers["www-authenticate"] == 'Bearer realm="admtrack"'


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


def test_a_wrong_desk_answer_fails_the_validation(
    openapi: dict[str, Any], desk_answers: list[httpx.Response]
) -> None:
    """A refused file's problem keeps its report; a filed submission gains no field."""
    filed = next(r for a, r in zip(DESK_CASES, desk_answers, strict=True) if a.status == 201)
    schema = documented(openapi, "/api/v1/submissions", 201, "application/json", "post")
    assert not list(Draft202012Validator(schema).iter_errors(filed.json()))
    assert list(Draft202012Validator(schema).iter_errors(filed.json() | {"owner": "fp_vnm"}))
    refused = desk_answers[DESK_CASES.index(Ask("fp_vnm", "post", S, 422, "refused"))].json()
    problem = documented(openapi, "/api/v1/submissions", 422, "application/problem+json", "post")
    assert not list(Draft202012Validator(problem).iter_errors(refused))
    refused["report"]["rows"][0]["outcome"] = "accepted"
    assert list(Draft202012Validator(problem).iter_errors(refused))
