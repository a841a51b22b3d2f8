"""Tests of iData validation and assembly in memory (COINr check_iData rules)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from admtrack.analytics.data_input import IndexData, from_columns
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.errors import ValidationError

ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem"
META_ROWS = [
    {"Level": 1, "iCode": "a", "Parent": "P", "Weight": 1, "Direction": 1, "Denominator": "Pop",
     "Type": "Indicator"},
    {"Level": 1, "iCode": "b", "Parent": "P", "Weight": 1, "Direction": -1, "Type": "Indicator"},
    {"Level": 2, "iCode": "P", "Weight": 1, "Direction": 1, "Type": "Aggregate"},
    {"iCode": "Region", "Type": "Group"},
    {"iCode": "Pop", "Type": "Denominator"},
]  # fmt: skip


@pytest.fixture
def tree() -> FrameworkTree:
    return read_imeta(META_ROWS)


def _columns(**cells: list[object]) -> dict[str, list[object]]:
    base: dict[str, list[object]] = {
        "uCode": ["X", "Y", "Z"], "uName": ["Ex", "Why", ""], "Region": ["N", "S", "S"],
        "Pop": ["10", "20", "5"], "a": ["1", "NA", "3"], "b": ["2", "4", ""],
    }  # fmt: skip
    return base | cells


def test_text_cells_become_a_cross_section(tree: FrameworkTree) -> None:
    data = from_columns(_columns(), tree)
    assert data.unit_codes == ("X", "Y", "Z")
    assert data.unit_names == ("Ex", "Why", "Z")
    np.testing.assert_array_equal(data.values, [[1, 2], [np.nan, 4], [3, np.nan]])
    assert data.groups == {"Region": ("N", "S", "S")}
    np.testing.assert_array_equal(data.denominators["Pop"], [10, 20, 5])
    assert not data.is_panel


def test_every_problem_is_reported_with_source_row_and_column(tree: FrameworkTree) -> None:
    columns = _columns(uCode=["X", "X", ""], Pop=["10", "abc", "1"], a=["1", "2", "zz"])
    del columns["b"]
    with pytest.raises(ValidationError) as info:
        from_columns(columns, tree, source="in.csv")
    assert info.value.problems == [
        "in.csv, column 'b': missing from the data",
        "in.csv, row 3, column 'uCode': 'X' already on row 2",
        "in.csv, row 4, column 'uCode': empty",
        "in.csv, row 4, column 'a': 'zz' is not a number",
        "in.csv, row 3, column 'Pop': 'abc' is not a number",
    ]


@pytest.mark.parametrize("cell", ["inf", "-inf", "Infinity", "nan", "NaN", "1e999", math.inf])
def test_non_finite_cells_are_errors(tree: FrameworkTree, cell: object) -> None:
    with pytest.raises(ValidationError) as info:
        from_columns(_columns(b=["2", cell, "1"]), tree, source="in.csv")
    assert info.value.problems == [f"in.csv, row 3, column 'b': {cell!r} is not a finite number"]


def test_a_non_finite_denominator_is_an_error(tree: FrameworkTree) -> None:
    with pytest.raises(ValidationError, match=r"row 2, column 'Pop': '-1e400' is not a finite"):
        from_columns(_columns(Pop=["-1e400", "1", "1"]), tree)


@pytest.mark.parametrize("cell", ["", " ", "NA", "N/A", "null", "None", None, math.nan])
def test_empty_and_na_cells_are_missing_values(tree: FrameworkTree, cell: object) -> None:
    data = from_columns(_columns(b=["2", cell, "1"]), tree)
    assert math.isnan(data.values[1, 1])


def test_aggregate_codes_and_bad_names_are_refused(tree: FrameworkTree) -> None:
    columns = _columns(uCode=["A B", "Y", "Z"], P=["3", "3", "3"]) | {"1x": ["4", "4", "4"]}
    with pytest.raises(ValidationError) as info:
        from_columns(columns, tree)
    text = "\n".join(info.value.problems)
    assert "'P': aggregate codes may not appear" in text
    assert "'1x': column names may not start with a digit" in text
    assert "row 2, column 'uCode': 'A B' contains a space" in text


def test_panel_rows_become_a_year_axis(tree: FrameworkTree) -> None:
    columns: dict[str, list[object]] = {
        "uCode": ["X", "X", "Y"], "Time": ["2020", "2021", "2021"], "Region": ["N", "N", "S"],
        "Pop": ["1", "1", "2"], "a": ["1", "3", "5"], "b": ["2", "4", "6"],
    }  # fmt: skip
    data = from_columns(columns, tree)
    assert data.times == (2020, 2021)
    assert data.values.shape == (2, 2, 2)
    np.testing.assert_array_equal(data.values[0, 1], [np.nan, np.nan])
    np.testing.assert_array_equal(data.values[1], [[3, 4], [5, 6]])
    np.testing.assert_array_equal(data.denominators["Pop"], [[1, np.nan], [1, 2]])


def test_panel_years_must_be_finite_whole_numbers(tree: FrameworkTree) -> None:
    columns: dict[str, list[object]] = {
        "uCode": ["X", "X", "X", "X"], "Time": ["2020", "2020", "20.5", "inf"],
        "Region": ["N"] * 4, "Pop": ["1"] * 4, "a": ["1"] * 4, "b": ["2"] * 4,
    }  # fmt: skip
    with pytest.raises(ValidationError) as info:
        from_columns(columns, tree, source="p.csv")
    assert info.value.problems == [
        "p.csv, row 3, column 'uCode': 'X' in 2020 already on row 2",
        "p.csv, row 4, column 'Time': '20.5' is not a year",
        "p.csv, row 5, column 'Time': 'inf' is not a year",
    ]


def test_polars_and_pandas_frames_give_the_same_data() -> None:
    tree = read_imeta(pl.read_csv(ASEM / "ASEM_iMeta.csv").to_dicts())
    from_polars = IndexData.from_frame(pl.read_csv(ASEM / "ASEM_iData.csv", null_values=""), tree)
    from_pandas = IndexData.from_frame(pd.read_csv(ASEM / "ASEM_iData.csv"), tree)
    np.testing.assert_array_equal(from_polars.values, from_pandas.values)
    assert from_polars.values.shape == (51, 49)
    assert int(np.isnan(from_pandas.values).sum()) == 63
    assert from_pandas.groups == from_polars.groups


def test_from_array_checks_the_shape_and_finiteness(tree: FrameworkTree) -> None:
    data = IndexData.from_array([[1.0, 2.0], [2.0, np.nan]], tree, ["u", "v"])
    assert data.unit_names == ("u", "v")
    with pytest.raises(ValidationError, match="expected"):
        IndexData.from_array([[1.0, 2.0]], tree, ["u", "v"])
    with pytest.raises(ValidationError, match="values contain 2 infinite value"):
        IndexData.from_array([[np.inf, 2.0], [-np.inf, 1.0]], tree, ["u", "v"])
    with pytest.raises(ValidationError, match="Pop contain 1 infinite value"):
        IndexData.from_array([[1.0, 2.0]] * 2, tree, ["u", "v"], denominators={"Pop": [1, np.inf]})
    with pytest.raises(TypeError):
        IndexData.from_frame([[1.0]], tree)


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=3, max_size=3))
def test_finite_numbers_round_trip_through_text(values: list[float]) -> None:
    tree = read_imeta(META_ROWS)
    data = from_columns(_columns(b=[repr(v) for v in values]), tree)
    np.testing.assert_array_equal(data.values[:, 1], values)
