"""The desk's problems in the page's language: a focal point's refused upload lists each
located issue (file, row, column, code) in Thai, the English stays on the API."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from deskkit import DeskClient, csv_upload, desk_client, sqlite_desk
from fastapi import FastAPI


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    yield from sqlite_desk(tmp_path_factory.mktemp("desk-languages"))


@pytest.fixture
def client(app: FastAPI) -> Iterator[DeskClient]:
    yield from desk_client(app)


BAD = ["VNM,IT.NET.USER.ZS,2025,12x5,,Survey,", "XYZ,IT.NET.USER.ZS,2024,50,,Survey,"]


def _problems(html: str) -> list[str]:
    block = re.search(r'id="report-problems">(.*?)</div>', html, flags=re.S)
    assert block is not None, html[:2000]
    return [unescape(li) for li in re.findall(r"<li>(.*?)</li>", block.group(1), flags=re.S)]


def test_a_refused_upload_reads_in_thai_on_the_desk(client: DeskClient) -> None:
    assert client.sign_in("fp_vnm").status_code == 303
    data = {"csrf_token": client.csrf, "action": "check"}
    english = _problems(client.post("/submissions/new?lang=en", data=data,
                                    files=csv_upload(BAD)).text)  # fmt: skip
    thai = _problems(client.post("/submissions/new?lang=th", data=data,
                                 files=csv_upload(BAD)).text)  # fmt: skip
    assert english == [
        "vnm.csv, row 2, column 'value': obs.not-a-number: '12x5' is not a finite number",
        "vnm.csv, row 3, column 'country': obs.unknown-country: unknown country code 'XYZ'",
        "vnm.csv, row 3, column 'country': sub.other-state: the row is for XYZ; this submission "
        "is for VNM only",
    ]
    assert thai == [
        "vnm.csv, แถว 2, คอลัมน์ 'value': obs.not-a-number: '12x5' ไม่ใช่ตัวเลขที่มีค่าจำกัด",
        "vnm.csv, แถว 3, คอลัมน์ 'country': obs.unknown-country: ไม่รู้จักรหัสประเทศ 'XYZ'",
        "vnm.csv, แถว 3, คอลัมน์ 'country': sub.other-state: แถวนี้เป็นของ XYZ การส่งนี้สำหรับ VNM เท่านั้น",
    ]
