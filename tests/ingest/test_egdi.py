from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ASEAN, issue_at, values

from admtrack.ingest.egdi import EgdiConnector
from admtrack.ingest.egdi_names import EGDI_NAME_TO_ISO3, EGDI_OTHER_NAMES

CODES = ("EGOV.EGDI", "EGOV.OSI", "EGOV.HCI", "EGOV.TII", "EGOV.EPI")


@pytest.mark.parametrize(
    ("file", "year"),
    [
        ("egdi-2010.csv", 2010),
        ("egdi-2012.csv", 2012),
        ("egdi-2014.csv", 2014),
        ("egdi-2016.csv", 2016),
        ("egdi-2018.csv", 2018),
        ("EGOV_DATA_2022.csv", 2022),
        ("EGOV_DATA_2024.csv", 2024),
    ],
)
def test_every_edition_gives_all_five_indices_for_all_asean_members(
    raw: Path, file: str, year: int
) -> None:
    result = EgdiConnector().read(raw / "un_egdi" / file)
    assert result.issues == ()
    assert {o.year for o in result.observations} == {year}
    for code in CODES:
        countries = {o.country for o in result.observations if o.indicator == code}
        assert countries >= set(ASEAN)
        assert len(countries) == 17  # ASEAN-11 and six comparators


def test_names_2024_values_are_matched_by_name(raw: Path) -> None:
    result = EgdiConnector().read(raw / "un_egdi" / "EGOV_DATA_2024.csv")
    got = values(result)
    singapore = got[("EGOV.EGDI", "SGP", 2024)]
    assert 0.9 < singapore <= 1.0
    assert all(0.0 <= v <= 1.0 for v in got.values())


def test_name_tables_cover_the_193_un_members_without_overlap() -> None:
    assert len(EGDI_NAME_TO_ISO3) == 17
    assert len(EGDI_OTHER_NAMES) == 176
    assert not set(EGDI_NAME_TO_ISO3) & EGDI_OTHER_NAMES


def test_iso3_specimen(specimens: Path) -> None:
    result = EgdiConnector().read(specimens / "egdi" / "egdi-2016.csv")
    issue_at(result, "obs.not-a-number", 4, "e-pat-index")
    issue_at(result, "obs.unknown-country", 5, "country-code")
    assert len([i for i in result.issues if i.code == "obs.duplicate"]) == 5
    issue_at(result, "obs.duplicate", 6, "e-gov-index")
    issue_at(result, "file.truncated-row", 7, "osi")  # first column missing
    got = values(result)
    assert got[("EGOV.EGDI", "SGP", 2016)] == 0.88
    assert got[("EGOV.TII", "MYS", 2016)] == 0.5
    assert ("EGOV.EPI", "MYS", 2016) not in got
    assert not any(k[1] == "FRA" for k in got)  # not tracked: skipped, not an error


def test_names_specimen_rejects_an_unknown_name(specimens: Path) -> None:
    result = EgdiConnector().read(specimens / "egdi" / "EGOV_DATA_2024.csv")
    issue = issue_at(result, "egdi.unknown-country-name", 4, "Country")
    assert issue.location.file == "EGOV_DATA_2024.csv"
    assert "Turkiye" in issue.message
    issue_at(result, "obs.out-of-range", 5, "E_Index")
    assert len(result.issues) == 2
    assert values(result)[("EGOV.EGDI", "VNM", 2024)] == 0.77
    assert ("EGOV.EGDI", "KHM", 2024) not in values(result)
