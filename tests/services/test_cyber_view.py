"""DO3's cyber-readiness view: hand-computed on a specimen, and on the real cyberlaw file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from admtrack.domain.observations import Observation
from admtrack.ingest.cyberlaw import CyberlawConnector
from admtrack.services.cyber import LAWS, cyber_view

RAW = Path(
    os.environ.get(
        "ADMTRACK_RAW_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "raw"
    )
)
MEMBERS = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "TLS")


def obs(code: str, country: str, year: int, value: float) -> Observation:
    return Observation(code, country, year, value, source="specimen")


def specimen() -> dict[str, list[Observation]]:
    rows = [
        obs("GCI.OVERALL", "VNM", 2020, 94.59), obs("GCI.OVERALL", "VNM", 2024, 96.0),
        obs("GCI.OVERALL", "THA", 2020, 86.5), obs("GCI.OVERALL", "THA", 2024, 80.5),
        obs("GCI.OVERALL", "LAO", 2020, 20.0),
        obs("GCI.LEGAL", "VNM", 2020, 20.0), obs("GCI.LEGAL", "VNM", 2024, 20.0),
        obs("CYBERLAW.ETRANS", "VNM", 2026, 1.0), obs("CYBERLAW.ETRANS", "THA", 2026, 0.0),
        obs("CYBERLAW.PRIVACY", "THA", 2026, 1.0),
        obs("IT.NET.SECR.P6", "VNM", 2021, 10.0), obs("IT.NET.SECR.P6", "VNM", 2019, 5.0),
        obs("GCI.OVERALL", "AUS", 2024, 99.0),  # not a member: ignored
    ]  # fmt: skip
    out: dict[str, list[Observation]] = {}
    for o in rows:
        out.setdefault(o.indicator, []).append(o)
    return out


def test_editions_change_and_regional_picture_by_hand() -> None:
    view = cyber_view(specimen(), ("VNM", "THA", "LAO"))
    assert view.editions == (2020, 2024)
    overall = {c: view.gci[c]["GCI.OVERALL"] for c in ("VNM", "THA", "LAO")}
    assert overall["VNM"].change == pytest.approx(96.0 - 94.59)
    assert overall["THA"].change == pytest.approx(-6.0)
    assert overall["LAO"].values == {2020: 20.0, 2024: None} and overall["LAO"].change is None
    regional = view.regional[0]
    assert regional.code == "GCI.OVERALL"
    assert regional.mean[2020] == pytest.approx((94.59 + 86.5 + 20.0) / 3)
    assert regional.median[2020] == pytest.approx(86.5)
    assert regional.mean[2024] == pytest.approx((96.0 + 80.5) / 2)
    assert regional.reported == {2020: 3, 2024: 2}
    assert (regional.improved, regional.declined) == (1, 1)
    legal = next(r for r in view.regional if r.code == "GCI.LEGAL")
    assert (legal.improved, legal.declined) == (0, 0)  # unchanged is neither


def test_law_status_gaps_and_servers_by_hand() -> None:
    view = cyber_view(specimen(), ("VNM", "THA", "LAO"))
    assert view.law_year == 2026
    assert view.law_gaps["CYBERLAW.ETRANS"] == ("THA",)
    assert view.law_gaps["CYBERLAW.PRIVACY"] == ()  # VNM and LAO: no data, not a gap
    thai = {s.code: s.has_law for s in view.laws["THA"]}
    assert thai == {"CYBERLAW.ETRANS": False, "CYBERLAW.CONSUMER": None,
                    "CYBERLAW.PRIVACY": True, "CYBERLAW.CYBERCRIME": None}  # fmt: skip
    assert view.servers["VNM"] == ((2019, 5.0), (2021, 10.0))
    assert view.servers_latest == {"VNM": (2021, 10.0), "THA": None, "LAO": None}


def test_the_cyberlaw_connector_gives_every_law_for_every_member_state() -> None:
    path = RAW / "unctad_cyberlaw_tracker" / "data.csv"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared raw data are not beside this clone)")
    result = CyberlawConnector().read(path)
    by_code: dict[str, list[Observation]] = {}
    for o in result.observations:
        by_code.setdefault(o.indicator, []).append(o)
    view = cyber_view(by_code, MEMBERS)
    for c in MEMBERS:
        assert all(s.has_law is not None for s in view.laws[c]), c
    counts = {o.country: o.value for o in by_code["CYBERLAW.COUNT"] if o.country in MEMBERS}
    for c in MEMBERS:  # the per-law statuses add up to the connector's own count
        assert sum(1 for s in view.laws[c] if s.has_law) == counts[c]
    lacking = sum(len(view.law_gaps[code]) for code, _ in LAWS)
    assert lacking == sum(4 - v for v in counts.values())
