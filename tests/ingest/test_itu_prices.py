from __future__ import annotations

from pathlib import Path

from ingest_helpers import ASEAN, asean_count, issue_at, values

from admtrack.ingest.base import HAND_COPIED
from admtrack.ingest.itu_prices import ItuPriceBasketsConnector


def test_real_file_gives_the_baskets_for_all_members(raw: Path) -> None:
    path = raw / "itu_ict_price_baskets" / "itu_affordability_latest.csv"
    result = ItuPriceBasketsConnector().read(path)
    assert result.issues == ()
    for code, year in (
        ("ITU.MBB2GB.GNI", 2024),
        ("ITU.FBB5GB.GNI", 2024),
        ("ITU.FBB5GB.GNI", 2025),
    ):
        assert asean_count(result.observations, code, year) == len(ASEAN)
    assert values(result)[("ITU.FBB5GB.GNI", "AUS", 2025)] == 1.12
    assert not any(o.indicator == "ITU.MBB2GB.GNI" and o.year == 2025 for o in result.observations)
    assert {o.provenance.note for o in result.observations if o.provenance} == {HAND_COPIED}


def test_specimen(specimens: Path) -> None:
    result = ItuPriceBasketsConnector().read(specimens / "itu_prices.csv")
    issue_at(result, "obs.not-a-number", 3, "fbb_5gb_pct_gni_2025")
    issue_at(result, "obs.inconsistent", 4, "mbb_2gb_pct_gni_latest_official")
    issue_at(result, "obs.out-of-range", 5, "mbb_2gb_pct_gni_2024")
    assert len(result.issues) == 3
    got = values(result)
    assert got[("ITU.FBB5GB.GNI", "SGP", 2025)] == 0.6
    assert got[("ITU.MBB5GB.USD", "LAO", 2025)] == 4.5
    assert ("ITU.FBB5GB.GNI", "VNM", 2025) not in got
    assert got[("ITU.FBB5GB.GNI", "VNM", 2024)] == 2.5
