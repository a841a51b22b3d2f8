from __future__ import annotations

from pathlib import Path

from ingest_helpers import ASEAN, asean_count, issue_at, values

from admtrack.ingest.gci import GCI_VARIABLES, GciConnector


def test_real_file_gives_every_score_for_all_asean_members(raw: Path) -> None:
    result = GciConnector().read(raw / "itu_gci" / "gci_2020.csv")
    assert result.issues == ()
    for code in GCI_VARIABLES.values():
        assert asean_count(result.observations, code, 2020) == len(ASEAN)
    assert len(result.observations) == 17 * 6
    assert values(result)[("GCI.OVERALL", "AUS", 2020)] > 90


def test_specimen(specimens: Path) -> None:
    result = GciConnector().read(specimens / "gci_2020.csv")
    issue_at(result, "obs.not-a-number", 5, "value")
    issue_at(result, "obs.unknown-country", 6, "cc_iso3c")
    issue_at(result, "obs.out-of-range", 7, "value")
    issue_at(result, "obs.unknown-indicator", 8, "variable")
    issue_at(result, "obs.duplicate", 9, "value")
    issue_at(result, "file.truncated-row", 10, "variable")
    assert len(result.issues) == 6
    assert values(result) == {("GCI.OVERALL", "SGP", 2020): 98.52, ("GCI.LEGAL", "SGP", 2020): 20.0}
