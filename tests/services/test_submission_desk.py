"""The submission desk's use cases on a real store: the dry run reports exactly what the
submission does, other states' rows are refused, review flags are computed from the data,
approved values are locked and collect in a draft release that only the secretariat publishes,
and of two reviewers acting at once one wins (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from admtrack.domain.observations import ReleaseStatus
from admtrack.errors import Conflict, Forbidden, ImportRejected, NotFound, TooLarge
from admtrack.services import releases
from admtrack.services import submissions as subs
from admtrack.services.accounts import Principal, Sessions
from admtrack.services.submissions.review import UNUSUAL_FACTOR
from admtrack.store import Store
from desk_support import PASSWORD, database_url, prepare, prepared_sqlite

HEADER = "country,indicator,year,value,status,source,note\n"


@pytest.fixture(params=["sqlite"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    if request.param == "sqlite":
        e = prepared_sqlite(tmp_path)
        yield e
        e.dispose()
        return
    with database_url(request.param, tmp_path) as url:
        e = prepare(url)
        yield e
        e.dispose()


def who(engine: sa.Engine, name: str) -> Principal:
    return Sessions(engine).sign_in(name, PASSWORD, "127.0.0.1").principal


def csv(*rows: str) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def _value(engine: sa.Engine, year: int, as_of: str) -> float | None:
    with Store(engine).reader() as r:
        found = r.observations(
            indicator="IT.NET.USER.ZS", countries=["VNM"], year_from=year, year_to=year,
            as_of=as_of,
        )  # fmt: skip
    return found[0].value if found else None


def published(engine: sa.Engine, year: int) -> float | None:
    """Viet Nam's Internet use in ``year`` as the newest published release shows it."""
    newest = releases.list_releases(engine, published_only=True)[-1]
    return _value(engine, year, newest.id)


def drafted(engine: sa.Engine, year: int) -> float | None:
    """The same in the open draft release (what its publication would show)."""
    (draft,) = releases.drafts(engine)
    return _value(engine, year, draft.id)


def test_dry_run_reports_what_the_submission_stores(engine: sa.Engine) -> None:
    desk, fp = subs.Desk(engine), who(engine, "fp_vnm")
    old_2023 = published(engine, 2023)
    assert published(engine, 2025) is None  # so the 2025 row is new
    content = csv(
        "VNM,IT.NET.USER.ZS,2025,85.5,,Survey 2025,",
        f"VNM,IT.NET.USER.ZS,2023,{old_2023!r},,,",
        "VNM,IT.NET.USER.ZS,2022,70,,Survey,",
        "VNM,IT.NET.USER.ZS,2021,,,,",
    )
    report = subs.dry_run(desk, fp, content, "vnm.csv")
    assert report.counts == {"new": 1, "revised": 1, "unchanged": 1, "rejected": 0, "skipped": 1}
    filed = subs.submit(desk, fp, content, "vnm.csv")
    assert filed.report.rows == report.rows
    shown = subs.view(desk, who(engine, "sec1"), filed.submission_id)
    assert [(line.indicator, line.year, line.new) for line in shown.lines] == [
        ("IT.NET.USER.ZS", 2022, 70.0), ("IT.NET.USER.ZS", 2025, 85.5)
    ]  # fmt: skip
    assert published(engine, 2025) is None  # pending: not in the published data


def test_rows_for_another_state_or_in_error_refuse_the_whole_file(engine: sa.Engine) -> None:
    desk, fp = subs.Desk(engine), who(engine, "fp_vnm")
    content = csv(
        "VNM,IT.NET.USER.ZS,2024,85.5,,s,",
        "THA,IT.NET.USER.ZS,2024,90,,s,",
        "VNM,IT.NET.USER.ZS,2022,150,,s,",
    )
    report = subs.dry_run(desk, fp, content, "../../etc/vnm.csv")
    rejected = {r.row: r.messages for r in report.rows if r.outcome is subs.RowOutcome.REJECTED}
    assert set(rejected) == {3, 4}
    assert rejected[3] == (
        "vnm.csv, row 3, column 'country': sub.other-state: the row is for THA; this submission is for VNM only",
    )
    assert "row 4, column 'value'" in rejected[4][0] and "obs.out-of-range" in rejected[4][0]
    with pytest.raises(ImportRejected):
        subs.submit(desk, fp, content, "vnm.csv")
    assert subs.list_visible(desk, fp) == []


