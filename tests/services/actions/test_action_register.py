"""Status reports of enabling actions: the secretariat's edits are public at once, a focal
point's report only after another person approves it; evidence keeps its exact bytes."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.errors import Conflict, NotFound, ValidationError
from admtrack.services.actions import (
    StatusInput,
    approve_report,
    evidence_download,
    pending_reports,
    record_status,
    return_report,
    stored_register,
    submit_report,
)
from admtrack.services.setup import initialise
from admtrack.services.stored_data import import_enabling_actions
from admtrack.store import Store

DATA = Path(__file__).resolve().parents[2] / "data" / "actions"
REGISTER = DATA / "fictional-register.yaml"
EVIDENCE = DATA / "fictional-evidence.txt"


@pytest.fixture
def loaded(store: Store) -> sa.Engine:
    initialise(store.engine)
    import_enabling_actions(store.engine, "adm2025", REGISTER, actor="test:secretariat")
    return store.engine


def report(status: str = "completed", country: str = "VNM", **kw: object) -> StatusInput:
    return StatusInput("adm2025", "FA1", country, status, date(2024, 5, 1), **kw)  # type: ignore[arg-type]


def test_the_import_carries_milestones_and_indicators(loaded: sa.Engine) -> None:
    register = stored_register(loaded, "adm2025")
    fa1 = register.row("FA1").action
    assert fa1.lead == "Fictional ASEAN working group"
    assert fa1.indicators == ("GCI.OVERALL", "IT.NET.SECR.P6")
    assert [(m.title, m.due) for m in fa1.milestones] == [
        ("Fictional milestone A1", "2022-06-30"),
        ("Fictional milestone A2", "2023-12-31"),
    ]
    assert [r.action.id for r in register.rows] == ["FA1", "FA2", "FA3"]


def test_a_focal_points_report_is_public_only_after_approval(loaded: sa.Engine) -> None:
    pending = submit_report(loaded, report(document=EVIDENCE, note="fictional"), actor="fp:vnm")
    assert pending.review_state.value == "pending"
    assert [r.id for r in pending_reports(loaded)] == [pending.id]
    row = stored_register(loaded, "adm2025").row("FA1")
    assert row.status_of("VNM") == "not_reported" and row.timeline == ()
    sha = hashlib.sha256(EVIDENCE.read_bytes()).hexdigest()
    with pytest.raises(NotFound):
        evidence_download(loaded, sha)  # not published while pending

    with pytest.raises(ValidationError, match="another person must review"):
        approve_report(loaded, pending.id, actor="fp:vnm")
    approved = approve_report(loaded, pending.id, actor="secretariat:ana")
    assert approved.review_state.value == "approved" and approved.reviewed_by == "secretariat:ana"
    assert pending_reports(loaded) == []
    register = stored_register(loaded, "adm2025")
    assert register.row("FA1").status_of("VNM") == "completed"
    assert register.row("FA1").counts == {"not_started": 0, "in_progress": 0, "completed": 1,
                                          "not_applicable": 0, "not_reported": 10}  # fmt: skip
    assert register.outcome_summary("DO3").counts["completed"] == 1
    assert register.outcome_summary("DO3").pairs == 2 * 11  # FA1 and FA3 x 11 states
    document, content = evidence_download(loaded, sha)
    assert content == EVIDENCE.read_bytes() and document.sha256 == sha
    assert document.filename == "fictional-evidence.txt" and document.size == len(content)
    with pytest.raises(Conflict, match="already approved"):
        approve_report(loaded, pending.id, actor="secretariat:bo")


def test_a_returned_report_needs_a_note_and_never_shows(loaded: sa.Engine) -> None:
    pending = submit_report(loaded, report("in progress"), actor="fp:vnm")
    with pytest.raises(ValidationError, match="needs a note"):
        return_report(loaded, pending.id, actor="secretariat:ana", note=" ")
    returned = return_report(loaded, pending.id, actor="secretariat:ana", note="no evidence")
    assert returned.review_state.value == "returned" and returned.review_note == "no evidence"
    assert stored_register(loaded, "adm2025").row("FA1").status_of("VNM") == "not_reported"


def test_the_latest_approved_status_wins_and_the_timeline_keeps_all(loaded: sa.Engine) -> None:
    record_status(loaded, report("in_progress"), actor="secretariat:ana")
    later = StatusInput("adm2025", "FA1", "VNM", "completed", date(2025, 1, 2))
    earlier = StatusInput("adm2025", "FA1", "VNM", "not_started", date(2022, 1, 1))
    record_status(loaded, later, actor="secretariat:ana")
    record_status(loaded, earlier, actor="secretariat:ana")  # entered last, dated first
    row = stored_register(loaded, "adm2025").row("FA1")
    assert row.status_of("VNM") == "completed"
    assert [r.status.value for r in row.timeline] == ["not_started", "in_progress", "completed"]
    register = stored_register(loaded, "adm2025")
    assert [r.action.id for r in register.filtered(status="completed", state="VNM")] == ["FA1"]
    assert register.filtered(status="completed", state="THA") == []
    assert [r.action.id for r in register.filtered(lead="VNM")] == ["FA2"]
    assert [r.action.id for r in register.filtered(outcome="do3")] == ["FA1", "FA3"]


def test_the_same_document_is_stored_once(loaded: sa.Engine) -> None:
    a = record_status(loaded, report(document=EVIDENCE), actor="secretariat:ana")
    b = record_status(loaded, report(country="THA", document=EVIDENCE), actor="secretariat:ana")
    assert a.evidence == b.evidence and a.evidence is not None
    with loaded.connect() as c:
        assert c.scalar(sa.text("SELECT count(*) FROM evidence_documents")) == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "AUS"}, "not an ASEAN member state"),
        ({"status": "done"}, "is not one of"),
        ({"evidence_url": "ftp://x"}, "must start with https://"),
        ({"action": "NOPE"}, "no enabling action 'NOPE'"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(
    loaded: sa.Engine, changes: dict[str, str], message: str
) -> None:
    fields = {"plan": "adm2025", "action": "FA1", "country": "VNM", "status": "completed",
              "as_of": date(2024, 1, 1), "document": EVIDENCE} | changes  # fmt: skip
    with Store(loaded).reader() as r:
        before = r.data_revision()
    with pytest.raises(ValidationError, match=message):
        submit_report(loaded, StatusInput(**fields), actor="fp:vnm")  # type: ignore[arg-type]
    with Store(loaded).reader() as r:
        assert r.data_revision() == before
    with loaded.connect() as c:
        assert c.scalar(sa.text("SELECT count(*) FROM evidence_documents")) == 0


def test_an_upload_is_kept_like_a_file_and_an_empty_one_is_refused(loaded: sa.Engine) -> None:
    content = EVIDENCE.read_bytes()
    a = submit_report(loaded, report(upload=("dir/../scan.txt", content)), actor="fp:vnm")
    assert a.evidence is not None and a.evidence.filename == "scan.txt"
    assert a.evidence.sha256 == hashlib.sha256(content).hexdigest()
    with pytest.raises(ValidationError, match="the document is empty"):
        submit_report(loaded, report(upload=("empty.pdf", b"")), actor="fp:vnm")
    with pytest.raises(ValidationError, match="not both"):
        submit_report(loaded, report(upload=("a.txt", b"x"), document=EVIDENCE), actor="fp:vnm")
