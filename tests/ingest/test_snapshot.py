from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest
from ingest_helpers import REPO_ROOT

from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.errors import ImportRejected
from admtrack.ingest.snapshot import (
    COLUMNS,
    SnapshotResult,
    build_snapshot,
    read_snapshot,
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
    assert result.issues == ()


@pytest.mark.parametrize("name", ["snapshot.csv.gz", "sources.json"])
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
        "wdi", "wdi-ddf", "owid", "un-egdi", "itu-gci", "unctad-cyberlaw", "un-sdg", "derived"
    }  # fmt: skip
    assert sources["itu-gci"] == 17 * 6
    assert sources["un-egdi"] == 17 * 7 * 5
    fdi_share = [o for o in result.observations if o.indicator == "BX.KLT.DINV.WD.GD.ZS"]
    assert {o.country for o in fdi_share if o.year == 2020} >= {"SGP", "VNM", "TLS"}


def test_read_snapshot_round_trips_exactly(rebuilt: tuple[SnapshotResult, Path]) -> None:
    result, out = rebuilt
    back = read_snapshot(out)
    assert back == sorted(back, key=lambda o: (o.indicator, o.country, o.year))
    assert {o.key: o.value for o in back} == {o.key: o.value for o in result.observations}
    assert [o.provenance for o in back] == [o.provenance for o in result.observations]


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
        "retrieved",
    }


def test_missing_files_are_errors_and_block_writing(tmp_path: Path) -> None:
    result = build_snapshot(tmp_path)
    assert result.observations == ()
    assert {i.code for i in result.issues} == {"file.missing"}
    with pytest.raises(ImportRejected):
        write_snapshot(result, tmp_path / "out")
    assert not (tmp_path / "out").exists()
