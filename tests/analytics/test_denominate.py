"""Tests of denomination."""

from __future__ import annotations

import numpy as np
import pytest

from admtrack.analytics.denominate import denominate, denominate_stage
from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.spec import DenominateStage
from admtrack.errors import MethodError

TREE = read_imeta(
    {"Weight": 1, "Direction": 1} | row
    for row in [
        {"Level": 1, "iCode": "a", "Parent": "P", "Type": "Indicator", "Denominator": "Pop"},
        {"Level": 1, "iCode": "b", "Parent": "P", "Type": "Indicator"},
        {"Level": 2, "iCode": "P", "Type": "Aggregate"},
        {"iCode": "Pop", "Type": "Denominator"},
        {"iCode": "Area", "Type": "Denominator"},
    ]
)


def test_divides_by_the_imeta_denominator() -> None:
    x = np.array([[10.0, 1.0], [30.0, 2.0], [5.0, 3.0]])
    out = denominate_stage(x, TREE, {"Pop": [2.0, 3.0, 0.0]}, DenominateStage())
    np.testing.assert_array_equal(out, [[5.0, 1.0], [10.0, 2.0], [np.nan, 3.0]])
    assert x[0, 0] == 10.0  # input untouched


def test_overrides_and_scale() -> None:
    x = np.array([[10.0, 1.0], [30.0, 2.0]])
    stage = DenominateStage(by={"b": "Area"}, scale={"a": 1000.0})
    out = denominate_stage(x, TREE, {"Pop": [2.0, 3.0], "Area": [4.0, np.nan]}, stage)
    np.testing.assert_array_equal(out, [[5000.0, 0.25], [10000.0, np.nan]])


def test_batch_axes_broadcast() -> None:
    x = np.ones((4, 2, 2))
    out = denominate(x, {"Pop": [2.0, 4.0]}, ["Pop", None])
    np.testing.assert_array_equal(out[:, :, 0], np.tile([0.5, 0.25], (4, 1)))


def test_errors() -> None:
    with pytest.raises(MethodError, match="'Energy'"):
        denominate(np.ones((2, 1)), {}, ["Energy"])
    with pytest.raises(MethodError, match="unknown indicators"):
        denominate_stage(np.ones((2, 2)), TREE, {}, DenominateStage(by={"zz": "Pop"}))
    with pytest.raises(MethodError, match="2 indicator columns"):
        denominate(np.ones((2, 2)), {}, [None])
