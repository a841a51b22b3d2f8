"""Strict number and year parsing: exactly the grammar, nothing Python's float/int also take."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from admtrack.domain.numbers import parse_integer, parse_number

GRAMMAR = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")


@pytest.mark.parametrize(
    ("text", "value"),
    [("70.3", 70.3), (" -1 ", -1.0), ("+2.", 2.0), (".5", 0.5), ("1e3", 1000.0), ("2.5E-1", 0.25)],
)
def test_the_grammar_is_read(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    ["7_0.1", "20_23", "\u0667\u0660", "\uff17\uff10", "1.2.3", "--1", "+-1", "1e", "e5", "nan",
     "inf", "-Infinity", "0x1F", "1,5", "", ".", "1e999", "½", "²"],
)  # fmt: skip
def test_anything_else_is_refused(text: str) -> None:
    assert parse_number(text) is None


def test_years_and_integers() -> None:
    assert parse_integer("2023") == 2023
    assert parse_integer("2023.0", allow_point_zero=True) == 2023
    assert parse_integer("2023.0") is None
    assert parse_integer("2023.5", allow_point_zero=True) is None
    assert parse_integer("20_23") is None
    assert parse_integer("\uff12\uff10\uff12\uff13") is None
    assert parse_integer("1" + "0" * 30) is None  # absurd, and beyond a database integer


@given(st.text(max_size=30))
def test_parse_number_accepts_exactly_the_grammar(text: str) -> None:
    value = parse_number(text)
    if GRAMMAR.fullmatch(text.strip()) and math.isfinite(float(text.strip())):
        assert value == float(text.strip())
    else:
        assert value is None


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_round_trips_through_its_repr(x: float) -> None:
    assert parse_number(repr(x)) == x
