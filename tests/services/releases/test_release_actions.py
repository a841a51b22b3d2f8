"""Approved action reports enter the release bundles: the actions table (CSV, JSON, and a
resource of the Frictionless package with its keys) holds each state's status of each action as
of the release's publication, with the evidence's SHA-256; a report approved after publication
enters only the next release."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from frictionless import validate

from admtrack.services import releases
from admtrack.services.actions import StatusInput, approve_report, submit_report
from admtrack.services.setup import initialise
from admtrack.services.stored_data import import_enabling_actions
from admtrack.store import create_engine_for

DATA = Path(__file__).resolve().parents[2] / "data" / "actions"
EVIDENCE = DATA / "fictional-evidence.txt"
MEMBERS = ("BRN", "IDN", "KHM", "LAO", "MMR", "MYS", "PHL", "SGP", "THA", "TLS", "VNM")


def _report(engine: sa.Engine, action: str, country: str, status: str, **extra: object) -> int:
    filed = submit_report(
        engine, StatusInput("adm2025", action, country, status, date(2026, 3, 1), **extra),  # type: ignore[arg-type]
        actor="user:fp",
    )  # fmt: skip
    return approve_report(engine, filed.id, actor="user:sec").id


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> tuple[sa.Engine, Path]:
    base = tmp_path_factory.mktemp("action-bundles")
    engine = create_engine_for(f"sqlite:///{base / 'db.sqlite3'}")
    initialise(engine)
    import_enabling_actions(engine, "adm2025", DATA / "fictional-register.yaml", actor="test")
    _report(engine, "FA1", "VNM", "completed", document=EVIDENCE, note="Fictional, done")
    _report(engine, "FA2", "THA", "in_progress", evidence_url="https://example.org/fictional")
    # after the bundled release (2026-11-29): a release is never published under an earlier one
    releases.create_draft(engine, "2026-A", date(2026, 12, 10), "with the first reports")
    releases.publish(engine, "2026-A", date(2026, 12, 10))
    _report(engine, "FA3", "LAO", "not_started")  # approved after 2026-A was published
    releases.create_draft(engine, "2026-B", date(2026, 12, 20), "after the third")
    releases.publish(engine, "2026-B", date(2026, 12, 20))
    for release_id in ("2026-A", "2026-B"):
        releases.bundle_release(engine, release_id, base / "out")
    return engine, base / "out"


def _rows(folder: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (folder / "data" / "actions.csv").open(encoding="utf-8") as f:
        return {(r["action"], r["country"]): r for r in csv.DictReader(f)}


def test_the_bundle_holds_each_states_status_as_of_publication(
    bundles: tuple[sa.Engine, Path],
) -> None:
    _, out = bundles
    first, second = _rows(out / "2026-A"), _rows(out / "2026-B")
    assert set(first) == {(a, c) for a in ("FA1", "FA2", "FA3") for c in MEMBERS}
    reported = {k: r["status"] for k, r in first.items() if r["status"] != "not_reported"}
    assert reported == {("FA1", "VNM"): "completed", ("FA2", "THA"): "in_progress"}
    done = first[("FA1", "VNM")]
    assert done["evidence_sha256"] == hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    assert done["evidence_filename"] == "fictional-evidence.txt"
    assert done["as_of"] == "2026-03-01" and done["note"] == "Fictional, done"
    assert first[("FA2", "THA")]["evidence_url"] == "https://example.org/fictional"
    assert first[("FA3", "LAO")]["status"] == "not_reported"  # approved after publication
    assert second[("FA3", "LAO")]["status"] == "not_started"
    document = json.loads((out / "2026-A" / "data" / "actions.json").read_text("utf-8"))
    assert document["release"] == "2026-A"
    assert {(r["action"], r["country"]): r["status"] for r in document["actions"]} == {
        k: r["status"] for k, r in first.items()
    }


def test_the_actions_table_is_a_valid_resource_with_keys(bundles: tuple[sa.Engine, Path]) -> None:
    _, out = bundles
    report = validate(str(out / "2026-A" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((out / "2026-A" / "datapackage.json").read_text("utf-8"))
    actions = next(r for r in package["resources"] if r["name"] == "actions")
    assert actions["path"] == "data/actions.csv"
    assert actions["schema"]["primaryKey"] == ["plan", "action", "country"]
    assert {fk["reference"]["resource"] for fk in actions["schema"]["foreignKeys"]} == {
        "plans", "countries"
    }  # fmt: skip
    manifest = json.loads((out / "2026-A" / "manifest.json").read_text("utf-8"))
    assert {"data/actions.csv", "data/actions.json"} <= {f["path"] for f in manifest["files"]}
    assert releases.verify_bundle(out / "2026-A") == []


def test_a_broken_actions_table_fails_the_validation(
    bundles: tuple[sa.Engine, Path], tmp_path: Path
) -> None:
    """The package check above can fail: a duplicated key in the actions table is caught."""
    import shutil

    _, out = bundles
    copy = tmp_path / "copy"
    shutil.copytree(out / "2026-A", copy)
    table = copy / "data" / "actions.csv"
    lines = table.read_text("utf-8").splitlines()
    table.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    assert not validate(str(copy / "datapackage.json")).valid
