"""The safe reading layer: encodings, CSV shapes, YAML/JSON rules and limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from admtrack.ingest import safe_read
from admtrack.ingest.safe_read import FileRefused, csv_rows, load_json, load_yaml, read_text


def _refusal(call: object, *args: object) -> tuple[str, int | None, str | None, str]:
    with pytest.raises(FileRefused) as err:
        call(*args)  # type: ignore[operator]
    (issue,) = err.value.issues
    return issue.code, issue.location.row, issue.location.column, issue.message


def test_utf8_with_or_without_a_bom_and_nothing_else(tmp_path: Path) -> None:
    f = tmp_path / "f.csv"
    f.write_bytes(b"\xef\xbb\xbfa,b\n1,2\n")
    assert read_text(f) == "a,b\n1,2\n"
    f.write_bytes(b"a,b\n1,2\n3,\xe9\n")
    code, row, _, message = _refusal(read_text, f)
    assert (code, row) == ("file.not-utf8", 3)
    assert message == "the file is not UTF-8, save it as UTF-8 (byte 0xE9 at line 3, byte 3)"


def test_csv_keeps_breaks_inside_quotes_and_numbers_records(tmp_path: Path) -> None:
    f = tmp_path / "f.csv"
    f.write_text('a,b\r\n"x\fy\u2028z",2\r\n\r\n"multi\nline",3\n4,5', encoding="utf-8")
    assert csv_rows(f) == [
        (1, ["a", "b"]), (2, ["x\fy\u2028z", "2"]), (3, []), (4, ["multi\nline", "3"]), (5, ["4", "5"]),
    ]  # fmt: skip


def test_a_field_far_over_csv_s_default_limit_is_read(tmp_path: Path) -> None:
    f = tmp_path / "f.csv"
    f.write_text('a,b\n"' + "x" * 1_000_000 + '",2\n', encoding="utf-8")
    assert len(csv_rows(f)[1][1][0]) == 1_000_000


def test_limits_are_read_when_called(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "f.csv"
    f.write_text("a\n1\n2\n3\n", encoding="utf-8")
    monkeypatch.setattr(safe_read, "MAX_ROWS", 2)
    assert _refusal(csv_rows, f)[:2] == ("file.too-many-rows", 3)
    monkeypatch.setattr(safe_read, "MAX_FILE_BYTES", 4)
    assert _refusal(csv_rows, f)[0] == "file.too-large"


@pytest.mark.parametrize(
    ("text", "row", "column", "message"),
    [
        ("a: &x [1]\nb: *x\n", 2, "4", "aliases (*name) are not accepted"),
        ("a: 1\nb: 2\na: 3\n", 3, "1", "key 'a' given twice (first on line 1)"),
        ("a: " + "[" * 65 + "]" * 65, 1, "67", "nested more than 64 levels deep"),
        ("year: 20_23\n", 1, "7", "'20_23' is not a plain decimal integer"),
        ("t: 1:30\n", 1, "4", "'1:30' is not a plain decimal integer"),
        ("a: [1,\n", 2, "1", "expected the node content"),
    ],
)
def test_yaml_refusals_are_located(text: str, row: int, column: str, message: str) -> None:
    code, got_row, got_column, got = _refusal(load_yaml, text, "f.yaml")
    assert (code, got_row, got_column) == ("file.bad-yaml", row, column)
    assert message in got


def test_yaml_reads_plain_documents_and_json_numbers() -> None:
    assert load_yaml("a: [1, 2.5, 1e3, -4]\nb: {c: text}\n", "f") == {
        "a": [1, 2.5, 1000.0, -4], "b": {"c": "text"},
    }  # fmt: skip
    assert load_yaml("a: " + "[" * 63 + "]" * 63, "f") is not None  # 64 levels with the mapping


def test_json_refuses_duplicates_and_non_numbers() -> None:
    assert load_json('{"a": [1, 2.5e3]}', "f.json") == {"a": [1, 2500.0]}
    assert "key 'a' given twice" in _refusal(load_json, '{"a": 1, "a": 2}', "f.json")[3]
    assert "NaN is not a number" in _refusal(load_json, "[NaN]", "f.json")[3]
    assert _refusal(load_json, '{"a" 1}', "f.json")[1:3] == (1, "6")


def _central(data: bytes, offset: int, value: bytes) -> bytes:
    """``data`` with bytes at ``offset`` of its first central-directory entry replaced."""
    at = data.index(b"PK\x01\x02") + offset
    return data[:at] + value + data[at + len(value) :]


def _utf8_name_that_is_not(data: bytes) -> bytes:
    at = data.index(b"PK\x01\x02")
    flagged = _central(data, 8, b"\x00\x08")  # general-purpose flag: the name is UTF-8
    return flagged[: at + 46] + b"\x80" + flagged[at + 47 :]  # ... and its first byte is not


@pytest.mark.parametrize(
    "damage",
    [
        _utf8_name_that_is_not,  # zipfile raises UnicodeDecodeError
        lambda data: _central(data, 6, b"\x5c\x00"),  # version 9.2 to extract: NotImplementedError
    ],
)
def test_a_damaged_workbook_is_refused_not_a_crash(tmp_path: Path, damage: object) -> None:
    from fuzz_targets import _xlsx_seed

    f = tmp_path / "t.xlsx"
    f.write_bytes(damage(_xlsx_seed()))  # type: ignore[operator]
    assert _refusal(safe_read.xlsx_rows, f)[0] == "file.unreadable"