def test_only_a_focal_point_files_and_limits_are_enforced(engine: sa.Engine) -> None:
    desk = subs.Desk(engine, limits=subs.UploadLimits(max_bytes=200, max_rows=2))
    content = csv("VNM,IT.NET.USER.ZS,2024,85.5,,s,")
    with pytest.raises(Forbidden):
        subs.dry_run(desk, who(engine, "sec1"), content, "x.csv")
    with pytest.raises(TooLarge, match="limit is 200"):
        subs.dry_run(desk, who(engine, "fp_vnm"), content * 3, "x.csv")
    rows = csv(*[f"VNM,IT.NET.USER.ZS,{y},80,,s," for y in (2021, 2022, 2023)])
    few_rows = subs.Desk(engine, limits=subs.UploadLimits(max_rows=2))
    with pytest.raises(TooLarge, match="3 data rows; the limit is 2"):
        subs.dry_run(few_rows, who(engine, "fp_vnm"), rows, "x.csv")


def test_flags_come_from_the_data(engine: sa.Engine) -> None:
    desk = subs.Desk(engine)
    with Store(engine).reader() as r:
        series = {
            o.year: o.value for o in r.observations(indicator="IT.NET.USER.ZS", countries=["VNM"])
        }
    years = sorted(series)
    changes = sorted(
        abs(series[b] - series[a]) / (b - a) for a, b in zip(years, years[1:], strict=False)
    )
    mid = len(changes) // 2
    usual = changes[mid] if len(changes) % 2 else (changes[mid - 1] + changes[mid]) / 2
    last = years[-1]
    jump = series[last] + UNUSUAL_FACTOR * usual * 1.5  # far outside the usual change
    small = series[last] + usual * 0.5
    content = csv(
        f"VNM,IT.NET.USER.ZS,{last + 1},{min(jump, 100.0)!r},,,",
        f"VNM,EG.ELC.ACCS.ZS,{last},{100.0},,Census,",
    )
    filed = subs.submit(desk, who(engine, "fp_vnm"), content, "vnm.csv")
    lines = {
        line.indicator: line
        for line in subs.view(desk, who(engine, "sec1"), filed.submission_id).lines
    }
    assert (min(jump, 100.0) - series[last]) > UNUSUAL_FACTOR * usual  # the case is what it claims
    assert lines["IT.NET.USER.ZS"].flags == ("unusual-change", "source-missing")
    assert "source-missing" not in lines["EG.ELC.ACCS.ZS"].flags
    assert small - series[last] < UNUSUAL_FACTOR * usual


