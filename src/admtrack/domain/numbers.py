"""Strict parsing of numbers and years written as text, shared by every reader.

Python's ``float`` and ``int`` are lenient: they accept ``20_23``, ``7_0.1``, Arabic-Indic and
full-width digits, ``nan`` and ``infinity``. A data file must not be read that way, so the
grammar here is narrow: ASCII digits, at most one leading sign, at most one decimal point, an
optional exponent (``e`` or ``E``, optional sign, ASCII digits). Surrounding whitespace is
ignored; nothing else is accepted.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_WHOLE = re.compile(r"[+-]?[0-9]+(?:\.0*)?")

#: Longest digit string accepted as an integer (beyond it a value is absurd for admtrack).
MAX_INTEGER_DIGITS = 18


def parse_number(text: str, *, finite: bool = True) -> float | None:
    """The number written in ``text``, or None when it is not one by the strict grammar. A value
    too large for a float (``1e999``) is None, or infinite when ``finite`` is False."""
    stripped = text.strip()
    if not _NUMBER.fullmatch(stripped):
        return None
    value = float(stripped)
    return value if math.isfinite(value) or not finite else None


def parse_integer(text: str, *, allow_point_zero: bool = False) -> int | None:
    """The integer written in ``text`` (ASCII digits, optional sign; with ``allow_point_zero``
    also ``2020.0`` as spreadsheets write it), or None."""
    stripped = text.strip()
    pattern = _WHOLE if allow_point_zero else _INTEGER
    if not pattern.fullmatch(stripped):
        return None
    digits = stripped.split(".", 1)[0]
    if len(digits.lstrip("+-")) > MAX_INTEGER_DIGITS:
        return None
    return int(digits)


def is_number_text(text: str) -> bool:
    """True when ``text`` is a finite number by the strict grammar."""
    return parse_number(text) is not None
