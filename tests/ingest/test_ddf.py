from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import ASEAN, issue_at, latest, values

from admtrack.ingest.ddf import SERIES, SdgDdfConnector

SDG = "un_sdg_open_numbers"


@pytest.mark.parametrize(
    ("concept", "code", "last_year", "in_last"),
    [
        ("it_mob_2gntwk", "IT_MOB_2GNTWK", 2018, 10),
        ("it_mob_3gntwk", "IT_MOB_3GNTWK", 2018, 10),
        ("it_mob_4gntwk", "IT_MOB_4GNTWK", 2018, 10),
        ("it_use_ii99", "IT_USE_II99", 2018, 6),
        ("it_mob_own", "IT_MOB_OWN", 2018, 5),
        ("fb_bnk_accss", "FB_BNK_ACCSS", 2017, 9),
    ],
)
def test_real_files_match_the_coverage_table(
    raw: Path, concept: str, code: str, last_year: int, in_last: int
) -> None:
    (path,) = sorted((raw / SDG).glob(f"ddf--datapoints--{concept}--by--*.csv"))
    result = SdgDdfConnector().read(path)
    assert result.issues == ()
    assert latest(result.observations, code) == (last_year, in_last)


@pytest.mark.parametrize(
    ("concept", "family", "in_2018"),
    [("se_adt_acts", "SE_ADT_ACTS", 4), ("se_acc_intn", "SE_ACC_INTN", 3)],
)
def test_families_match_the_coverage_table(
    raw: Path, concept: str, family: str, in_2018: int
) -> None:
    (path,) = sorted((raw / SDG).glob(f"ddf--datapoints--{concept}--by--*.csv"))
    result = SdgDdfConnector().read(path)
    assert result.issues == ()
    countries = {
        o.country
        for o in result.observations
        if o.indicator.startswith(family + ".") and o.year == 2018 and o.country in ASEAN
    }
    assert len(countries) == in_2018


def test_school_levels_and_skills_become_code_suffixes(raw: Path) -> None:
    (path,) = sorted((raw / SDG).glob("ddf--datapoints--se_acc_intn--by--*.csv"))
    codes = {o.indicator for o in SdgDdfConnector().read(path).observations}
    assert codes == {"SE_ACC_INTN.PRIMAR", "SE_ACC_INTN.LOWSEC", "SE_ACC_INTN.UPPSEC"}


def test_gender_gap_is_male_minus_female(specimens: Path) -> None:
    path = (
        specimens
        / "sdg"
        / "ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv"
    )
    result = SdgDdfConnector().read(path)
    got = values(result)
    assert got[("IT_MOB_OWN.GAP", "IDN", 2017)] == 10.5  # 65.75 - 55.25
    assert got[("IT_MOB_OWN.ABSGAP", "IDN", 2017)] == 10.5
    assert got[("IT_MOB_OWN.GAP", "BRN", 2016)] == 0.00024  # 99.00014 - 98.9999, rounded
    assert got[("IT_MOB_OWN", "IDN", 2017)] == 60.5
    gap = next(o for o in result.observations if o.key == ("IT_MOB_OWN.GAP", "IDN", 2017))
    assert gap.provenance is not None and gap.provenance.row == 7
    assert gap.provenance.column == "it_mob_own (male row 7 minus female row 6)"


def test_specimen_problems(specimens: Path) -> None:
    path = (
        specimens
        / "sdg"
        / "ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv"
    )
    result = SdgDdfConnector().read(path)
    issue_at(result, "obs.not-a-number", 8, "it_mob_own")
    issue_at(result, "obs.unknown-country", 9, "geo_area")
    issue_at(result, "obs.duplicate", 10, "it_mob_own")
    issue_at(result, "file.truncated-row", 11, "year")
    assert len(result.issues) == 4


