"""Action reports on the signed-in desk: the secretariat imports a fictional register from the
page, a focal point reports their own state's status with a document (CSRF-checked, the size and
type of the upload checked with clear errors, another state refused), the secretariat finds the
report in the review queue and approves or returns it; only then is it public."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from deskkit import DeskClient, desk_app
from fastapi import FastAPI

from admtrack.services.actions.register import MAX_DOCUMENT_BYTES
from desk_support import prepared_sqlite

DATA = Path(__file__).resolve().parents[1] / "data" / "actions"
REGISTER = DATA / "fictional-register.yaml"
EVIDENCE = DATA / "fictional-evidence.txt"
PAGE = "/submissions/actions"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    tmp = tmp_path_factory.mktemp("action-desk")
    prepared_sqlite(tmp).dispose()
    application = desk_app(f"sqlite:///{tmp / 'desk.sqlite3'}", tmp)
    application.state.ctx.refresh_seconds = 0.0  # see each write at once
    yield application
    application.state.desk.engine.dispose()


@pytest.fixture(scope="module")
def people(app: FastAPI) -> Iterator[dict[str, DeskClient]]:
    clients = {name: DeskClient(app) for name in ("sec1", "sec2", "fp_vnm", "fp_tha", "public")}
    for name, client in clients.items():
        if name != "public":
            assert client.sign_in(name).status_code == 303
    sec = clients["sec1"]
    imported = sec.post(f"{PAGE}/register", data={"csrf_token": sec.csrf},
                        files={"register": (REGISTER.name, REGISTER.read_bytes(), "text/yaml")})  # fmt: skip
    assert imported.status_code == 200, imported.text
    assert "3 enabling actions imported into adm2025" in imported.text
    yield clients
    for c in clients.values():
        c.close()


def report(
    client: DeskClient, country: str = "VNM", action: str = "FA1", **files: object
) -> object:
    data = {"csrf_token": client.csrf, "action": action, "country": country,
            "status": "completed", "as_of": "2024-05-01", "note": "Fictional completion"}  # fmt: skip
    upload = files or {"document": (EVIDENCE.name, EVIDENCE.read_bytes(), "text/plain")}
    return client.post(PAGE, data=data, files=upload)


def row_status(html: str, table: str, key: str, value: str) -> str:
    """The data-status of the row ``key=value`` of the table ``table``, row by row."""
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    row = re.search(rf'<tr {key}="{value}">(.*?)</tr>', body, re.S)
    assert row is not None, (table, value)
    found = re.search(r'data-status="([a-z_]+)"', row.group(1))
    assert found is not None
    return found.group(1)


def problems(html: str) -> str:
    found = re.search(
        r'<div class="error" role="alert" id="report-problems">(.*?)</div>', html, re.S
    )
    return found.group(1) if found else ""


def test_the_report_goes_through_review_before_it_is_public(people: dict[str, DeskClient]) -> None:
    fp, sec, public = people["fp_vnm"], people["sec1"], people["public"]
    form = fp.get(PAGE).text
    assert 'id="action-report-form"' in form and "FA1: Fictional action A" in form
    filed = report(fp)
    assert filed.status_code == 303  # type: ignore[attr-defined]
    rid = int(re.search(r"#report-(\d+)", filed.headers["location"]).group(1))  # type: ignore[attr-defined, union-attr]
    sha = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()

    queue = sec.get("/submissions").text
    assert re.search(rf'<tr data-report="{rid}">.*?FA1.*?VNM.*?completed', queue, re.S)
    assert queue.count(f'<tr data-report="{rid}">') == 1
    listed = sec.get(f"{PAGE}?state=pending").text
    assert sha in listed and f'action="/submissions/actions/{rid}/decision"' in listed
    pending_doc = sec.get(f"{PAGE}/{rid}/evidence")
    assert pending_doc.content == EVIDENCE.read_bytes()
    assert pending_doc.headers["x-checksum-sha256"] == sha
    assert public.get(f"/actions/evidence/{sha}").status_code == 404  # not public yet
    assert row_status(public.get("/actions/FA1").text, "state-status", "data-country", "VNM") == (
        "not_reported"
    )

    assert fp.post(f"{PAGE}/{rid}/decision",
                   data={"csrf_token": fp.csrf, "decision": "approve"}).status_code == 403  # fmt: skip
    assert sec.post(f"{PAGE}/{rid}/decision",
                    data={"decision": "approve"}).status_code == 403  # no CSRF token  # fmt: skip
    done = sec.post(f"{PAGE}/{rid}/decision", data={"csrf_token": sec.csrf, "decision": "approve"})
    assert done.status_code == 303
    again = people["sec2"].post(f"{PAGE}/{rid}/decision",
                                data={"csrf_token": people["sec2"].csrf, "decision": "approve"})  # fmt: skip
    assert again.status_code == 409 and "already approved" in again.text

    downloaded = public.get(f"/actions/evidence/{sha}")
    assert downloaded.status_code == 200 and hashlib.sha256(downloaded.content).hexdigest() == sha
    api = public.get("/api/v1/actions/FA1").json()
    vnm = next(s for s in api["states"] if s["country"] == "VNM")
    assert vnm["status"] == "completed" and vnm["report"]["evidence"]["sha256"] == sha
    page = public.get("/actions/FA1").text
    assert row_status(page, "state-status", "data-country", "VNM") == "completed"
    assert row_status(page, "state-status", "data-country", "THA") == "not_reported"
    matrix = public.get("/countries/VNM").text
    assert row_status(matrix, "action-matrix", "data-action", "FA1") == "completed"


def test_a_returned_report_says_why_and_stays_private(people: dict[str, DeskClient]) -> None:
    fp, sec = people["fp_tha"], people["sec1"]
    filed = report(fp, "THA", "FA3", document=("note.txt", b"fictional", "text/plain"))
    rid = int(re.search(r"#report-(\d+)", filed.headers["location"]).group(1))  # type: ignore[attr-defined, union-attr]
    empty = sec.post(f"{PAGE}/{rid}/decision",
                     data={"csrf_token": sec.csrf, "decision": "return", "note": " "})  # fmt: skip
    assert empty.status_code == 422 and "needs a note saying why" in problems(empty.text)
    returned = sec.post(f"{PAGE}/{rid}/decision", data={
        "csrf_token": sec.csrf, "decision": "return", "note": "the document is not signed"})  # fmt: skip
    assert returned.status_code == 303
    mine = fp.get(PAGE).text
    assert re.search(rf'id="report-{rid}"[^>]*data-review="returned".*?the document is not signed',
                     mine, re.S)  # fmt: skip
    assert f'id="report-{rid}"' not in people["fp_vnm"].get(PAGE).text  # another state's
    api = people["public"].get("/api/v1/actions/FA3").json()
    assert next(s for s in api["states"] if s["country"] == "THA")["status"] == "not_reported"


@pytest.mark.parametrize(
    ("who", "country", "files", "status", "message"),
    [
        ("fp_vnm", "THA", None, 403, "fp_vnm is the focal point of VNM and cannot report for THA"),
        ("sec1", "VNM", None, 403, "only a member state&#39;s focal point reports"),
        ("fp_vnm", "VNM", {"document": ("run.exe", b"MZ\x90", "application/octet-stream")}, 422,
         "evidence must be one of these file types: .pdf"),
        ("fp_vnm", "VNM", {"document": ("scan.pdf", b"not a pdf", "application/pdf")}, 422,
         "the content is not a .pdf document"),
        ("fp_vnm", "VNM", {"document": ("big.pdf", b"%PDF-" + b"x" * MAX_DOCUMENT_BYTES,
                                        "application/pdf")}, 413,
         f"larger than the limit of {MAX_DOCUMENT_BYTES:,} bytes"),
    ],
)  # fmt: skip
def test_a_refused_report_says_why_and_stores_nothing(
    people: dict[str, DeskClient], who: str, country: str, files: dict[str, object] | None,
    status: int, message: str,
) -> None:  # fmt: skip
    sec = people["sec1"]
    before = sec.get(PAGE).text.count('data-report="')
    answer = report(people[who], country, **(files or {}))
    assert answer.status_code == status  # type: ignore[attr-defined]
    assert message in answer.text  # type: ignore[attr-defined]
    assert "Traceback" not in answer.text  # type: ignore[attr-defined]
    assert sec.get(PAGE).text.count('data-report="') == before


def test_the_public_cannot_write_and_forms_need_the_token(people: dict[str, DeskClient]) -> None:
    public, fp = people["public"], people["fp_vnm"]
    anonymous = public.post(PAGE, data={"action": "FA1", "country": "VNM", "status": "completed"})
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/signin")
    assert public.post(f"{PAGE}/register").headers["location"].startswith("/signin")
    no_token = fp.post(PAGE, data={"action": "FA1", "country": "VNM", "status": "completed"})
    assert no_token.status_code == 403 and "security token" in no_token.text
    sec = people["sec1"]
    refused = sec.post(f"{PAGE}/register", data={"csrf_token": sec.csrf},
                       files={"register": ("register.exe", b"MZ", "application/octet-stream")})  # fmt: skip
    assert refused.status_code == 422 and "must be a .yaml or .csv file" in refused.text
    by_fp = fp.post(f"{PAGE}/register", data={"csrf_token": fp.csrf},
                    files={"register": (REGISTER.name, REGISTER.read_bytes(), "text/yaml")})  # fmt: skip
    assert by_fp.status_code == 403
