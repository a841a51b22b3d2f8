"""The release scenario end to end: a reviewed revision enters draft R2 through the ingestion
service, R2 is published, and R1 (the bundled release) stays exactly as it was."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from admtrack.cli.app import app
from admtrack.domain.observations import Observation, Release
from admtrack.errors import ValidationError
from admtrack.services import releases
from admtrack.services.ingestion import import_file
from admtrack.services.setup import BUNDLED_RELEASE, initialise
from admtrack.store import create_engine_for
from admtrack.store.immutability import is_immutability_error
from admtrack.store.tables import observations
from admtrack.store.unit_of_work import Store

R1 = BUNDLED_RELEASE.id
R2 = "2026-12"
REASON = "Ministry figure confirmed by the regulator's annual report"
runner = CliRunner()


def _view(engine: sa.Engine, release_id: str) -> dict[tuple[str, str, int], Observation]:
    with Store(engine).reader() as r:
        return {o.key: o for o in r.observations(as_of=release_id)}


@pytest.fixture
def scenario(engine: sa.Engine, tmp_path: Path) -> tuple[sa.Engine, Observation, float]:
    return _build(engine, tmp_path)


def _build(engine: sa.Engine, tmp_path: Path) -> tuple[sa.Engine, Observation, float]:
    initialise(engine)
    r1 = _view(engine, R1)
    target = r1[("IT.NET.USER.ZS", "VNM", 2023)]
    revised = round(target.value + 1.25, 2)
    releases.create_draft(engine, R2, date(2026, 12, 15), "December 2026 update")
    submission = tmp_path / "vnm.csv"
    submission.write_text(
        f"country,indicator,year,value\nVNM,IT.NET.USER.ZS,2023,{revised}\n", encoding="utf-8"
    )
    report = import_file(engine, submission, release=Release(R2, date(2026, 12, 15)), reason=REASON)
    assert report.counts.inserted == 1
    releases.publish(engine, R2, date(2026, 12, 15))
    return engine, target, revised


def test_a_published_revision_leaves_r1_unchanged(
    scenario: tuple[sa.Engine, Observation, float],
) -> None:
    engine, target, revised = scenario
    states = {r.id: r.is_published for r in releases.list_releases(engine)}
    assert states == {R1: True, R2: True}
    r1, r2 = _view(engine, R1), _view(engine, R2)
    assert r1[target.key].value == target.value
    assert r2[target.key].value == revised and r2[target.key].release == R2
    assert {k: o.value for k, o in r1.items() if k != target.key} == {
        k: o.value for k, o in r2.items() if k != target.key
    }
    (change,) = releases.changelog(engine, R2)
    assert (change.kind, change.old_value, change.new_value, change.reason) == (
        releases.ChangeKind.REVISED, target.value, revised, REASON
    )  # fmt: skip
    assert releases.diff_releases(engine, R1, R2) == [change]
    assert releases.resolve_release(engine, as_of=date(2026, 12, 14)) == BUNDLED_RELEASE
    assert releases.resolve_release(engine, as_of=date(2026, 12, 15)).id == R2  # type: ignore[union-attr]


def test_writes_into_r1_are_refused_by_the_store(
    scenario: tuple[sa.Engine, Observation, float],
) -> None:
    engine, target, _ = scenario
    with pytest.raises(ValidationError, match="immutable"):
        releases.stage_values(engine, R1, [Observation(*target.key, 1.0, source=target.source)])
    with pytest.raises(sa.exc.DBAPIError) as caught, engine.begin() as connection:
        connection.execute(
            sa.update(observations).where(observations.c.release == R1).values(value=0.0)
        )
    assert is_immutability_error(caught.value)
    assert _view(engine, R1)[target.key].value == target.value


def test_the_cli_lists_diffs_and_shows_the_changelog(tmp_path: Path) -> None:
    """On a SQLite file (the CLI opens its own engine from the URL)."""
    db = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = create_engine_for(db)
    _, target, revised = _build(engine, tmp_path)
    engine.dispose()
    listed = runner.invoke(app, ["releases", "list", "--db", db, "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert [(r["id"], r["status"]) for r in json.loads(listed.output)] == [
        (R1, "published"), (R2, "published")
    ]  # fmt: skip
    diff = runner.invoke(app, ["releases", "diff", R1, R2, "--db", db, "--format", "csv"])
    assert diff.exit_code == 0, diff.output
    lines = diff.output.strip().splitlines()
    assert lines[0].startswith("change,indicator,country,year,old_value,new_value")
    assert lines[1] == (
        f"revised,IT.NET.USER.ZS,VNM,2023,{target.value},{revised},{R1},{R2},{REASON}"
    )
    show = runner.invoke(app, ["releases", "show", R2, "--db", db])
    assert show.exit_code == 0 and "1 changes since the previous release" in show.output
    assert REASON in show.output
    again = runner.invoke(app, ["releases", "publish", R2, "--db", db])
    assert again.exit_code == 2 and "already published" in again.output
    fix = tmp_path / "fix.csv"
    fix.write_text("country,indicator,year,value\nVNM,IT.NET.USER.ZS,2023,80.5\n", "utf-8")
    why = "the regulator corrected its report"
    imported = runner.invoke(
        app, ["data", "import", str(fix), "--release", "R3", "--reason", why, "--db", db]
    )
    assert imported.exit_code == 0, imported.output
    draft = runner.invoke(app, ["releases", "show", "R3", "--db", db, "--format", "csv"])
    assert draft.exit_code == 0, draft.output
    assert draft.output.strip().splitlines()[1] == (
        f"revised,IT.NET.USER.ZS,VNM,2023,{revised},80.5,{R2},R3,{why}"
    )
    early = runner.invoke(app, ["releases", "publish", "R3", "--on", "2026-12-01", "--db", db])
    assert early.exit_code == 2 and f"release {R2} was published on 2026-12-15" in early.output
