"""SDMX-CSV (1.0 and 2.0) and SDMX-ML generic data messages, read like every other source:
values with provenance, problems located at file, row and column, and all-or-nothing imports."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.errors import ImportRejected
from admtrack.ingest.sdmx import SdmxConnector
from admtrack.services.ingestion import import_file
from admtrack.services.setup import initialise
from admtrack.store.unit_of_work import Store

SPECIMENS = Path(__file__).resolve().parents[1] / "data" / "ingest" / "sdmx"


@pytest.mark.parametrize(
    ("specimen", "expected"),
    [
        # VNM given by its M49 number 704; FRA is not a tracked country and is skipped
        ("itu_internet_v2.csv", {("VNM", 2024): (81.25, 2), ("MYS", 2024): (97.7, 3)}),
        ("sdg_internet_v1.csv", {("IDN", 2023): (69.2, 2), ("PHL", 2023): (83.8, 3)}),
        ("sdg_internet_generic.xml", {("VNM", 2023): (78.5, 1), ("THA", 2023): (88.0, 2)}),
    ],
)
def test_a_clean_message_gives_values_with_provenance(
    specimen: str, expected: dict[tuple[str, int], tuple[float, int]]
) -> None:
    result = SdmxConnector().read(SPECIMENS / specimen)
    assert result.issues == ()
    got = {
        (o.country, o.year): (o.value, o.provenance.row)
        for o in result.observations
        if o.provenance
    }
    assert got == expected
    assert {o.indicator for o in result.observations} == {"IT.NET.USER.ZS"}
    assert all(o.provenance and o.provenance.file == specimen for o in result.observations)


def test_bad_rows_are_located_by_row_and_column() -> None:
    result = SdmxConnector().read(SPECIMENS / "malformed_rows.csv")
    located = {(i.code, i.location.row, i.location.column) for i in result.errors}
    assert located == {("obs.bad-year", 3, "TIME_PERIOD"), ("obs.not-a-number", 4, "OBS_VALUE")}


@pytest.mark.parametrize(
    ("specimen", "code"), [("not_sdmx.csv", "file.not-sdmx"), ("truncated.xml", "file.not-sdmx")]
)
def test_a_file_that_is_not_an_sdmx_message_is_refused(specimen: str, code: str) -> None:
    result = SdmxConnector().read(SPECIMENS / specimen)
    assert code in {i.code for i in result.errors}
    assert result.observations == ()


def test_imports_are_all_or_nothing(engine: sa.Engine) -> None:
    initialise(engine)
    with Store(engine).reader() as r:
        before = len(r.observations())
    with pytest.raises(ImportRejected, match="malformed_rows.csv"):
        import_file(engine, SPECIMENS / "malformed_rows.csv", "sdmx")
    with Store(engine).reader() as r:
        assert len(r.observations()) == before
    report = import_file(engine, SPECIMENS / "itu_internet_v2.csv", "sdmx")
    assert report.counts.inserted == 2
    with Store(engine).reader() as r:
        (vnm,) = r.observations("IT.NET.USER.ZS", ["VNM"], 2024, 2024, release=report.release)
        assert "sdmx" in {s.id for s in r.sources()}
    assert vnm.value == 81.25 and vnm.source == "sdmx"
    assert vnm.provenance is not None and (vnm.provenance.row, vnm.provenance.column) == (
        2,
        "OBS_VALUE",
    )
