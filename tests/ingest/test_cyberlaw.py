from __future__ import annotations

from pathlib import Path

from ingest_helpers import ASEAN, issue_at, values

from admtrack.ingest.cyberlaw import CyberlawConnector


def test_real_file_has_every_asean_member_in_2026(raw: Path) -> None:
    result = CyberlawConnector().read(raw / "unctad_cyberlaw_tracker" / "data.csv")
    assert result.issues == ()
    got = values(result)
    assert {k[1] for k in got if k[0] == "CYBERLAW.COUNT"} >= set(ASEAN)
    assert {k[2] for k in got} == {2026}
    # Myanmar: Legislation, Legislation, No Legislation, Draft Legislation -> 2 of 4.
    assert got[("CYBERLAW.PRIVACY", "MMR", 2026)] == 0.0
    assert got[("CYBERLAW.CYBERCRIME", "MMR", 2026)] == 0.0
    assert got[("CYBERLAW.COUNT", "MMR", 2026)] == 2.0
    assert got[("CYBERLAW.COUNT", "VNM", 2026)] == 4.0


def test_specimen(specimens: Path) -> None:
    result = CyberlawConnector().read(specimens / "cyberlaw.csv")
    issue_at(result, "obs.unknown-country", 6, "code")
    issue_at(result, "obs.unknown-status", 7, "Consumer Protection")
    assert len([i for i in result.issues if i.code == "obs.duplicate"]) == 5
    issue_at(result, "obs.duplicate", 8, "Electronic Transactions")
    issue_at(result, "file.truncated-row", 9, "Consumer Protection")
    got = values(result)
    assert got[("CYBERLAW.COUNT", "BRN", 2026)] == 3.0
    assert got[("CYBERLAW.COUNT", "KHM", 2026)] == 3.0  # draft cybercrime law counts as 0
    # Myanmar has "No Data" for consumer protection: no value and no count.
    assert ("CYBERLAW.CONSUMER", "MMR", 2026) not in got
    assert ("CYBERLAW.COUNT", "MMR", 2026) not in got
    assert got[("CYBERLAW.ETRANS", "MMR", 2026)] == 1.0
    # Singapore's unknown status blocks its count but not its other laws.
    assert ("CYBERLAW.COUNT", "SGP", 2026) not in got
    assert got[("CYBERLAW.PRIVACY", "SGP", 2026)] == 1.0
    assert not any(k[1] == "FRA" for k in got)
