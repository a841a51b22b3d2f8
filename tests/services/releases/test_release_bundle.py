"""Release bundles: R1's bundle holds exactly R1's values after R2 is published, R2's bundle is a
valid Frictionless Data Package, every file matches the manifest, and writing is deterministic."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pytest
import sdmx
import sqlalchemy as sa
from frictionless import validate
from openpyxl import load_workbook
from test_release_scenario import R1, R2, _build

from admtrack.services import releases
from admtrack.services.releases.bundle_sdmx import read_sdmx_values
from admtrack.store import create_engine_for
from admtrack.store.unit_of_work import Store


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[sa.Engine, Path]:
    base = tmp_path_factory.mktemp("bundles")
    engine = create_engine_for(f"sqlite:///{base / 'db.sqlite3'}")
    _build(engine, base)
    for release_id in (R1, R2):
        releases.bundle_release(engine, release_id, base / "out")
    return engine, base / "out"


def _csv_values(folder: Path) -> dict[tuple[str, str, int], float]:
    with (folder / "data" / "observations.csv").open(encoding="utf-8") as f:
        return {
            (r["indicator"], r["country"], int(r["year"])): float(r["value"])
            for r in csv.DictReader(f)
        }


def test_r2s_bundle_is_a_valid_data_package(bundles: tuple[sa.Engine, Path]) -> None:
    _, out = bundles
    report = validate(str(out / R2 / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert report.stats["errors"] == 0 and report.stats["tasks"] == 7
    package = json.loads((out / R2 / "datapackage.json").read_text("utf-8"))
    assert [r["name"] for r in package["resources"]] == [
        "observations", "indicators", "countries", "sources", "plans", "releases", "actions"
    ]  # fmt: skip
    assert all(not r["path"].startswith(("/", "http")) for r in package["resources"])
    assert {"name": "CC-BY-4.0"} in package["licenses"]
    assert "created" not in package


def test_every_format_holds_exactly_the_releases_values(bundles: tuple[sa.Engine, Path]) -> None:
    engine, out = bundles
    for release_id in (R1, R2):
        with Store(engine).reader() as r:
            view = {o.key: o.value for o in r.observations(as_of=release_id)}
        folder = out / release_id
        assert _csv_values(folder) == view
        frame = pl.read_parquet(folder / "data" / "observations.parquet")
        assert {
            (i, c, y): v
            for i, c, y, v in frame.select("indicator", "country", "year", "value").rows()
        } == view
        document = json.loads((folder / "data" / "observations.json").read_text("utf-8"))
        assert {
            (o["indicator"], o["country"], o["year"]): o["value"] for o in document["observations"]
        } == view
        book = load_workbook(folder / "data" / "observations.xlsx", read_only=True)
        rows = book["observations"].iter_rows(values_only=True)
        header = next(rows)
        at = {name: header.index(name) for name in ("indicator", "country", "year", "value")}
        xlsx = {(r[at["indicator"]], r[at["country"]], r[at["year"]]): r[at["value"]] for r in rows}
        book.close()
        assert xlsx == view
    assert _csv_values(out / R1) != _csv_values(out / R2)


def test_the_manifest_checks_every_file_and_a_second_write_is_identical(
    bundles: tuple[sa.Engine, Path], tmp_path: Path
) -> None:
    engine, out = bundles
    manifest = json.loads((out / R2 / "manifest.json").read_text("utf-8"))
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(out / R2).as_posix() for p in (out / R2).rglob("*") if p.is_file()}
    assert listed == on_disk - {"manifest.json"}
    assert releases.verify_bundle(out / R2) == []
    again = releases.bundle_release(engine, R2, tmp_path)
    assert (tmp_path / R2 / "manifest.json").read_bytes() == (
        out / R2 / "manifest.json"
    ).read_bytes()
    assert releases.bundle_release(engine, R2, out) == again  # an existing bundle is checked
    (out / R1 / "data" / "releases.csv").write_text("tampered\n", encoding="utf-8")
    assert releases.verify_bundle(out / R1) == ["data/releases.csv"]


def test_the_sdmx_dataflow_reads_back_with_sdmx1_to_the_same_values(
    bundles: tuple[sa.Engine, Path],
) -> None:
    engine, out = bundles
    for release_id in (R1, R2):
        folder = out / release_id
        back = read_sdmx_values(
            (folder / "sdmx" / "structure.xml").read_bytes(),
            (folder / "sdmx" / "data.csv").read_bytes(),
            release_id,
        )
        assert back == _csv_values(folder)
    structure = sdmx.read_sdmx(io.BytesIO((out / R2 / "sdmx" / "structure.xml").read_bytes()))
    assert isinstance(structure, sdmx.message.StructureMessage)
    assert (
        "VNM" in structure.codelist["CL_AREA"]
        and "IT.NET.USER.ZS" in structure.codelist["CL_INDICATOR"]
    )
    dsd = structure.structure["ADMTRACK_OBSERVATIONS"]
    assert [d.id for d in dsd.dimensions] == ["INDICATOR", "REF_AREA", "TIME_PERIOD"]


def test_the_dcat_entry_describes_every_data_file(bundles: tuple[sa.Engine, Path]) -> None:
    _, out = bundles
    entry = json.loads((out / R2 / "dcat.jsonld").read_text("utf-8"))
    assert entry["@type"] == "dcat:Dataset" and entry["dct:identifier"] == R2
    assert entry["dct:issued"]["@value"] == "2026-12-15"
    paths = {d["dcat:downloadURL"]["@id"] for d in entry["dcat:distribution"]}
    assert {"data/observations.csv", "data/observations.xlsx", "sdmx/data.csv",
            "sdmx/structure.xml", "datapackage.json"} <= paths  # fmt: skip
    assert all((out / R2 / p).is_file() for p in paths)
