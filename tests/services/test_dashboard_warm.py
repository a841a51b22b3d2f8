"""Results computed ahead (``admtrack init``) are read back by the dashboard instead of being
computed again, and only while they still describe the database's data."""

from __future__ import annotations

from pathlib import Path

from admtrack.services.dashboard import context_on
from admtrack.services.setup import initialise
from admtrack.services.stored_data import import_enabling_actions
from admtrack.store import create_engine_for

ACTIONS = Path(__file__).resolve().parents[1] / "data" / "actions" / "fictional-register.yaml"
SAMPLES = 40


def _setup(folder: Path) -> str:
    url = f"sqlite:///{folder / 'admtrack.sqlite3'}"
    engine = create_engine_for(url)
    initialise(engine)
    engine.dispose()
    return url


def test_results_computed_ahead_are_read_back_not_recomputed(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    engine = create_engine_for(_setup(tmp_path))
    ahead = context_on(engine, cache_dir, SAMPLES)
    assert ahead.warm() == ["adm2025", "adm2030"]
    assert ahead.cache.computations == 2
    files = sorted(p.name for p in cache_dir.glob("results-*.pickle"))
    assert len(files) == 2 and all("bundled-2026-11-29" in f for f in files)

    served = context_on(engine, cache_dir, SAMPLES)  # another process, e.g. a server worker
    assert served.warm(observations=True) == ["adm2025", "adm2030"]
    assert served.cache.computations == 0
    read, computed = served.results("adm2025"), ahead.results("adm2025")
    assert read is not computed
    assert (read.intervals, read.scores) == (computed.intervals, computed.scores)
    assert served._shared.observations[
        "bundled-2026-11-29"
    ]  # the release's observations were read too

    import_enabling_actions(engine, "adm2025", ACTIONS, actor="test")  # a write: new revision
    after = context_on(engine, cache_dir, SAMPLES)
    after.warm()
    assert after.cache.computations == 2
    engine.dispose()


def test_a_database_set_up_again_does_not_read_the_old_ones_results(tmp_path: Path) -> None:
    """A deleted and re-created database reaches the same revision numbers; its data stamp
    (revision and time written) differs, so results kept for the old one are not taken."""
    cache_dir = tmp_path / "cache"
    first = tmp_path / "one"
    first.mkdir()
    engine = create_engine_for(_setup(first))
    old = context_on(engine, cache_dir, SAMPLES)
    old.warm(["adm2025"])
    revision, stamp = old.catalog().revision, old.catalog().stamp
    engine.dispose()
    (first / "admtrack.sqlite3").unlink()
    engine = create_engine_for(_setup(first))
    again = context_on(engine, cache_dir, SAMPLES)
    assert again.catalog().revision == revision and again.catalog().stamp != stamp
    again.warm(["adm2025"])
    assert again.cache.computations == 1
    engine.dispose()
