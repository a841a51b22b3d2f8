from __future__ import annotations

from pathlib import Path

from ingest_helpers import ASEAN, asean_count, issue_at, values

from admtrack.ingest.base import HAND_COPIED
from admtrack.ingest.gci_wide import GCI_2024_COLUMNS, GciWideConnector


def test_real_file_gives_the_overall_score_and_pillars_for_all_members(raw: Path) -> None:
    result = GciWideConnector().read(raw / "itu_gci_2024" / "gci_2024.csv", "gci_2024.csv")
    assert result.issues == ()
    for code in GCI_2024_COLUMNS.values():
        assert asean_count(result.observations, code, 2024) == len(ASEAN)
    assert len(result.observations) == 17 * 6
    assert values(result)[("GCI.OVERALL", "BRN", 2024)] == 70.3977940062542
    assert all(o.provenance and o.provenance.note == HAND_COPIED for o in result.observations)


def test_specimen(specimens: Path) -> None:
    result = GciWideConnector().read(specimens / "gci_2024.csv")
    issue_at(result, "obs.not-a-number", 4, "organizational")
    issue_at(result, "obs.inconsistent", 5, "gci")
    issue_at(result, "obs.out-of-range", 6, "legal")
    issue_at(result, "obs.bad-year", 8, "year")
    assert len(result.issues) == 4
    got = values(result)
    assert got[("GCI.OVERALL", "SGP", 2024)] == 100.0
    assert got[("GCI.CAPACITY", "VNM", 2024)] == 17.5
    assert ("GCI.OVERALL", "THA", 2024) not in got  # pillars disagree: nothing of the row
    assert ("GCI.ORGANISATIONAL", "LAO", 2024) not in got
    assert not any(k[1] == "NAR" for k in got)
    sgp = next(o for o in result.observations if o.key == ("GCI.LEGAL", "SGP", 2024))
    assert sgp.provenance is not None
    assert (sgp.provenance.file, sgp.provenance.row, sgp.provenance.column) == (
        "gci_2024.csv",
        2,
        "legal",
    )
