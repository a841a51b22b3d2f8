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
