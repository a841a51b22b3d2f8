from __future__ import annotations

from pathlib import Path

from ingest_helpers import issue_at, values
from openpyxl import Workbook

from admtrack.domain.observations import ObservationStatus
from admtrack.ingest.tabular import read_template

KNOWN = {"DO2.BROADBAND", "IT.NET.USER.ZS"}


def test_csv_template_is_validated_like_every_source(specimens: Path) -> None:
    result = read_template(specimens / "template.csv", KNOWN, source_id="regulator")
    issue_at(result, "obs.not-a-number", 4, "value")
    issue_at(result, "obs.unknown-country", 5, "country")
    issue_at(result, "obs.unknown-indicator", 6, "indicator")
    issue_at(result, "obs.duplicate", 7, "value")
    issue_at(result, "obs.unknown-status", 8, "status")
    issue_at(result, "obs.out-of-range", 9, "value")
    assert not issue_at(result, "obs.missing-value", 10, "value").is_error
    issue_at(result, "file.truncated-row", 11, "value")
    assert len(result.issues) == 8
    assert values(result) == {
        ("DO2.BROADBAND", "SGP", 2024): 95.5,
        ("DO2.BROADBAND", "MYS", 2024): 88.0,
    }
    mys = next(o for o in result.observations if o.country == "MYS")
    assert mys.status is ObservationStatus.ESTIMATED and mys.source == "regulator"


def test_xlsx_template(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["country", "indicator", "year", "value", "status", "note"])
    sheet.append(["SGP", "DO2.BROADBAND", 2024, 95.5, None, "regulator"])
    sheet.append(["THA", "DO2.BROADBAND", 2023, 80, "provisional", None])
    sheet.append(["LAO", "DO2.BROADBAND", 2023, "n/a", None, None])
    path = tmp_path / "template.xlsx"
    book.save(path)
    result = read_template(path, KNOWN)
    assert values(result) == {
        ("DO2.BROADBAND", "SGP", 2024): 95.5,
        ("DO2.BROADBAND", "THA", 2023): 80.0,
    }
    issue = issue_at(result, "obs.not-a-number", 4, "value")
    assert issue.location.file == "template.xlsx"


def test_xlsx_without_a_value_column(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["country", "indicator", "year"])
    path = tmp_path / "t.xlsx"
    book.save(path)
    issue_at(read_template(path, KNOWN), "file.missing-column", 1, "value")
