"""A refused file or import reaches an API client as a problem (RFC 9457) that lists each issue
with its code, file, row and column."""

from __future__ import annotations

from fastapi import FastAPI
from webclient import InProcessClient

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.errors import ImportRejected
from admtrack.ingest.safe_read import refuse
from admtrack.web.problems import install


def _client() -> InProcessClient:
    app = FastAPI()
    install(app)

    @app.get("/api/v1/refused-file")
    def refused_file() -> None:
        raise refuse("file.not-utf8", "the file is not UTF-8, save it as UTF-8", "t.csv", 3)

    @app.get("/api/v1/refused-import")
    def refused_import() -> None:
        issue = Issue(
            "obs.bad-year", Severity.ERROR, "'20_23' is not a year", Location("t.csv", 2, "year")
        )
        raise ImportRejected("t.csv", [issue])

    return InProcessClient(app)


def test_a_refused_file_is_a_422_problem_with_its_located_issue() -> None:
    response = _client().get("/api/v1/refused-file")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["issues"] == [
        {"code": "file.not-utf8", "severity": "error", "file": "t.csv", "row": 3, "column": None,
         "message": "the file is not UTF-8, save it as UTF-8"},
    ]  # fmt: skip


def test_a_refused_import_is_a_400_problem_with_its_located_issues() -> None:
    body = _client().get("/api/v1/refused-import").json()
    assert body["status"] == 400 and "nothing was written" in body["detail"]
    assert [(i["code"], i["file"], i["row"], i["column"]) for i in body["issues"]] == [
        ("obs.bad-year", "t.csv", 2, "year")
    ]


def _labelled_client() -> InProcessClient:
    from admtrack.domain.text import Message
    from admtrack.errors import ValidationError

    app = FastAPI()
    install(app)

    @app.get("/api/v1/refused-form")
    def refused_form() -> None:
        raise ValidationError("decision", [Message("nothing decided")])

    @app.get("/api/v1/refused-rows")
    def refused_rows() -> None:
        message = Message("unknown country code %(code)r", code="XYZ")
        issue = Issue(
            "obs.unknown-country", Severity.ERROR, message, Location("t.csv", 4, "country")
        )
        raise ImportRejected("t.csv", [issue])

    return InProcessClient(app)


def test_an_api_problem_stays_english_without_lang() -> None:
    body = _labelled_client().get("/api/v1/refused-form").json()
    assert body["detail"] == "decision: 1 problem(s)\n  - nothing decided"
    assert "detail_label" not in body and "label_lang" not in body
    assert body["errors"] == [{"location": "decision", "message": "nothing decided"}]


def test_an_api_problem_with_lang_adds_labels_beside_the_english() -> None:
    client = _labelled_client()
    body = client.get("/api/v1/refused-form", params={"lang": "th"}).json()
    assert body["detail"] == "decision: 1 problem(s)\n  - nothing decided"
    assert body["detail_label"] == "decision: ปัญหา 1 รายการ\n  - ยังไม่มีการตัดสินใด"
    assert body["title"] == "Invalid request" and body["title_label"] != body["title"]
    assert body["label_lang"] == "th"
    assert body["errors"] == [{"location": "decision", "message": "nothing decided",
                               "message_label": "ยังไม่มีการตัดสินใด"}]  # fmt: skip
    rows = client.get("/api/v1/refused-rows", params={"lang": "vi"}).json()
    assert rows["issues"][0]["message"] == "unknown country code 'XYZ'"
    assert rows["issues"][0]["message_label"] == "mã quốc gia 'XYZ' không xác định"
    assert (rows["issues"][0]["row"], rows["issues"][0]["column"]) == (4, "country")


def test_an_unknown_lang_leaves_the_problem_english() -> None:
    body = _labelled_client().get("/api/v1/refused-form", params={"lang": "fr"}).json()
    assert "detail_label" not in body
