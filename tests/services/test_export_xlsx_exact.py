"""XLSX exports read back to exactly the values written, including doubles that need all 17
significant digits (openpyxl's own writer keeps 16)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.export import save_workbook
from admtrack.services.setup import bundled_data_dir


def _round_trip(values: list[float], path: Path) -> list[float]:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for value in values:
        sheet.append([value])
    save_workbook(workbook, path)
    back = load_workbook(path)
    values_read = [row[0].value for row in back.active.iter_rows()]  # type: ignore[union-attr]
    back.close()
    return values_read


def test_a_value_needing_17_digits_survives(tmp_path: Path) -> None:
    value = 62.123456789012344  # "%.16g" writes 62.12345678901234, a different double
    assert float(f"{value:.16g}") != value
    assert _round_trip([value, 0.1 + 0.2], tmp_path / "x.xlsx") == [value, 0.1 + 0.2]


def test_every_bundled_value_survives(tmp_path: Path) -> None:
    values = [o.value for o in read_snapshot(bundled_data_dir())]
    assert _round_trip(values, tmp_path / "bundled.xlsx") == values


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), min_size=1, max_size=20)
)
def test_any_finite_double_survives(values: list[float]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        assert _round_trip(values, Path(folder) / "h.xlsx") == values
