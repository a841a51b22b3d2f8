from __future__ import annotations

from pathlib import Path

from ingest_helpers import asean_count, issue_at, values

from admtrack.ingest.data360 import Data360Connector, indicator_code


def test_indicator_codes() -> None:
    assert indicator_code("UNCTAD_DE_DIG_SERVTRADE_ANN_EXP") == "UNCTAD.DDS.EXP"
    assert indicator_code("UNCTAD_DE_ICT_CORE_UBS_ANN_ALL_B3") == "UNCTAD_ICT.UBS_ANN_ALL_B3"
    assert indicator_code("UNCTAD_DE_ICT_CORE_") is None
    assert indicator_code("WB_WDI_X") is None


def test_real_file(raw: Path) -> None:
    path = raw / "unctad_digitally_deliverable_services" / "UNCTAD_DE.csv"
    result = Data360Connector().read(path, "UNCTAD_DE.csv")
    assert result.errors == []
    # the one impossible share (115.26 % of Philippine businesses with a LAN, 2017) is skipped
    issue = issue_at(result, "obs.source-error", 543, "OBS_VALUE")
    assert "115.26" in issue.message
    assert len(result.issues) == 1
    assert asean_count(result.observations, "UNCTAD.DDS.EXP", 2023) == 7
    assert values(result)[("UNCTAD.DDS.EXP", "WLD", 2010)] == 1835732.0


def test_specimen(specimens: Path) -> None:
    result = Data360Connector().read(specimens / "unctad_de.csv")
    issue_at(result, "obs.unexpected-unit", 4, "UNIT_MULT")
    issue_at(result, "obs.unknown-indicator", 6, "INDICATOR")
    issue_at(result, "obs.inconsistent", 8, "OBS_VALUE")
    issue_at(result, "obs.not-a-number", 9, "OBS_VALUE")
    issue_at(result, "obs.unexpected-breakdown", 10, "SEX")
    issue_at(result, "obs.unknown-country", 11, "REF_AREA")
    assert len(result.issues) == 6
    assert values(result) == {
        ("UNCTAD.DDS.EXP", "SGP", 2022): 180000.5,
        ("UNCTAD.DDS.IMP", "VNM", 2022): 9000.0,
        ("UNCTAD_ICT.UBS_ANN_ALL_B3", "SGP", 2022): 97.5,
    }
