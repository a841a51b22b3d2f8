"""Revisions between vintages, on hand-made vintages and on the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from admtrack.domain.observations import Observation, Provenance, SourceRef
from admtrack.ingest.snapshot import SnapshotResult, write_snapshot
from admtrack.ingest.vintages import resolve_vintages
from admtrack.services.revisions import indicator_revisions, revisions_by_country


def _obs(source: str, country: str, year: int, value: float) -> Observation:
    return Observation(
        "IT.NET.USER.ZS", country, year, value, source, provenance=Provenance(f"{source}.csv", 2)
    )


def test_revisions_by_hand(tmp_path: Path) -> None:
    old = [_obs("owid", "VNM", 2020, 70.3), _obs("owid", "VNM", 2021, 74.0)]
    old += [_obs("owid", "THA", 2021, 85.0)]
    new = [_obs("wdi-ddf-2", "VNM", 2020, 70.3), _obs("wdi-ddf-2", "VNM", 2021, 74.2)]
    new += [_obs("wdi-ddf-2", "THA", 2021, 88.5), _obs("wdi-ddf-2", "THA", 2024, 91.0)]
    resolved = resolve_vintages([*old, *new])
    assert resolved.issues == ()
    assert {o.source for o in resolved.used} == {"wdi-ddf-2"}
    assert sorted(resolved.superseded, key=lambda o: o.key) == sorted(old, key=lambda o: o.key)
    sources = {
        "owid": SourceRef("OWID", "old copy", "CC-BY-4.0", vintage="2025-01-24"),
        "wdi-ddf-2": SourceRef("WB", "new copy", "CC-BY-4.0", vintage="2025-07"),
    }
    write_snapshot(SnapshotResult(resolved.used, (), sources, resolved.superseded), tmp_path)
    found = indicator_revisions("IT.NET.USER.ZS", tmp_path)
    # VNM 2020 is unchanged; VNM 2021 +0.2; THA 2021 +3.5; THA 2024 has one vintage only
    assert [(r.country, r.year) for r in found] == [("THA", 2021), ("VNM", 2021)]
    tha, vnm = found
    assert tha.change == pytest.approx(3.5) and vnm.change == pytest.approx(0.2)
    assert (tha.old_value, tha.new_value) == (85.0, 88.5)
    assert (tha.old_vintage, tha.new_vintage) == ("2025-01-24", "2025-07")
    assert [r.year for r in revisions_by_country(found)["VNM"]] == [2021]
    assert indicator_revisions("IT.NET.USER.ZS", tmp_path, tolerance=0.5) == [tha]
    assert indicator_revisions("EGOV.EGDI", tmp_path) == []


def test_sources_that_are_not_vintages_of_each_other_stay_duplicates() -> None:
    a = Observation("X", "VNM", 2020, 1.0, "wdi", provenance=Provenance("a.csv", 3, "Value"))
    b = Observation("X", "VNM", 2020, 2.0, "owid", provenance=Provenance("b.csv", 4, "v"))
    resolved = resolve_vintages([a, b])
    assert resolved.used == (a,) and resolved.superseded == ()
    (issue,) = resolved.issues
    assert issue.code == "obs.duplicate"
    assert (issue.location.file, issue.location.row, issue.location.column) == ("b.csv", 4, "v")


def test_bundled_internet_use_revisions_name_the_itu_whole_series_revisions() -> None:
    """SOURCES.md: the later WDI copy revises e.g. China 2023 (77.48 -> 90.6) and Myanmar
    2018-2021; the values used are the WDI copy's."""
    found = revisions_by_country(indicator_revisions("IT.NET.USER.ZS", tolerance=0.01))
    (chn,) = found["CHN"]
    assert (chn.year, chn.old_value, chn.new_value) == (2023, 77.4827, 90.6)
    assert (chn.old_source, chn.new_source) == ("owid", "wdi-ddf-2")
    assert [r.year for r in found["MMR"]] == [2018, 2019, 2020, 2021]
    assert found["MMR"][0].change == pytest.approx(29.379 - 33.7204)
    coverage = revisions_by_country(indicator_revisions("IT_MOB_4GNTWK", tolerance=0.01))
    pairs = {(r.old_source, r.new_source) for rs in coverage.values() for r in rs}
    assert pairs <= {("un-sdg", "un-sdg-2023"), ("un-sdg", "owid-sdg"), ("un-sdg-2023", "owid-sdg")}
    assert ("un-sdg-2023", "owid-sdg") in pairs
