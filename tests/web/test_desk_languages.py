"""The desk's column headings in another language: "State" is two words in Vietnamese (and in
Indonesian and Thai), the member state (a country) and the state of a value or token (a
condition), so the desk asks the catalogues for "Member state" where the cells are countries and
for "State" in the context "condition" where they are conditions."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from deskkit import DeskClient, csv_upload, desk_app
from fastapi import FastAPI

from admtrack import i18n
from desk_support import prepared_sqlite


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    tmp = tmp_path_factory.mktemp("desk-languages")
    prepared_sqlite(tmp).dispose()
    application = desk_app(f"sqlite:///{tmp / 'desk.sqlite3'}", tmp)
    application.state.ctx.refresh_seconds = 0.0
    yield application
    application.state.desk.engine.dispose()


def headers_and_first_row(html: str, table: str) -> tuple[list[str], list[str]]:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    head = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", body.split("</thead>", 1)[0], re.S)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("<tbody>", 1)[1], re.S)
    cells = re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", rows[0], re.S) if rows else []
    return [h.strip() for h in head], [re.sub(r"<[^>]+>", "", c).strip() for c in cells]


def test_the_queue_heads_the_country_column_member_state_in_vietnamese(app: FastAPI) -> None:
    fp, sec = DeskClient(app), DeskClient(app)
    try:
        assert fp.sign_in("fp_vnm").status_code == 303
        assert sec.sign_in("sec1").status_code == 303
        filed = fp.post(
            "/submissions/new",
            data={"csrf_token": fp.csrf, "action": "submit"},
            files=csv_upload(["VNM,IT.NET.USER.ZS,2025,83.5,,Survey,"]),
        )
        assert filed.status_code == 303, filed.text
        submission = filed.headers["location"]

        with i18n.using("vi"):
            member_state = i18n.gettext("Member state")
            condition = i18n.pgettext("condition", "State")
        # The catalogue has both senses, and they are different words.
        assert member_state == "Quốc gia thành viên"
        assert condition == "Trạng thái"

        queue = sec.get("/submissions?lang=vi")
        assert queue.status_code == 200
        assert '<html lang="vi"' in queue.text
        head, row = headers_and_first_row(queue.text, "queue")
        assert head[1] == member_state and row[1] == "VNM"
        assert "Trạng thái" not in head
        head, _ = headers_and_first_row(queue.text, "action-queue")
        assert head[2] == member_state and "Trạng thái" not in head

        actions = sec.get("/submissions/actions?lang=vi").text
        head, _ = headers_and_first_row(actions, "action-reports")
        assert head[2] == member_state and "Trạng thái" not in head

        # Where the cells hold a condition the heading stays the condition.
        diff = sec.get(f"{submission}?lang=vi").text
        head, row = headers_and_first_row(diff, "diff")
        assert head[8] == condition and row[8] == i18n.translations("vi").gettext("pending")
    finally:
        fp.close()
        sec.close()


def test_the_english_desk_keeps_its_headings(app: FastAPI) -> None:
    sec = DeskClient(app)
    try:
        assert sec.sign_in("sec1").status_code == 303
        head, _ = headers_and_first_row(sec.get("/submissions?lang=en").text, "queue")
        assert head[:3] == ["Submission", "Member state", "Status"]
        account = sec.get("/account?lang=en").text
        assert "<th>State</th>" in account and "<th>Member state</th>" not in account
    finally:
        sec.close()


def test_the_token_list_heads_its_condition_column_state(app: FastAPI) -> None:
    sec = DeskClient(app)
    try:
        assert sec.sign_in("sec1").status_code == 303
        sec.new_token()
        account = sec.get("/account?lang=th").text
        with i18n.using("th"):
            condition, active = i18n.pgettext("condition", "State"), i18n.gettext("active")
        assert condition == "สถานะ" and active != "active"
        assert f"<th>{condition}</th>" in account and f"<td>{active}</td>" in account
        assert "ประเทศสมาชิก" not in account.split("</thead>", 1)[0].rsplit("<thead>", 1)[-1]
    finally:
        sec.close()
