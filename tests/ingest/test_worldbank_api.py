from __future__ import annotations

from datetime import date
from pathlib import Path

import httpx
import pytest
from ingest_helpers import SPECIMENS, issue_at, values

from admtrack.ingest.worldbank_api import WorldBankApiConnector

RECORDED = SPECIMENS / "worldbank_api"


def _serve(request: httpx.Request) -> httpx.Response:
    assert request.url.path == "/v2/country/SGP;THA/indicator/IT.NET.USER.ZS"
    assert request.url.params["format"] == "json"
    assert request.url.params["date"] == "2022:2023"
    page = request.url.params["page"]
    return httpx.Response(200, content=(RECORDED / f"page{page}.json").read_bytes())


def test_all_pages_are_read_with_provenance() -> None:
    with httpx.Client(transport=httpx.MockTransport(_serve)) as client:
        connector = WorldBankApiConnector(client, per_page=2)
        result = connector.fetch("IT.NET.USER.ZS", ["SGP", "THA"], 2022, 2023, date(2026, 12, 1))
    assert values(result) == {
        ("IT.NET.USER.ZS", "SGP", 2023): 94.3,
        ("IT.NET.USER.ZS", "THA", 2023): 89.5,
    }
    tha = next(o for o in result.observations if o.country == "THA")
    assert tha.provenance is not None
    assert "page=2" in tha.provenance.file and tha.provenance.row == 1
    assert tha.provenance.retrieved == date(2026, 12, 1)
    issue = issue_at(result, "obs.unknown-country", 2, "countryiso3code")
    assert "ZZZ" in issue.message
    assert len(result.issues) == 1


def test_an_error_answer_becomes_an_issue(tmp_path: Path) -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=(RECORDED / "error.json").read_bytes())

    with httpx.Client(transport=httpx.MockTransport(serve)) as client:
        result = WorldBankApiConnector(client).fetch(
            "BAD.CODE", ["SGP"], 2020, 2020, date(2026, 12, 1)
        )
    assert result.observations == ()
    assert [i.code for i in result.issues] == ["api.error"]
    assert "Invalid value" in result.issues[0].message


def test_an_http_error_becomes_an_issue() -> None:
    def serve(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="unavailable")

    with httpx.Client(transport=httpx.MockTransport(serve)) as client:
        result = WorldBankApiConnector(client).fetch("X", ["SGP"], 2020, 2020, date(2026, 12, 1))
    assert [i.code for i in result.issues] == ["api.error"]


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ('[{"pages": 1000000000}, []]', "page count '1000000000' is not 0-1000"),
        ('[{"pages": "two"}, []]', "page count 'two' is not 0-1000"),
        ('[{"pages": 1}, [1, 2]]', "the records are not a list of objects"),
        ('[{"pages": 1}, {"value": 1}]', "the records are not a list of objects"),
    ],
)
def test_a_malformed_answer_is_an_issue_and_is_not_followed(answer: str, message: str) -> None:
    requests: list[httpx.Request] = []

    def serve(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, text=answer)

    with httpx.Client(transport=httpx.MockTransport(serve)) as client:
        result = WorldBankApiConnector(client).fetch("X", ["SGP"], 2020, 2020, date(2026, 12, 1))
    assert [(i.code, i.message) for i in result.issues] == [("api.error", message)]
    assert len(requests) == 1