@pytest.mark.parametrize(
    "engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_return_resubmit_approve_locks_and_publishes(engine: sa.Engine) -> None:
    desk, fp, sec = subs.Desk(engine), who(engine, "fp_vnm"), who(engine, "sec1")
    filed = subs.submit(
        desk,
        fp,
        csv("VNM,IT.NET.USER.ZS,2024,85.5,,Survey,", "VNM,IT.NET.USER.ZS,2022,70,,,"),
        "a.csv",
    )
    sid = filed.submission_id
    version = subs.decide(desk, sec, sid, 1, [
        subs.Decision("approve", "IT.NET.USER.ZS", 2024),
        subs.Decision("return", "IT.NET.USER.ZS", 2022, "source_missing", "which survey?"),
    ])  # fmt: skip
    # approved values wait in a draft: the public data do not change until it is published
    assert drafted(engine, 2024) == 85.5 and drafted(engine, 2022) != 70.0
    assert published(engine, 2024) != 85.5
    (draft,) = releases.drafts(engine)
    assert draft.id.startswith("release-") and draft.status is ReleaseStatus.DRAFT
    changed = csv("VNM,IT.NET.USER.ZS,2024,86,,Survey,", "VNM,IT.NET.USER.ZS,2022,71,,Survey 2022,")
    report = subs.dry_run(desk, fp, changed, "b.csv", submission_id=sid)
    assert [r.messages for r in report.rows if r.outcome is subs.RowOutcome.REJECTED] == [
        ("b.csv, row 2, column 'value': sub.locked: IT.NET.USER.ZS 2024 was approved as 85.5; a change needs a new submission",)
    ]  # fmt: skip
    version = subs.resubmit(
        desk,
        fp,
        sid,
        version,
        csv("VNM,IT.NET.USER.ZS,2024,85.5,,Survey,", "VNM,IT.NET.USER.ZS,2022,71,,Survey 2022,"),
        "c.csv",
    ).version
    line = next(x for x in subs.view(desk, sec, sid).lines if x.year == 2022)
    assert (line.returned_value, line.new, line.reason, line.state) == (
        70.0,
        71.0,
        "source_missing",
        "pending",
    )
    with pytest.raises(Conflict):
        subs.decide(desk, sec, sid, version - 1, [subs.Decision("approve")])  # stale version
    subs.decide(desk, sec, sid, version, [subs.Decision("approve", comment="survey checked")])
    assert drafted(engine, 2022) == 71.0 and published(engine, 2022) != 71.0
    assert [r.id for r in releases.drafts(engine)] == [draft.id]  # both approvals, one draft
    with pytest.raises(Forbidden):
        releases.publish_by(engine, fp, draft.id)
    releases.publish_by(engine, sec, draft.id)
    assert (published(engine, 2024), published(engine, 2022)) == (85.5, 71.0)
    reasons = {(c.year, c.reason) for c in releases.changelog(engine, draft.id)}
    where = f"approved in review of national submission {sid} (Viet Nam)"
    assert reasons == {(2024, where), (2022, f"{where}: survey checked")}
    assert subs.view(desk, sec, sid).submission.status == "approved"
    with pytest.raises(Conflict):
        subs.withdraw(desk, fp, sid, version + 2)
    with Store(engine).reader() as r:
        actions = [e.action for e in r.audit_entries(entity="submission")]
    assert actions == ["submit", "approve", "return", "resubmit", "approve"]


def test_other_states_cannot_see_a_submission(engine: sa.Engine) -> None:
    desk = subs.Desk(engine)
    sid = subs.submit(
        desk, who(engine, "fp_vnm"), csv("VNM,IT.NET.USER.ZS,2024,85.5,,s,"), "a.csv"
    ).submission_id
    for name in ("fp_tha", "viewer_tha"):
        with pytest.raises(NotFound):
            subs.view(desk, who(engine, name), sid)
    with pytest.raises(Forbidden):
        subs.add_comment(desk, who(engine, "viewer_vnm"), sid, "IT.NET.USER.ZS", 2024, "hello")


@pytest.mark.postgres
@pytest.mark.parametrize(
    "engine", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_two_reviewers_at_once_one_wins_and_the_other_is_told(engine: sa.Engine) -> None:
    desk = subs.Desk(engine)
    content = csv(
        *[f"VNM,IT.NET.USER.ZS,{y},{80 + y - 2020},,Survey," for y in (2021, 2022, 2023, 2024)]
    )
    sid = subs.submit(desk, who(engine, "fp_vnm"), content, "a.csv").submission_id
    reviewers = {
        "sec1": subs.Decision("approve"),
        "sec2": subs.Decision("return", reason="implausible_change"),
    }
    principals = {name: who(engine, name) for name in reviewers}
    barrier = threading.Barrier(len(reviewers))
    outcomes: dict[str, str] = {}

    def act(name: str) -> None:
        barrier.wait()
        try:
            subs.decide(desk, principals[name], sid, 1, [reviewers[name]])
            outcomes[name] = "won"
        except Conflict as exc:
            outcomes[name] = f"told: {exc}"

    threads = [threading.Thread(target=act, args=(n,)) for n in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(v == "won" for v in outcomes.values()) == [False, True], outcomes
    loser = next(v for v in outcomes.values() if v != "won")
    assert "changed by someone else" in loser
    final = subs.view(desk, principals["sec1"], sid)
    assert final.submission.version == 3
    states = {line.state for line in final.lines}
    assert len(final.lines) == 4 and len(states) == 1  # one reviewer's decision, on every value
    winner = next(n for n, v in outcomes.items() if v == "won")
    with Store(engine).reader() as r:
        drafts = [rel.id for rel in r.releases() if not rel.is_published]
        in_release = [o for d in drafts for o in r.observations(release=d)]
    assert len(in_release) == (4 if winner == "sec1" else 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_prefilled_template_comes_back_unchanged(engine: sa.Engine, fmt: str) -> None:
    desk, fp = subs.Desk(engine), who(engine, "fp_vnm")
    content = subs.template(desk, fp, "VNM", fmt)
    report = subs.dry_run(desk, fp, content, f"vnm.{fmt}")
    counts = report.counts
    assert counts["rejected"] == counts["new"] == counts["revised"] == 0
    with Store(engine).reader() as r:
        codes = [i.code for i in r.get_plan("adm2025").indicators]
        years = {row.year for row in report.rows}
        values = r.observations(
            indicator=codes, countries=["VNM"], year_from=min(years), year_to=max(years)
        )
    assert len(report.rows) == len(codes) * len(years)
    assert counts["unchanged"] == len(values) > 0 and counts["skipped"] == len(report.rows) - len(
        values
    )
    assert not report.ok  # nothing to submit: every value is the published one
    assert report.problems == [
        f"vnm.{fmt}: nothing to submit: no value is new or differs from the published one"
    ]
