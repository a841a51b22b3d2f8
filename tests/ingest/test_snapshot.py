from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from ingest_helpers import REPO_ROOT

from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.errors import ImportRejected
from admtrack.ingest.base import HAND_COPIED
from admtrack.ingest.snapshot import (
    COLUMNS,
    SnapshotResult,
    build_snapshot,
    read_snapshot,
    read_superseded,
    write_snapshot,
)

SHIPPED = REPO_ROOT / "src" / "admtrack" / "data"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> tuple[SnapshotResult, Path]:
    from ingest_helpers import raw_dir

    folder = raw_dir()
    if not folder.is_dir():
        pytest.skip(f"raw data folder {folder} is absent (set ADMTRACK_RAW_DIR to run these tests)")
    result = build_snapshot(folder)
    out = tmp_path_factory.mktemp("snapshot")
    write_snapshot(result, out)
    return result, out


def test_raw_data_build_without_issues(rebuilt: tuple[SnapshotResult, Path]) -> None:
    result, _ = rebuilt
    assert result.errors == []
    # the one impossible value of UNCTAD's file is skipped, visibly, at its row
    (warning,) = result.issues
    assert warning.code == "obs.source-error"
    assert warning.location.file == "unctad_digitally_deliverable_services/UNCTAD_DE.csv"
    assert (warning.location.row, warning.location.column) == (543, "OBS_VALUE")


@pytest.mark.parametrize("name", ["snapshot.csv.gz", "superseded.csv.gz", "sources.json"])
def test_shipped_files_equal_the_rebuild_byte_for_byte(
    rebuilt: tuple[SnapshotResult, Path], name: str
) -> None:
    _, out = rebuilt
    shipped, fresh = (SHIPPED / name).read_bytes(), (out / name).read_bytes()
    if name.endswith(".gz"):  # compare the content: compressed bytes depend on the zlib build
        shipped, fresh = gzip.decompress(shipped), gzip.decompress(fresh)
    assert shipped == fresh


def test_snapshot_keeps_our_countries_and_years_from_2000(
    rebuilt: tuple[SnapshotResult, Path],
) -> None:
    result, _ = rebuilt
    assert all(o.year >= 2000 and o.country in COUNTRIES_BY_ISO3 for o in result.observations)
    sources = Counter(o.source for o in result.observations)
    assert set(sources) == {
        "wdi", "wdi-ddf", "owid", "un-egdi", "itu-gci", "unctad-cyberlaw", "un-sdg", "derived",
        "un-sdg-2023", "owid-sdg", "itu-gci-2024", "itu-prices", "unctad-dds", "wdi-ddf-2",
        "wdi-extra", "derived-findex-gap",
    }  # fmt: skip
    assert sources["itu-gci"] == 17 * 6
    assert sources["itu-gci-2024"] == 17 * 6  # 17 rows, the overall score and five pillars
    assert sources["un-egdi"] == 17 * 7 * 5
    fdi_share = [o for o in result.observations if o.indicator == "BX.KLT.DINV.WD.GD.ZS"]
    assert {o.country for o in fdi_share if o.year == 2020} >= {"SGP", "VNM", "TLS"}


def test_read_snapshot_round_trips_exactly(rebuilt: tuple[SnapshotResult, Path]) -> None:
    result, out = rebuilt
    back = read_snapshot(out)
    assert back == sorted(back, key=lambda o: (o.indicator, o.country, o.year))
    assert {o.key: o.value for o in back} == {o.key: o.value for o in result.observations}
    assert [o.provenance for o in back] == [o.provenance for o in result.observations]
    older = read_superseded(out)
    assert [o.provenance for o in older] == [o.provenance for o in result.superseded]


def test_every_value_carries_its_licence_and_vintage(
    rebuilt: tuple[SnapshotResult, Path],
) -> None:
    _, out = rebuilt
    sources = json.loads((out / "sources.json").read_text())
    for name in ("snapshot.csv.gz", "superseded.csv.gz"):
        rows = list(
            csv.DictReader(io.StringIO(gzip.decompress((out / name).read_bytes()).decode()))
        )
        assert rows
        for row in rows:
            assert row["licence"] == sources[row["source"]]["licence"] != ""
            assert row["vintage"] == sources[row["source"]]["vintage"]
    assert sources["itu-prices"]["licence"].startswith("ITU terms of use")
    assert sources["un-sdg-2023"]["vintage"] == "2023-12-17"
    assert sources["wdi-ddf-2"]["retrieved"] == "2026-12-02"


def test_hand_copied_files_say_so_in_every_provenance(
    rebuilt: tuple[SnapshotResult, Path],
) -> None:
    result, _ = rebuilt
    hand = ("itu_gci_2024/", "itu_ict_price_baskets/", "worldbank_wdi_open_numbers_2/")
    values = [*result.observations, *result.superseded]
    for obs in values:
        assert obs.provenance is not None
        copied = any(folder in obs.provenance.file for folder in hand)
        assert (obs.provenance.note == HAND_COPIED) == copied, obs
    assert any(o.source == "itu-prices" for o in values)


def test_the_newest_vintage_is_used_and_the_older_kept(
    rebuilt: tuple[SnapshotResult, Path],
) -> None:
    result, _ = rebuilt
    used = {o.key: o for o in result.observations}
    older = [o for o in result.superseded if o.key == ("IT.NET.USER.ZS", "MMR", 2019)]
    assert [o.source for o in older] == ["owid"]
    assert used[("IT.NET.USER.ZS", "MMR", 2019)].source == "wdi-ddf-2"
    assert used[("IT_MOB_4GNTWK", "PHL", 2021)].source == "owid-sdg"
    assert {o.source for o in result.superseded if o.indicator == "IT_MOB_4GNTWK"} == {
        "un-sdg", "un-sdg-2023"
    }  # fmt: skip
    assert all(o.key in used for o in result.superseded)


def test_file_layout(rebuilt: tuple[SnapshotResult, Path]) -> None:
    _, out = rebuilt
    raw = (out / "snapshot.csv.gz").read_bytes()
    assert raw[4:8] == b"\x00\x00\x00\x00"  # gzip mtime 0
    header = gzip.decompress(raw).decode().splitlines()[0]
    assert tuple(header.split(",")) == COLUMNS
    sources = json.loads((out / "sources.json").read_text())
    assert sources["wdi"]["retrieved"] == "2026-11-29"
    assert set(sources["owid"]) == {
        "publisher",
        "dataset",
        "licence",
        "url",
        "citation",
        "vintage",
        "retrieved",
    }


def test_missing_files_are_errors_and_block_writing(tmp_path: Path) -> None:
    result = build_snapshot(tmp_path)
    assert result.observations == ()
    assert {i.code for i in result.issues} == {"file.missing"}
    with pytest.raises(ImportRejected):
        write_snapshot(result, tmp_path / "out")
    assert not (tmp_path / "out").exists()
