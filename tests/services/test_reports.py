"""The report service reads every number from the results service's cache (keyed as the
dashboard keys it), names charts by stable ids, and copes with a plan it cannot score."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from admtrack.errors import AdmtrackError, NotFound
from admtrack.reports.model import Bullets, Paragraph, Report, Table
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


def test_end_of_term_summary_and_sensitivity_prose_follow_the_language(store: Store) -> None:
    """The executive summary's and the index chapter's sentences come from the catalogues: in
    Thai they read as the Thai catalogue says, with the numbers of the English report."""
    import re

    from admtrack import i18n

    inputs = load_inputs(store, ResultsCache(None, samples=50), "adm2025")
    english = make_report(inputs, "end-of-term", lang="en")
    thai = make_report(inputs, "end-of-term", lang="th")
    th = i18n.translations("th")

    def section(report: Report, sid: str) -> str:
        return _texts(next(s for s in report.sections if s.id == sid).blocks)

    en_summary, th_summary = section(english, "summary"), section(thai, "summary")
    assert "member states on its" in en_summary
    assert "progress of the" not in th_summary and "member states on its" not in th_summary
    assert th.gettext("Regional verdict per outcome: member states by status") in th_summary
    assert "Regional verdict" not in th_summary
    en_index, th_index = section(english, "index"), section(thai, "index")
    assert "Rank intervals from" in en_index and "Rank intervals from" not in th_index
    thai_intervals = th.ngettext(
        "Rank intervals from %(samples)s replications of the uncertainty analysis; "
        "%(failed)s replication failed and is counted, not dropped.",
        "Rank intervals from %(samples)s replications of the uncertainty analysis; "
        "%(failed)s replications failed and are counted, not dropped.",
        2,
    ).split("%(samples)s")[0]
    assert thai_intervals and thai_intervals in th_index
    for sentence in ("Variance-based sensitivity", "No sensitivity analysis", "Which assumptions"):
        assert sentence not in th_index
    # the same figures in both languages
    assert re.findall(r"\d+", th_index.split("\n")[1]) == re.findall(
        r"\d+", en_index.split("\n")[1]
    )


def test_end_of_term_what_is_not_measured_notes_follow_the_language(store: Store) -> None:
    """DO1's chapter lists what is not measured under a heading and notes from the catalogue."""
    from admtrack import i18n

    inputs = load_inputs(store, ResultsCache(None, samples=50), "adm2025")
    th = i18n.translations("th")

    def chapter(lang: str) -> str:
        report = make_report(inputs, "end-of-term", lang=lang)
        return _texts(next(s for s in report.sections if s.id == "outcome-do1").blocks)

    english, thai = chapter("en"), chapter("th")
    assert "What is not measured:" in english and "What is not measured:" not in thai
    assert th.gettext("What is not measured:") in thai
    assert "no verdict" in english and "no verdict" not in thai
