"""The static bundle of a published release: written once, self-contained, checksummed.

::

    <dir>/<release>/
      data/observations.{csv,json,parquet,xlsx}   the release's view, every plan's indicators
      data/{indicators,countries,sources,plans,releases}.csv
      data/actions.{csv,json}                      each state's status of each enabling action
      sdmx/structure.xml, sdmx/data.csv            SDMX-ML DSD + codelists, SDMX-CSV data
      datapackage.json                             Frictionless Data Package (relative paths, keys)
      dcat.jsonld                                  DCAT-AP dataset entry and its distributions
      manifest.json                                SHA-256 and size of every other file

Deterministic: the same release gives byte-identical files (no creation time, no server URL).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook

from admtrack.domain.actions import ReviewState, StatusReport
from admtrack.domain.framework import Plan
from admtrack.domain.observations import Observation, Release
from admtrack.errors import ValidationError
from admtrack.services.actions.tracker import build_register
from admtrack.services.export import save_workbook
from admtrack.services.releases.bundle_meta import datapackage, dcat, spdx_licence
from admtrack.services.releases.bundle_sdmx import sdmx_files
from admtrack.services.releases.bundle_tables import (
    OBSERVATION_FIELDS,
    TableSpec,
    bundle_tables,
)
from admtrack.store import actions_repo, reference_repo
from admtrack.store.unit_of_work import Store

MANIFEST = "manifest.json"
#: The workbook's creation time, fixed so the XLSX is byte-identical from one call to the next.
_EPOCH = datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


@dataclass(frozen=True)
class BundleFile:
    path: str  # relative to the bundle folder, "/" separated
    bytes: int
    sha256: str


def _csv_bytes(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else _text(row[c]) for c in columns])
    return buffer.getvalue().encode("utf-8")


def _text(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _xlsx(columns: Sequence[str], rows: Sequence[dict[str, Any]], path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "observations"
    sheet.append(list(columns))
    for row in rows:
        sheet.append([row[c] for c in columns])
    # a fixed creation time keeps the workbook byte-identical from one call to the next
    workbook.properties.created = workbook.properties.modified = _EPOCH
    save_workbook(workbook, path)
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the XLSX (a zip) with every entry dated 1980-01-01 and a fixed "modified" time:
    openpyxl and zip both stamp the time of writing, so the bundle would differ per call."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    stamp = _EPOCH.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = [
        (info, _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content))
        if info.filename == "docProps/core.xml"
        else (info, content)
        for info, content in entries
    ]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)


def _parquet(spec: TableSpec, rows: Sequence[dict[str, Any]], path: Path) -> None:
    types = {"integer": pl.Int64, "number": pl.Float64}
    schema = {f["name"]: types.get(f["type"], pl.String) for f in spec.fields}
    pl.DataFrame(list(rows), schema=schema).write_parquet(path, statistics=False)


def published_reports(
    approved: Sequence[StatusReport], release: Release, moment: datetime | None
) -> list[StatusReport]:
    """The approved reports that enter ``release``: approved before it was published (at the
    audited ``moment``; without one, on or before its publication date) and about a status as
    of that date or earlier. A later approval enters the next release."""

    def before(at: datetime) -> bool:
        return at <= moment if moment is not None else at.date() <= release.published

    return [
        r
        for r in approved
        if r.reviewed_at is not None and before(r.reviewed_at) and r.as_of <= release.published
    ]


def write_bundle(store: Store, release: Release, folder: Path) -> list[BundleFile]:
    """Write the bundle of the published ``release`` into ``folder`` (created; must be empty or
    hold this very bundle, which is then checked, not rewritten)."""
    if not release.is_published:
        raise ValidationError(f"release {release.id!r}", ["is a draft; publish it first"])
    with store.reader() as r:
        plans: list[Plan] = r.list_plans()
        values: list[Observation] = r.observations(as_of=release.id)
        releases = [x for x in r.releases() if x.is_published]
        approved = actions_repo.read_reports(r.connection, states=[ReviewState.APPROVED])
        moment = reference_repo.published_at(r.connection, release.id)
        registers = [
            build_register(p, published_reports(approved, release, moment))
            for p in plans
            if p.enabling_actions
        ]
        tables = bundle_tables(
            plans, values, r.countries(), r.sources(), releases, release, registers
        )
    files: dict[str, bytes] = {}
    for spec, rows in tables:
        files[spec.path] = _csv_bytes([f["name"] for f in spec.fields], rows)
    observations_spec, observation_rows = tables[0]
    files["data/observations.json"] = (
        json.dumps(
            {"release": release.id, "observations": observation_rows}, indent=1, ensure_ascii=False
        ).encode("utf-8")
        + b"\n"
    )
    action_spec, action_table = tables[-1]
    assert action_spec.name == "actions"
    files["data/actions.json"] = _json({"release": release.id, "actions": action_table})
    staging = folder.with_name(folder.name + ".partial")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    (staging / "data").mkdir(exist_ok=True)
    _parquet(observations_spec, observation_rows, staging / "data" / "observations.parquet")
    _xlsx(OBSERVATION_FIELDS, observation_rows, staging / "data" / "observations.xlsx")
    names = {row["code"]: row["name"] for row in reversed(tables[1][1])}
    countries = {row["iso3"]: row["name"] for row in tables[2][1]}
    files.update(sdmx_files(release.id, release.published, observation_rows, names, countries))
    used = {row["source"] for row in observation_rows}
    licences = [
        spdx
        for row in tables[3][1]
        if row["id"] in used and (spdx := spdx_licence(row["licence"])) is not None
    ]
    files["datapackage.json"] = _json(datapackage(release, [s for s, _ in tables], licences))
    (staging / "sdmx").mkdir()
    for name, content in files.items():
        (staging / name).write_bytes(content)
    listed = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    (staging / "dcat.jsonld").write_bytes(_json(dcat(release, listed, licences)))
    listed.append("dcat.jsonld")
    entries = [_entry(staging, name) for name in sorted(listed)]
    manifest = {
        "release": release.id,
        "algorithm": "sha256",
        "files": [{"path": e.path, "bytes": e.bytes, "sha256": e.sha256} for e in entries],
    }
    (staging / MANIFEST).write_bytes(_json(manifest))
    return _install(staging, folder, [*entries, _entry(staging, MANIFEST)])


def _install(staging: Path, folder: Path, entries: list[BundleFile]) -> list[BundleFile]:
    if folder.exists():
        stored = folder / MANIFEST
        existing = json.loads(stored.read_text("utf-8")) if stored.exists() else None
        fresh = json.loads((staging / MANIFEST).read_text("utf-8"))
        shutil.rmtree(staging)
        if existing != fresh:
            raise ValidationError(
                f"bundle folder {folder}", ["exists with other content; bundles are written once"]
            )
        return entries
    staging.rename(folder)
    return entries


def _entry(folder: Path, name: str) -> BundleFile:
    content = (folder / name).read_bytes()
    return BundleFile(name, len(content), hashlib.sha256(content).hexdigest())


def _json(document: Any) -> bytes:
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def verify_bundle(folder: Path) -> list[str]:
    """Files whose SHA-256 differs from the manifest (empty when the bundle is intact)."""
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    return [
        f["path"]
        for f in manifest["files"]
        if hashlib.sha256((folder / f["path"]).read_bytes()).hexdigest() != f["sha256"]
    ]
