"""``admtrack actions``: import a fictional register, a focal point's report through review,
the secretariat's edit, exports; bad input exits 2 with the reason and writes nothing."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from admtrack.cli.app import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data" / "actions"
EVIDENCE = DATA / "fictional-evidence.txt"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli-actions') / 'admtrack.sqlite'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    result = runner.invoke(app, ["actions", "import", str(DATA / "fictional-register.yaml"),
                                 "--db", url])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 enabling actions (3 new" in result.output
    return url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_a_report_goes_through_review_and_exports(db: str, tmp_path: Path) -> None:
    code, out = run("actions", "report", "FA1", "VNM", "completed", "--by", "focal:vnm",
                    "--document", str(EVIDENCE), "--as-of", "2024-05-01", "--db", db)  # fmt: skip
    assert code == 0, out
    sha = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    assert f"[pending], document fictional-evidence.txt sha256 {sha}" in out
    report_id = out.split()[1].rstrip(":")
    code, out = run("actions", "pending", "--format", "json", "--db", db)
    pending = json.loads(out)
    assert [(p["id"], p["evidence_sha256"]) for p in pending] == [(int(report_id), sha)]
    code, out = run("actions", "approve", report_id, "--by", "focal:vnm", "--db", db)
    assert code == 2 and "another person must review it" in out
    code, out = run("actions", "approve", report_id, "--by", "secretariat:ana", "--db", db)
    assert code == 0 and "[approved]" in out
    code, out = run("actions", "status", "FA2", "THA", "in progress", "--evidence-url",
                    "https://example.org/fictional", "--db", db)  # fmt: skip
    assert code == 0 and "in_progress" in out and "[approved]" in out
    target = tmp_path / "register.csv"
    code, out = run("actions", "export", str(target), "--db", db)
    assert code == 0, out
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 3 * 11
    done = {(r["action"], r["country"]): r for r in rows if r["status"] != "not_reported"}
    assert set(done) == {("FA1", "VNM"), ("FA2", "THA")}
    assert done[("FA1", "VNM")]["evidence_sha256"] == sha
    assert done[("FA2", "THA")]["evidence_url"] == "https://example.org/fictional"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["FA1", "VNM", "finished"], "status 'finished' is not one of"),
        (["FA1", "XXX", "completed"], "'XXX' is not an ASEAN member state"),
        (["NOPE", "VNM", "completed"], "no enabling action 'NOPE'"),
        (["FA1", "VNM", "completed", "--as-of", "2024-02-30"], "is not a date"),
        (
            ["FA1", "VNM", "completed", "--document", "/nonexistent.pdf"],
            "evidence document not found",
        ),
    ],
)
def test_bad_input_exits_2_with_the_reason(db: str, args: list[str], message: str) -> None:
    code, out = run("actions", "report", *args, "--by", "focal:vnm", "--db", db)
    assert code == 2 and message in out and "Traceback" not in out
