"""Tests of reading COINr-format iData/iMeta CSV files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from admtrack.errors import ValidationError
from admtrack.ingest.coinr import read_coinr

ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem"
IMETA = """Level,iCode,iName,Direction,Weight,Unit,Target,Denominator,Parent,Type
1,a,A,1,1,,,Pop,P,Indicator
1,b,B,-1,1,,,,P,Indicator
2,P,Pillar,1,1,,,,,Aggregate
,Region,Region,,,,,,,Group
,Pop,Population,,,,,,,Denominator
"""


def _write(tmp_path: Path, idata: str, imeta: str = IMETA) -> tuple[Path, Path]:
    (tmp_path / "iData.csv").write_text(idata, encoding="utf-8")
    (tmp_path / "iMeta.csv").write_text(imeta, encoding="utf-8")
    return tmp_path / "iData.csv", tmp_path / "iMeta.csv"


def test_reads_a_small_cross_section(tmp_path: Path) -> None:
    idata = "\ufeffuCode,uName,Region,Pop,a,b\nX,Ex,N,10,1,2\nY,Why,S,20,NA,4\nZ,,S,5,3,\n"
    data = read_coinr(*_write(tmp_path, idata))
    assert data.unit_codes == ("X", "Y", "Z")
    assert data.unit_names == ("Ex", "Why", "Z")
    np.testing.assert_array_equal(data.values, [[1, 2], [np.nan, 4], [3, np.nan]])
    assert data.groups == {"Region": ("N", "S", "S")}
    np.testing.assert_array_equal(data.denominators["Pop"], [10, 20, 5])


def test_problems_name_the_file_row_and_column(tmp_path: Path) -> None:
    idata = "uCode,uName,Region,Pop,a,b\nX,Ex,N,10,1,2\nX,Ex2,S,abc,1e999,inf\nY,Q,S,1,nan,3\n"
    path, meta = _write(tmp_path, idata)
    with pytest.raises(ValidationError) as info:
        read_coinr(path, meta)
    assert info.value.problems == [
        f"{path}, row 3, column 'uCode': 'X' already on row 2",
        f"{path}, row 3, column 'a': '1e999' is not a finite number",
        f"{path}, row 4, column 'a': 'nan' is not a finite number",
        f"{path}, row 3, column 'b': 'inf' is not a finite number",
        f"{path}, row 3, column 'Pop': 'abc' is not a number",
    ]
    assert str(path) in str(info.value)


def test_ragged_rows_and_repeated_columns_are_refused(tmp_path: Path) -> None:
    path, meta = _write(tmp_path, "uCode,Region,Pop,a,a\nX,N,1,1\n")
    with pytest.raises(ValidationError) as info:
        read_coinr(path, meta)
    assert info.value.problems == [
        f"{path}, row 2: 4 cells, the header has 5",
        f"{path}, column 'a': appears more than once",
    ]


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path, meta = _write(tmp_path, "")
    with pytest.raises(ValidationError, match="the file is empty"):
        read_coinr(path, meta)


def test_imeta_problems_name_the_imeta_file(tmp_path: Path) -> None:
    path, meta = _write(tmp_path, "uCode,a\nX,1\n", IMETA.replace("1,a,A,1,1", "1,a,A,1,x"))
    with pytest.raises(ValidationError) as info:
        read_coinr(path, meta)
    assert any(p.startswith(str(meta)) and "'x' is not a number" in p for p in info.value.problems)


def test_asem_cross_section_and_panel() -> None:
    data = read_coinr(ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv")
    assert data.values.shape == (51, 49)
    assert int(np.isnan(data.values).sum()) == 63
    assert data.unit_codes[0] == "AUT"
    assert data.values[0, data.indicator_codes.index("LPI")] == pytest.approx(4.097985)
    panel = read_coinr(ASEM / "ASEM_iData_p.csv", ASEM / "ASEM_iMeta.csv")
    assert panel.values.shape == (5, 51, 49)
