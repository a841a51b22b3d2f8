"""The engine's reasons in other languages: every template is a catalogue message whose English
rendering is the engine's text, and the one translator renders it, or an outcome's composite
"no verdict" from its parts, in the language in force."""

from __future__ import annotations

import re

import pytest

from admtrack import i18n
from admtrack.analytics import progress as pg
from admtrack.domain import imeta
from admtrack.services.scoring import OutcomeStatus, reason_label
from admtrack.services.scoring.coverage_rule import TOO_FEW_WITH_DATA
from admtrack.services.scoring.reasons import TEMPLATES, not_measured_label
from admtrack.services.scoring.results import TOO_FEW_STATES

SAMPLE = {"window": 2, "n": 2, "total": 5, "first": 2021, "last": 2025, "need": 3}


def _english(template: str) -> str:
    names = re.findall(r"%\((\w+)\)s", template)
    return template % {k: SAMPLE[k] for k in names}


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_reason_reads_back_in_english_and_in_thai(template: str) -> None:
    english = _english(template)
    assert reason_label(english) == english
    with i18n.using("th"):
        thai = reason_label(english)
        expected = i18n.gettext(template) % {
            k: SAMPLE[k] for k in re.findall(r"%\((\w+)\)s", template)
        }
    assert thai == expected and thai != english
    assert i18n.is_translated(template, "th") and i18n.is_translated(template, "vi")


def test_the_numbers_of_a_reason_are_the_engines() -> None:
    english = TOO_FEW_WITH_DATA % {"n": 1, "total": 4, "first": 2020, "last": 2024, "need": 2}
    assert english == "1 of 4 indicators have 2020-2024 data; the plan needs 2"
    with i18n.using("vi"):
        assert reason_label(english) == "1 trong 4 chỉ số có dữ liệu 2020-2024; kế hoạch cần 2"
    ranked = TOO_FEW_STATES % {"n": 7, "total": 11, "need": 8}
    with i18n.using("id"):
        assert reason_label(ranked) == (
            "memiliki skor untuk 7 dari 11 negara anggota; rencana memeringkat hasil yang "
            "memiliki skor untuk sedikitnya 8"
        )


def _status(missing: tuple[tuple[str, str], ...], assessed: int, total: int) -> OutcomeStatus:
    english = pg.too_few_verdicts(assessed, total, missing)
    return OutcomeStatus("DO4", "SGP", "no verdict", english, total, assessed,
                         0, 0, 0, 0, 0, total - assessed, missing)  # fmt: skip


def test_a_composite_reason_is_rebuilt_from_its_parts() -> None:
    s = _status((("ITU.MBB2GB.GNI", pg.NO_TARGET_NO_TREND), ("X.Y", pg.ONE_YEAR_ONLY)), 0, 2)
    assert s.reason == (
        "verdicts for 0 of 2 indicators (ITU.MBB2GB.GNI: no target and no trend test; "
        "X.Y: one year only)"
    )
    assert reason_label(s) == s.reason
    with i18n.using("th"):
        assert reason_label(s) == (
            "มีผลการประเมิน 0 จาก 2 ตัวชี้วัด (ITU.MBB2GB.GNI: ไม่มีเป้าหมายและไม่มีการทดสอบ"
            "แนวโน้ม; X.Y: มีข้อมูลปีเดียว)"
        )


def test_the_engine_writes_the_composite_with_the_same_function() -> None:
    """outcome_progress's reason is too_few_verdicts of the parts it returns."""
    import numpy as np

    one = pg.indicator_progress(
        np.array([[np.nan, 5.0]]), np.array([2020.0, 2021.0]), target=np.nan, target_year=2025,
        baseline_year=2020,
    )  # fmt: skip
    frame = pg.outcome_progress({"A": one}, {"A": "DO1"}, ["SGP"])
    row = frame.row(0, named=True)
    assert row["summary"] == "no verdict"
    assert row["missing_indicators"] == ["A"] and row["missing_reasons"] == [pg.ONE_YEAR_ONLY]
    assert row["reason"] == pg.too_few_verdicts(0, 1, [("A", pg.ONE_YEAR_ONLY)])
    assert row["reason"] == "verdicts for 0 of 1 indicators (A: one year only)"


def test_the_domains_not_measured_reasons_are_translated() -> None:
    for english in (imeta.NOT_MEASURED_YET, imeta.NO_MEASURED_CHILD):
        with i18n.using("th"):
            full, short = reason_label(english), not_measured_label(english)
        assert full.startswith("ยังไม่ได้วัด: ") and short == full.removeprefix("ยังไม่ได้วัด: ")
        assert "not measured" not in full and short != english


def test_an_unknown_text_is_shown_as_it_is() -> None:
    with i18n.using("th"):
        assert reason_label("a reason another version wrote") == "a reason another version wrote"
        assert reason_label("") == "" and reason_label(None) == ""
