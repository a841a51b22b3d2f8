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
    for name, role, country in (
        ("ana", "secretariat", None),
        ("bo", "secretariat", None),
        ("fp_vnm", "focal_point", "VNM"),
        ("fp_tha", "focal_point", "THA"),
        ("viewer_vnm", "viewer", "VNM"),
        ("gone", "secretariat", None),
    ):
        scope = ["--country", country] if country else []
        added = runner.invoke(
            app,
            ["users", "add", name, "--role", role, *scope, "--password-stdin", "--db", url],
            input="a long password\n",
        )
        assert added.exit_code == 0, added.output
    assert runner.invoke(app, ["users", "disable", "gone", "--db", url]).exit_code == 0
    return url


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_a_report_goes_through_review_and_exports(db: str, tmp_path: Path) -> None:
    code, out = run("actions", "report", "FA1", "VNM", "completed", "--by", "fp_vnm",
                    "--document", str(EVIDENCE), "--as-of", "2024-05-01", "--db", db)  # fmt: skip
    assert code == 0, out
    sha = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    assert f"[pending], document fictional-evidence.txt sha256 {sha}" in out
    report_id = out.split()[1].rstrip(":")
    code, out = run("actions", "pending", "--format", "json", "--db", db)
    pending = json.loads(out)
    assert [(p["id"], p["evidence_sha256"]) for p in pending] == [(int(report_id), sha)]
    code, out = run("actions", "approve", report_id, "--by", "fp_vnm", "--db", db)
    assert code == 2 and "only the secretariat reviews action reports" in out
    code, out = run("actions", "approve", report_id, "--by", "ana", "--db", db)
    assert code == 0 and "[approved]" in out
    code, out = run("actions", "approve", report_id, "--by", "bo", "--db", db)
    assert code == 2 and "already approved" in out
    code, out = run("actions", "status", "FA2", "THA", "in progress", "--evidence-url",
                    "https://example.org/fictional", "--by", "ana", "--db", db)  # fmt: skip
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
        (["FA1", "XXX", "completed"], "cannot report for XXX"),
        (["NOPE", "VNM", "completed"], "no enabling action 'NOPE'"),
        (["FA1", "VNM", "completed", "--as-of", "2024-02-30"], "is not a date"),
        (
            ["FA1", "VNM", "completed", "--document", "/nonexistent.pdf"],
            "evidence document not found",
        ),
    ],
)
def test_bad_input_exits_2_with_the_reason(db: str, args: list[str], message: str) -> None:
    code, out = run("actions", "report", *args, "--by", "fp_vnm", "--db", db)
    assert code == 2 and message in out and "Traceback" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "FA1", "THA", "completed", "--by", "fp_vnm"],
         "fp_vnm is the focal point of VNM and cannot report for THA"),
        (["report", "FA1", "VNM", "completed", "--by", "ana"],
         "only a member state's focal point reports"),
        (["report", "FA1", "VNM", "completed", "--by", "viewer_vnm"],
         "only a member state's focal point reports"),
        (["report", "FA1", "VNM", "completed", "--by", "focal:vnm"], "no user 'focal:vnm'"),
        (["status", "FA1", "VNM", "completed", "--by", "fp_vnm"],
         "only the secretariat edits the register"),
        (["status", "FA1", "VNM", "completed", "--by", "gone"], "account 'gone' is disabled"),
        (["approve", "1", "--by", "nobody"], "no user 'nobody'"),
        (["return", "1", "--by", "fp_tha", "--note", "why"],
         "only the secretariat reviews action reports"),
    ],
)  # fmt: skip
def test_by_names_an_account_whose_role_and_state_are_checked(
    db: str, args: list[str], message: str
) -> None:
    """``--by`` is not trusted as typed: it must name an active account, and that account's role
    and member state decide, as on the desk. A refused write stores nothing."""
    _, before = run("actions", "pending", "--format", "json", "--db", db)
    code, out = run("actions", *args, "--db", db)
    assert code == 2 and message in out and "Traceback" not in out
    assert run("actions", "pending", "--format", "json", "--db", db)[1] == before


def test_a_returned_report_names_its_reviewer_and_reason(db: str) -> None:
    code, out = run("actions", "report", "FA3", "THA", "in_progress", "--by", "fp_tha",
                    "--db", db)  # fmt: skip
    assert code == 0 and "[pending]" in out
    report_id = out.split()[1].rstrip(":")
    code, out = run("actions", "return", report_id, "--by", "bo", "--note", " ", "--db", db)
    assert code == 2 and "needs a note" in out
    code, out = run("actions", "return", report_id, "--by", "bo", "--note", "no evidence",
                    "--db", db)  # fmt: skip
    assert code == 0 and "[returned]" in out
    code, out = run("actions", "pending", "--format", "json", "--db", db)
    assert report_id not in {str(p["id"]) for p in json.loads(out)}