def test_dimension_selection(specimens: Path) -> None:
    skills = SdgDdfConnector().read(
        specimens
        / "sdg"
        / "ddf--datapoints--se_adt_acts--by--geo_area--nature--sex--type_of_skill--units--year.csv"
    )
    assert values(skills) == {
        ("SE_ADT_ACTS.ARSP", "SGP", 2018): 42.5,
        ("SE_ADT_ACTS.EMAIL", "SGP", 2018): 70.0,
    }
    issue_at(skills, "obs.out-of-range", 5, "se_adt_acts")
    accounts = SdgDdfConnector().read(
        specimens
        / "sdg"
        / "ddf--datapoints--fb_bnk_accss--by--age--geo_area--nature--quantile--sex--units--year.csv"
    )
    assert accounts.issues == ()
    assert values(accounts) == {
        ("FB_BNK_ACCSS", "KHM", 2017): 21.7,
        ("FB_BNK_ACCSS.GAP", "KHM", 2017): 0.5,
        ("FB_BNK_ACCSS.ABSGAP", "KHM", 2017): 0.5,
    }


def test_a_concept_without_a_selection_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "ddf--datapoints--it_net_bbn--by--geo_area--year.csv"
    path.write_text("geo_area,year,it_net_bbn\n96,2018,100\n")
    result = SdgDdfConnector().read(path)
    issue_at(result, "obs.unknown-indicator", 1, "it_net_bbn")
    assert "it_net_bbn" not in SERIES


def test_a_gap_in_favour_of_women_is_still_a_distance_from_parity(tmp_path: Path) -> None:
    path = tmp_path / "ddf--datapoints--it_mob_own--by--geo_area--nature--sex--units--year.csv"
    path.write_text(
        "geo_area,nature,sex,units,year,it_mob_own\n"
        "608,notspec,female,percent,2017,70\n"
        "608,notspec,male,percent,2017,62.5\n"
    )
    got = values(SdgDdfConnector().read(path))
    assert got[("IT_MOB_OWN.GAP", "PHL", 2017)] == -7.5
    assert got[("IT_MOB_OWN.ABSGAP", "PHL", 2017)] == 7.5


def test_december_2023_snapshot_reads_internet_use_by_sex(specimens: Path) -> None:
    from admtrack.ingest.ddf import SDG_2023, SERIES_2023

    connector = SdgDdfConnector("un-sdg-2023", SDG_2023, SERIES_2023)
    name = "ddf--datapoints--it_use_ii99--by--age--geo_area--nature--sex--units--year.csv"
    result = connector.read(specimens / "sdg2023" / name)
    issue_at(result, "obs.duplicate", 8, "it_use_ii99")
    issue_at(result, "obs.unknown-country", 9, "geo_area")
    issue_at(result, "obs.out-of-range", 10, "it_use_ii99")
    assert len(result.issues) == 3
    got = values(result)
    assert got[("IT_USE_II99", "VNM", 2021)] == 74.2  # the 15-24 row is not the total
    assert got[("IT_USE_II99.GAP", "VNM", 2021)] == 4.5
    assert got[("IT_USE_II99.GAP", "SGP", 2022)] == -0.5
    assert got[("IT_USE_II99.ABSGAP", "SGP", 2022)] == 0.5
    assert {o.source for o in result.observations} == {"un-sdg-2023"}


@pytest.mark.parametrize(
    ("concept", "code", "year", "states"),
    [
        ("it_mob_4gntwk", "IT_MOB_4GNTWK", 2021, 10),
        ("it_net_bbnd", "IT_NET_BBND.ANYS", 2021, 11),
        ("it_use_ii99", "IT_USE_II99", 2021, 11),
        ("fb_bnk_accss", "FB_BNK_ACCSS", 2021, 8),
        ("se_adt_acts", "SE_ADT_ACTS.ARSP", 2021, 3),
    ],
)
def test_december_2023_snapshot_matches_the_sources_table(
    raw: Path, concept: str, code: str, year: int, states: int
) -> None:
    from admtrack.ingest.ddf import SDG_2023, SERIES_2023

    connector = SdgDdfConnector("un-sdg-2023", SDG_2023, SERIES_2023)
    (path,) = (raw / "un_sdg_open_numbers_2023").glob(f"ddf--datapoints--{concept}--by--*.csv")
    result = connector.read(path)
    assert result.issues == ()
    assert (
        len(
            {
                o.country
                for o in result.observations
                if o.indicator == code and o.year == year and o.country in ASEAN
            }
        )
        == states
    )
