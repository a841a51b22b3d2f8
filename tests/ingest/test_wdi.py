from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from ingest_helpers import asean_count, issue_at, latest, values

from admtrack.ingest.wdi import WdiDatahubConnector, WdiDdfConnector

# (series, ASEAN countries with a 2020 value, latest year, ASEAN countries in that year),
# from shared/docs/data-coverage.md.
COVERAGE = [
    ("BM.GSR.ROYL.CD", 7, 2025, 6),
    ("BX.GSR.ROYL.CD", 6, 2025, 5),
    ("BX.KLT.DINV.CD.WD", 11, 2024, 11),
    ("EG.ELC.ACCS.ZS", 11, 2023, 11),
    ("GB.XPD.RSDV.GD.ZS", 6, 2023, 3),
    ("IE.PPI.TELE.CD", 0, 2014, 5),
    ("IE.PPN.ICTI.CD", 0, 2024, 3),
    ("IP.PAT.RESD", 7, 2021, 7),
    ("IT.CEL.SETS.P2", 11, 2024, 10),
    ("IT.MLT.MAIN.P2", 11, 2024, 10),
    ("IT.NET.BBND.P2", 11, 2024, 10),
    ("IT.NET.SECR.P6", 11, 2024, 11),
    ("LP.LPI.OVRL.XQ", 0, 2022, 8),
    ("NY.GDP.MKTP.CD", 11, 2025, 11),
    ("NY.GDP.MKTP.KD.ZG", 11, 2025, 11),
    ("NY.GDP.PCAP.CD", 11, 2025, 11),
    ("NY.GNP.PCAP.CD", 11, 2025, 11),
    ("SE.TER.ENRR", 8, 2025, 1),
    ("SP.POP.SCIE.RD.P6", 6, 2023, 3),
    ("SP.POP.TOTL", 11, 2025, 11),
    ("SP.URB.TOTL.IN.ZS", 11, 2025, 11),
    ("TX.VAL.TECH.CD", 11, 2024, 8),
    ("TX.VAL.TECH.MF.ZS", 11, 2024, 8),
]


@pytest.mark.parametrize(("series", "in_2020", "last_year", "in_last"), COVERAGE)
def test_datahub_coverage_matches_the_coverage_table(
    raw: Path, series: str, in_2020: int, last_year: int, in_last: int
) -> None:
    path = raw / "worldbank_wdi_datahub" / series.lower() / "data.csv"
    result = WdiDatahubConnector().read(path)
    assert result.issues == ()
    assert {o.indicator for o in result.observations} == {series}
    assert asean_count(result.observations, series, 2020) == in_2020
    assert latest(result.observations, series) == (last_year, in_last)


def test_datahub_reads_values_with_provenance(raw: Path) -> None:
    path = raw / "worldbank_wdi_datahub" / "ny.gdp.mktp.kd.zg" / "data.csv"
    result = WdiDatahubConnector().read(path)
    first = next(o for o in result.observations if o.key == ("NY.GDP.MKTP.KD.ZG", "AUS", 2000))
    assert first.value == 3.9160574881715
    assert first.provenance is not None
    assert (first.provenance.file, first.provenance.row, first.provenance.column) == (
        "ny.gdp.mktp.kd.zg/data.csv",
        2,
        "Value",
    )
    assert first.provenance.retrieved == date(2026, 11, 29)


def test_datahub_specimen_reports_every_problem_with_its_place(specimens: Path) -> None:
    result = WdiDatahubConnector().read(specimens / "wdi" / "it.cel.sets.p2" / "data.csv")
    file = "it.cel.sets.p2/data.csv"
    assert issue_at(result, "obs.not-a-number", 3, "Value").location.file == file
    assert "ATL" in issue_at(result, "obs.unknown-country", 4, "Country Code").message
    assert "row 5" in issue_at(result, "obs.duplicate", 6, "Value").message
    issue_at(result, "file.truncated-row", 7, "Value")
    issue_at(result, "obs.out-of-range", 8, "Value")
    assert len(result.issues) == 5
    assert all(i.location.file == file for i in result.issues)
    # The first of the duplicates is kept; an empty cell is a missing value, not an error.
    assert values(result) == {
        ("IT.CEL.SETS.P2", "BRN", 2020): 120.5,
        ("IT.CEL.SETS.P2", "IDN", 2020): 130.0,
    }
    assert not result.ok


def test_datahub_reports_a_missing_column(tmp_path: Path) -> None:
    folder = tmp_path / "sp.pop.totl"
    folder.mkdir()
    (folder / "data.csv").write_text("Country Name,Country Code,Year\nBrunei,BRN,2020\n")
    result = WdiDatahubConnector().read(folder / "data.csv")
    issue_at(result, "file.missing-column", 1, "Value")
    assert result.observations == ()


@pytest.mark.parametrize(
    ("concept", "series", "in_2020", "last_year", "in_last"),
    [
        ("fx_own_totl_zs", "FX.OWN.TOTL.ZS", 0, 2024, 8),
        ("bx_gsr_ccis_zs", "BX.GSR.CCIS.ZS", 9, 2024, 8),
    ],
)
def test_open_numbers_coverage_matches_the_coverage_table(
    raw: Path, concept: str, series: str, in_2020: int, last_year: int, in_last: int
) -> None:
    path = raw / "worldbank_wdi_open_numbers" / f"ddf--datapoints--{concept}--by--geo--time.csv"
    result = WdiDdfConnector().read(path)
    assert result.issues == ()
    assert asean_count(result.observations, series, 2020) == in_2020
    assert latest(result.observations, series) == (last_year, in_last)


def test_open_numbers_specimen(specimens: Path) -> None:
    result = WdiDdfConnector().read(
        specimens / "ddf--datapoints--fx_own_totl_zs--by--geo--time.csv"
    )
    issue_at(result, "obs.not-a-number", 3, "fx_own_totl_zs")
    issue_at(result, "obs.unknown-country", 4, "geo")
    issue_at(result, "obs.duplicate", 6, "fx_own_totl_zs")
    issue_at(result, "file.truncated-row", 7, "fx_own_totl_zs")
    assert len(result.issues) == 4
    assert values(result) == {
        ("FX.OWN.TOTL.ZS", "KHM", 2021): 33.4,
        ("FX.OWN.TOTL.ZS", "MYS", 2021): 88.4,
    }


def test_hand_copied_open_numbers_files_carry_the_note(specimens: Path) -> None:
    from admtrack.ingest.base import HAND_COPIED, RETRIEVED_ROUND2
    from admtrack.ingest.wdi import OPEN_NUMBERS_2

    connector = WdiDdfConnector("wdi-ddf-2", OPEN_NUMBERS_2, RETRIEVED_ROUND2, HAND_COPIED)
    result = connector.read(
        specimens / "wdi_ddf_2" / "ddf--datapoints--fx_own_totl_fe_zs--by--geo--time.csv"
    )
    issue_at(result, "obs.not-a-number", 3, "fx_own_totl_fe_zs")
    issue_at(result, "obs.unknown-country", 4, "geo")
    assert len(result.issues) == 2
    (obs,) = result.observations
    assert obs.key == ("FX.OWN.TOTL.FE.ZS", "VNM", 2024) and obs.value == 49.5
    assert obs.provenance is not None
    assert obs.provenance.note == HAND_COPIED and obs.provenance.retrieved == RETRIEVED_ROUND2
