"""Service problems in the page's language: a located issue, a validation error and nested
messages, rendered from their templates and parameters (the English stays the service's)."""

from __future__ import annotations

from admtrack import i18n
from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.text import Message
from admtrack.errors import ValidationError
from admtrack.services.texts import issue_label, message_label, validation_label


def _issue() -> Issue:
    message = Message("%(text)r is not a finite number", text="12,5")
    return Issue("obs.not-a-number", Severity.ERROR, message, Location("vnm.csv", 3, "value"))


def test_a_located_issue_in_english_is_what_the_service_said() -> None:
    issue = _issue()
    assert (
        issue_label(issue)
        == str(issue)
        == ("vnm.csv, row 3, column 'value': obs.not-a-number: '12,5' is not a finite number")
    )


def test_a_located_issue_in_thai_keeps_file_row_column_and_code() -> None:
    with i18n.using("th"):
        assert issue_label(_issue()) == (
            "vnm.csv, แถว 3, คอลัมน์ 'value': obs.not-a-number: '12,5' ไม่ใช่ตัวเลขที่มีค่าจำกัด"
        )
    with i18n.using("vi"):
        assert message_label(_issue()) == (
            "vnm.csv, dòng 3, cột 'value': obs.not-a-number: '12,5' không phải là số hữu hạn"
        )


def test_a_validation_error_and_nested_messages_in_indonesian() -> None:
    exc = ValidationError("decision", [Message("a return for another reason needs a comment")])
    assert validation_label(exc) == str(exc)
    with i18n.using("id"):
        assert validation_label(exc) == (
            "decision: 1 masalah\n  - pengembalian karena alasan lain memerlukan komentar"
        )
        nested = Message("%(what)s: %(problem)s", what=Message("evidence document"),
                         problem=Message("the upload has no file name"))  # fmt: skip
        assert message_label(nested) == "dokumen bukti: unggahan tidak memiliki nama berkas"


def test_a_plain_text_is_shown_as_it_is() -> None:
    with i18n.using("th"):
        assert message_label("a library's own message") == "a library's own message"
