from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from admtrack.ingest.checks import RANGES, BatchChecker, is_known_indicator, valid_range


def test_ranges_by_indicator_family() -> None:
    assert valid_range("GCI.OVERALL") == (0.0, 100.0)
    assert valid_range("GCI.LEGAL") == (0.0, 20.0)
    assert valid_range("LP.LPI.OVRL.XQ") == (1.0, 5.0)
    assert valid_range("EGOV.EGDI") == (0.0, 1.0)
    assert valid_range("IT.CEL.SETS.P2") == (0.0, 500.0)
    assert valid_range("NY.GDP.MKTP.KD.ZG") == (-100.0, 200.0)
    assert valid_range("IT_MOB_OWN.GAP") == (-100.0, 100.0)
    assert valid_range("SE_ADT_ACTS.ARSP") == (0.0, 100.0)
    assert valid_range("SE_ADT_ACTS") is None
    assert valid_range("NOT.A.CODE") is None
    assert is_known_indicator("SE_ACC_INTN.PRIMAR") and not is_known_indicator("XYZ")
    assert all(low < high for low, high in RANGES.values())


def test_number_parsing_collects_issues() -> None:
    checker = BatchChecker("t", "f.csv")
    assert checker.number(" 1.5 ", 2, "v") == 1.5
    assert checker.number("", 3, "v") is None
    assert checker.number("nan", 4, "v") is None
    assert checker.number("inf", 5, "v") is None
    assert checker.number("1,5", 6, "v") is None
    rows = [(i.code, i.location.row) for i in checker.result().issues]
    assert rows == [("obs.not-a-number", 4), ("obs.not-a-number", 5), ("obs.not-a-number", 6)]


def test_years_and_countries() -> None:
    checker = BatchChecker("t", "f.csv", skip_unlisted=True)
    assert checker.year("2020", 2, "y") == 2020
    assert checker.year("2020.0", 2, "y") == 2020
    assert checker.year("20x0", 3, "y") is None
    assert checker.year("1850", 4, "y") is None
    assert checker.country("SGP", 5, "c") == "SGP"
    assert checker.country("FRA", 6, "c") is None  # well formed, not tracked: skipped
    assert checker.country("fr", 7, "c") is None  # malformed: error
    assert checker.m49_country("096", 8, "c") == "BRN"
    assert checker.m49_country("250", 9, "c") is None
    assert checker.m49_country("X1", 10, "c") is None
    codes = [(i.code, i.location.row) for i in checker.result().issues]
    assert codes == [
        ("obs.bad-year", 3),
        ("obs.bad-year", 4),
        ("obs.unknown-country", 7),
        ("obs.unknown-country", 10),
    ]


def test_a_filtered_file_rejects_untracked_countries() -> None:
    checker = BatchChecker("t", "f.csv")
    assert checker.country("FRA", 2, "c") is None
    assert checker.m49_country("250", 3, "c") is None
    assert [i.code for i in checker.result().issues] == ["obs.unknown-country"] * 2


def test_add_checks_indicator_range_and_duplicates() -> None:
    checker = BatchChecker("t", "f.csv")
    checker.add("EGOV.EGDI", "SGP", 2020, 0.9, 2, "v")
    checker.add("EGOV.EGDI", "SGP", 2020, 0.8, 3, "v")
    checker.add("EGOV.EGDI", "MYS", 2020, 1.2, 4, "v")
    checker.add("NOPE", "MYS", 2020, 1.0, 5, "v")
    result = checker.result()
    assert [o.value for o in result.observations] == [0.9]
    assert [(i.code, i.location.row) for i in result.issues] == [
        ("obs.out-of-range", 4),
        ("obs.unknown-indicator", 5),
        ("obs.duplicate", 3),
    ]
    assert checker.result() == result  # result() can be asked twice


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_range_check_accepts_exactly_the_closed_interval(value: float) -> None:
    checker = BatchChecker("t", "f.csv")
    checker.add("GCI.LEGAL", "SGP", 2020, value, 2, "v")
    result = checker.result()
    assert (len(result.observations) == 1) == (0.0 <= value <= 20.0)
    assert len(result.observations) + len(result.issues) == 1


@given(st.floats(allow_nan=False, allow_infinity=False).map(repr))
def test_any_finite_repr_parses_back_exactly(text: str) -> None:
    value = BatchChecker("t", "f.csv").number(text, 2, "v")
    assert value is not None and repr(value) == text


@pytest.mark.parametrize("text", ["NaN", "-inf", "Infinity"])
def test_non_finite_text_is_rejected(text: str) -> None:
    checker = BatchChecker("t", "f.csv")
    assert checker.number(text, 2, "v") is None
    assert [i.code for i in checker.result().issues] == ["obs.not-a-number"]
