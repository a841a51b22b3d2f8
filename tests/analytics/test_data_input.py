"""Tests of iData validation and assembly (COINr check_iData rules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest

from admtrack.analytics.data_input import IndexData, read_coinr
from admtrack.analytics.framework_table import read_imeta
from admtrack.errors import ValidationError

ASEM = Path(__file__).resolve().parents[3] / "shared" / "data" / "asem"
IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,Pop,P,Indicator
1,b,B,-1,1,,,,P,Indicator
2,P,Pillar,1,1,,,,,Aggregate
,Region,Region,,,,,,,Group
,Pop,Population,,,,,,,Denominator
"""


def _write(tmp_path: Path, idata: str, imeta: str = IMETA) -> tuple[Path, Path]:
    (tmp_path / "iData.csv").write_text(idata)
    (tmp_path / "iMeta.csv").write_text(imeta)
    return tmp_path / "iData.csv", tmp_path / "iMeta.csv"


def test_reads_a_small_cross_section(tmp_path: Path) -> None:
    idata = "uCode,uName,Region,Pop,a,b\nX,Ex,N,10,1,2\nY,Why,S,20,NA,4\nZ,,S,5,3,\n"
    data = read_coinr(*_write(tmp_path, idata))
    assert data.unit_codes == ("X", "Y", "Z")
    assert data.unit_names == ("Ex", "Why", "Z")
    np.testing.assert_array_equal(data.values, [[1, 2], [np.nan, 4], [3, np.nan]])
    assert data.groups == {"Region": ("N", "S", "S")}
    np.testing.assert_array_equal(data.denominators["Pop"], [10, 20, 5])
    assert not data.is_panel


def test_every_problem_is_reported_with_file_row_and_column(tmp_path: Path) -> None:
    idata = "uCode,uName,Region,Pop,a\nX,Ex,N,10,1\nX,Ex2,S,abc,2\n,Q,S,1,zz\n"
    path, meta = _write(tmp_path, idata)
    with pytest.raises(ValidationError) as info:
        read_coinr(path, meta)
    problems = info.value.problems
    assert f"{path}, column 'b': missing from the data" in problems
    assert f"{path}, row 3, column 'uCode': 'X' already on row 2" in problems
    assert f"{path}, row 3, column 'Pop': 'abc' is not a number" in problems
    assert f"{path}, row 4, column 'uCode': empty" in problems
    assert f"{path}, row 4, column 'a': 'zz' is not a number" in problems
    assert len(problems) == 5


def test_aggregate_codes_and_bad_names_are_refused(tmp_path: Path) -> None:
    idata = "uCode,Region,Pop,a,b,P,1x\nA B,N,1,1,2,3,4\n"
    path, meta = _write(tmp_path, idata)
    with pytest.raises(ValidationError) as info:
        read_coinr(path, meta)
    text = "\n".join(info.value.problems)
    assert "'P': aggregate codes may not appear" in text
    assert "'1x': column names may not start with a digit" in text
    assert "row 2, column 'uCode': 'A B' contains a space" in text


def test_panel_rows_become_a_year_axis(tmp_path: Path) -> None:
    idata = "uCode,Time,Region,Pop,a,b\nX,2020,N,1,1,2\nX,2021,N,1,3,4\nY,2021,S,2,5,6\n"
    data = read_coinr(*_write(tmp_path, idata))
    assert data.times == (2020, 2021)
    assert data.values.shape == (2, 2, 2)
    np.testing.assert_array_equal(data.values[0, 1], [np.nan, np.nan])
    np.testing.assert_array_equal(data.values[1], [[3, 4], [5, 6]])
    np.testing.assert_array_equal(data.denominators["Pop"], [[1, np.nan], [1, 2]])


def test_panel_duplicates_are_unit_and_year_pairs(tmp_path: Path) -> None:
    idata = "uCode,Time,Region,Pop,a,b\nX,2020,N,1,1,2\nX,2020,N,1,3,4\nX,20.5,N,1,3,4\n"
    path, meta = _write(tmp_path, idata)
    with pytest.raises(ValidationError) as info:
        read_coinr(path, meta)
    assert info.value.problems == [
        f"{path}, row 3, column 'uCode': 'X' in 2020 already on row 2",
        f"{path}, row 4, column 'Time': '20.5' is not a year",
    ]


def test_ragged_rows_are_refused(tmp_path: Path) -> None:
    path, meta = _write(tmp_path, "uCode,Region,Pop,a,b\nX,N,1,1\n")
    with pytest.raises(ValidationError, match="row 2: 4 cells, the header has 5"):
        read_coinr(path, meta)


def test_polars_and_pandas_frames_give_the_same_data() -> None:
    tree = read_imeta(pl.read_csv(ASEM / "ASEM_iMeta.csv").to_dicts())
    frame = pl.read_csv(ASEM / "ASEM_iData.csv", null_values="")
    from_polars = IndexData.from_frame(frame, tree)
    from_pandas = IndexData.from_frame(pd.read_csv(ASEM / "ASEM_iData.csv"), tree)
    from_csv = read_coinr(ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv")
    np.testing.assert_array_equal(from_polars.values, from_csv.values)
    np.testing.assert_array_equal(from_pandas.values, from_csv.values)
    assert from_pandas.groups == from_csv.groups


def test_asem_shapes() -> None:
    data = read_coinr(ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv")
    assert data.values.shape == (51, 49)
    assert int(np.isnan(data.values).sum()) == 63
    assert data.unit_codes[0] == "AUT"
    assert data.values[0, data.indicator_codes.index("LPI")] == pytest.approx(4.097985)
    panel = read_coinr(ASEM / "ASEM_iData_p.csv", ASEM / "ASEM_iMeta.csv")
    assert panel.values.shape == (5, 51, 49)


def test_from_array_checks_the_shape() -> None:
    tree = read_imeta(
        [{"Level": 1, "iCode": "a", "Parent": "P", "Type": "Indicator", "Weight": 1, "Direction": 1},
         {"Level": 2, "iCode": "P", "Type": "Aggregate", "Weight": 1, "Direction": 1}]
    )  # fmt: skip
    data = IndexData.from_array([[1.0], [2.0]], tree, ["u", "v"])
    assert data.unit_names == ("u", "v")
    with pytest.raises(ValidationError, match="expected"):
        IndexData.from_array([[1.0, 2.0]], tree, ["u"])
    with pytest.raises(TypeError):
        IndexData.from_frame([[1.0]], tree)
