from __future__ import annotations

from pathlib import Path

from ingest_helpers import asean_count, issue_at, latest, values

from admtrack.ingest.owid import OwidConnector


def test_real_file_matches_the_coverage_table(raw: Path) -> None:
    path = raw / "owid_itu_internet_users" / "share-of-individuals-using-the-internet.csv"
    result = OwidConnector().read(path)
    assert result.issues == ()
    assert asean_count(result.observations, "IT.NET.USER.ZS", 2020) == 11
    assert latest(result.observations, "IT.NET.USER.ZS") == (2023, 5)
    countries = {o.country for o in result.observations}
    assert "WLD" in countries and "TLS" in countries and "LAO" in countries
    assert not any(c.startswith("OWID") for c in countries)


def test_specimen_maps_codes_skips_aggregates_and_reports_problems(specimens: Path) -> None:
    result = OwidConnector().read(specimens / "owid_internet.csv")
    column = "Individuals using the Internet (% of population)"
    issue_at(result, "obs.not-a-number", 6, column)
    issue_at(result, "obs.unknown-country", 7, "Code")
    issue_at(result, "obs.duplicate", 9, column)
    issue_at(result, "file.truncated-row", 10, column)
    assert len(result.issues) == 4
    assert values(result) == {
        ("IT.NET.USER.ZS", "WLD", 2020): 59.1,
        ("IT.NET.USER.ZS", "TLS", 2020): 29.1,
        ("IT.NET.USER.ZS", "VNM", 2020): 70.3,
    }


def test_mobile_coverage_chart_reads_one_indicator_per_column(raw: Path) -> None:
    from admtrack.ingest.owid import mobile_coverage_connector

    name = "population-covered-by-mobile-network-by-network-capability.csv"
    result = mobile_coverage_connector().read(raw / "owid_sdg_mobile_coverage" / name)
    assert result.issues == ()
    assert asean_count(result.observations, "IT_MOB_4GNTWK", 2022) == 9  # LAO, PHL end 2021
    assert ("IT_MOB_4GNTWK", "PHL", 2021) in values(result)
    assert {o.source for o in result.observations} == {"owid-sdg"}


def test_mobile_coverage_specimen(specimens: Path) -> None:
    from admtrack.ingest.owid import mobile_coverage_connector

    result = mobile_coverage_connector().read(specimens / "owid_mobile_coverage.csv")
    issue_at(result, "obs.out-of-range", 6, "_9_c_1__it_mob_4gntwk")
    issue_at(result, "obs.not-a-number", 6, "_9_c_1__it_mob_2gntwk")
    issue_at(result, "obs.unknown-country", 7, "Code")
    assert len(result.issues) == 3
    got = values(result)
    assert got[("IT_MOB_3GNTWK", "LAO", 2021)] == 94.0
    assert ("IT_MOB_4GNTWK", "LAO", 2021) not in got  # an empty cell is a missing value
    assert got[("IT_MOB_2GNTWK", "WLD", 2022)] == 97.0
    assert got[("IT_MOB_3GNTWK", "PHL", 2021)] == 95.0
    wrong = mobile_coverage_connector().read(specimens / "owid_mobile_coverage_extra_column.csv")
    issue_at(wrong, "file.unknown-column", 1, "_9_c_1__it_mob_5gntwk")
    issue_at(wrong, "file.missing-column", 1, "_9_c_1__it_mob_2gntwk")
    assert wrong.observations == ()
