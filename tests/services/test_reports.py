"""The report service reads every number from the results service's cache (keyed as the
dashboard keys it), names charts by stable ids, and copes with a plan it cannot score."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from admtrack.errors import AdmtrackError, NotFound
from admtrack.reports.model import Bullets, Paragraph, Table
from admtrack.services.dashboard import WebContext
from admtrack.services.reports import chart_figure, load_inputs, make_report
from admtrack.services.scoring import ResultsCache
from admtrack.services.setup import initialise
from admtrack.store import Store, create_engine_for


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("reports") / "admtrack.sqlite"
    engine = create_engine_for(f"sqlite:///{path}")
    initialise(engine)
    return Store(engine)


def test_reports_and_dashboard_share_one_results_computation(store: Store) -> None:
    ctx = WebContext(store=store, cache=ResultsCache(None, samples=50))
    shown = ctx.results("adm2025")
    inputs = load_inputs(store, ctx.cache, "adm2025")
    assert ctx.cache.computations == 1
    assert inputs.results is shown


def test_chart_ids(store: Store) -> None:
    inputs = load_inputs(store, ResultsCache(None, samples=50), "adm2025")
    for chart_id in ("outcome-DO1-trends", "outcome-do1-ranks", "index-ranks",
                     "country-vnm-ranks", "indicator-IT.NET.USER.ZS"):  # fmt: skip
        figure = chart_figure(inputs, chart_id)
        assert figure.id == chart_id and figure.source and figure.spec["$schema"]
    for bad in ("outcome-DO9-ranks", "country-XXX-ranks", "indicator-NOPE", "pie"):
        with pytest.raises(NotFound):
            chart_figure(inputs, bad)


def _texts(blocks: tuple[object, ...]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append("".join(str(t) for t in b.text))
        elif isinstance(b, Bullets):
            out.extend("".join(str(t) for t in item) for item in b.items)
        elif isinstance(b, Table):
            out.append(b.caption)
    return "\n".join(out)


def test_baseline_without_results_says_why_and_lists_values(store: Store) -> None:
    inputs = load_inputs(store, ResultsCache(None, samples=50), "adm2030")
    unscored = replace(inputs, results=None, results_problem="aggregate 'FA8' has no children")
    report = make_report(unscored, "baseline")
    summary = _texts(report.sections[0].blocks)
    assert "No composite index yet: aggregate 'FA8' has no children" in summary
    fa1 = next(s for s in report.sections if s.id == "area-fa1")
    values = next(b for b in fa1.blocks if isinstance(b, Table) and "baseline values" in b.caption)
    assert any(cell != "–" for row in values.rows for cell in row[1:])
    with pytest.raises(AdmtrackError, match="has no results"):
        make_report(unscored, "end-of-term")
