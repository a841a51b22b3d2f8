"""The end-of-term report in Thai, Vietnamese and Indonesian: its outcome chapters' captions,
column headings, figure titles and status and category cells, the index chapter's headings and
the enabling-actions chapter come from the catalogues, numbers follow the locale, and the PDF's
text (pdftotext) carries them; the words the reports show as data are marked in one vocabulary."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from pathlib import Path

import pytest

from admtrack import i18n
from admtrack.analytics.progress import STATUS_OF
from admtrack.domain.framework import EnablingAction
from admtrack.i18n import vocabulary
from admtrack.reports.model import Figure, Report, Section, Table
from admtrack.reports.render import render_html, render_pdf
from admtrack.services.reports import ReportInputs, chart_figure, load_inputs, make_report
from admtrack.services.reports.common import METHOD_INTRO, METHOD_LABELS, primary_verdict
from admtrack.services.scoring import IndexMethod, ResultsCache
from admtrack.services.scoring.sensitivity import ASSUMPTIONS
from admtrack.services.setup import initialise
from admtrack.store import Store, create_engine_for
from pdftext import pdftotext


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> ReportInputs:
    path: Path = tmp_path_factory.mktemp("report-language") / "admtrack.sqlite"
    engine = create_engine_for(f"sqlite:///{path}")
    initialise(engine)
    return load_inputs(Store(engine), ResultsCache(None, samples=50), "adm2025")


def squash(text: str) -> str:
    """Text without whitespace: Thai has no spaces between words, so a line break the PDF puts
    into a caption must not decide whether it is found."""
    return re.sub(r"\s+", "", text)


def section(report: Report, sid: str) -> Section:
    return next(s for s in report.sections if s.id == sid)


def table(s: Section, starts: str) -> Table:
    return next(b for b in s.blocks if isinstance(b, Table) and b.caption.startswith(starts))


#: English wordings that must not be left in a translated end-of-term report.
ENGLISH = (
    "by member state: score, rank", "indicators by member state", "ranks with 5–95 % intervals",
    "Composite index: score, rank", "Rank, goalposts", "Rank, geometric mean", "trend only",
    "No enabling actions are loaded", "Which progress categories count", "needs acceleration",
    "acceleration needed", "target achieved", "uncertainty replications",
    "Own names from the Unicode CLDR", "monitoring data, release", "Progress is measured from",
)  # fmt: skip


@pytest.fixture(scope="module")
def pdfs(inputs: ReportInputs) -> dict[str, tuple[Report, str]]:
    out: dict[str, tuple[Report, str]] = {}
    for code in ("th", "vi"):
        report = make_report(inputs, "end-of-term", lang=code)
        out[code] = (report, pdftotext(render_pdf(render_html(report), report), raw=True))
    return out


@pytest.mark.parametrize("code", ["th", "vi"])
def test_outcome_chapter_captions_headings_and_cells_are_translated_in_the_pdf(
    inputs: ReportInputs, pdfs: dict[str, tuple[Report, str]], code: str
) -> None:
    report, text = pdfs[code]
    cat = i18n.translations(code)
    results = inputs.results
    assert results is not None
    do2 = section(report, "outcome-do2")
    by_state = table(do2, cat.gettext(
        "%(outcome)s by member state: score, rank (5–95 %% interval), status and indicator "
        "verdicts") % {"outcome": "DO2"})  # fmt: skip
    assert by_state.columns[:6] == tuple(cat.gettext(c) for c in (
        "Member state", "Own name", "Score", "Rank", "Interval", "Status"))  # fmt: skip
    indicators = table(do2, cat.gettext("%(outcome)s indicators") % {"outcome": "DO2"})
    assert indicators.columns == tuple(cat.gettext(c) for c in (
        "Code", "Indicator", "Unit", "Better", "Targets", "Source"))  # fmt: skip
    # the status and category cells: each state's status and verdicts, in the catalogue's words
    status = {s.country: s.summary for s in results.outcome_status if s.outcome == "DO2"}
    do2_codes = [i.code for i in inputs.plan.outcome("DO2").indicators]
    local = {i18n.country_name(u, inputs.name(u), code): u for u in results.units}
    for row in by_state.rows:
        iso3 = local[str(row[0])]
        assert row[5] == cat.gettext(status[iso3])
        for cell, ind in zip(row[6:], do2_codes, strict=True):
            v = primary_verdict(results, ind, iso3)
            assert cell == (cat.gettext(v.category) if v else "–")
    shown = {status[u] for u in results.units}
    assert "needs acceleration" in shown  # the bundled data: 6 member states on DO2
    wanted = [
        *(by_state.caption, indicators.caption, *by_state.columns[:6], *indicators.columns),
        cat.gettext("%(outcome)s: ranks with 5–95 %% intervals") % {"outcome": "DO2"},
        cat.gettext("%(outcome)s: indicators by member state") % {"outcome": "DO2"},
        *(cat.gettext(s) for s in shown), cat.gettext("higher"), cat.gettext("lower"),
        cat.gettext("trend only"),
    ]  # fmt: skip
    for phrase in wanted:
        assert squash(phrase) in squash(text), phrase
    for english in ENGLISH:
        assert english not in text, english


@pytest.mark.parametrize("code", ["th", "vi"])
def test_index_and_actions_chapters_and_annexes_are_translated_in_the_pdf(
    pdfs: dict[str, tuple[Report, str]], code: str
) -> None:
    report, text = pdfs[code]
    cat = i18n.translations(code)
    index = section(report, "index")
    ranks = table(index, cat.gettext("Composite index: score, rank and 5–95 %% rank interval; "
                                     "ranks under two other assumptions") % {})  # fmt: skip
    assert ranks.columns[-2:] == (cat.gettext("Rank, goalposts"),
                                  cat.gettext("Rank, geometric mean"))  # fmt: skip
    sobol = table(index, cat.gettext("Which assumptions move ranks: Sobol indices of the mean "
                                     "absolute rank shift of the index"))  # fmt: skip
    assert {str(row[0]) for row in sobol.rows} == {cat.gettext(a) for a in ASSUMPTIONS}
    assert {str(row[1]) for row in sobol.rows} == {cat.gettext(v) for v in ASSUMPTIONS.values()}
    actions = section(report, "actions").blocks[0]
    no_actions = cat.gettext("No enabling actions are loaded for this plan (they come in "
                             "through `admtrack actions import`).")  # fmt: skip
    method = table(section(report, "methodology"), cat.gettext("Index method in use"))
    labels = [str(row[0]) for row in method.rows]
    assert cat.gettext("uncertainty replications") in labels
    assert cat.gettext("latest window (years)") in labels
    wanted = [ranks.caption, *ranks.columns[-2:], cat.gettext(METHOD_INTRO),
              cat.gettext("Composite index: ranks with 5–95 %% intervals") % {},
              cat.gettext("Which progress categories count as which status:"),
              cat.gettext("Enabling actions"), no_actions]  # fmt: skip
    assert "".join(str(t) for t in getattr(actions, "text", ())) == no_actions
    for phrase in wanted:
        assert squash(phrase) in squash(text), phrase


def test_numbers_and_dates_follow_the_locale(
    inputs: ReportInputs, pdfs: dict[str, tuple[Report, str]]
) -> None:
    """Vietnamese writes 72,6 and 4.096 where English writes 72.6 and 4,096."""
    results = inputs.results
    assert results is not None and results.sensitivity is not None
    vi_report, vi_text = pdfs["vi"]
    english = make_report(inputs, "end-of-term", lang="en")
    en_rows = table(section(english, "outcome-do2"), "DO2 by member state").rows
    vi_caption = i18n.translations("vi").gettext(
        "%(outcome)s by member state: score, rank (5–95 %% interval), status and indicator "
        "verdicts") % {"outcome": "DO2"}  # fmt: skip
    vi_rows = table(section(vi_report, "outcome-do2"), vi_caption).rows
    scores = [str(row[2]) for row in en_rows if row[2] != "–"]
    assert len(scores) >= 9 and all(re.fullmatch(r"\d+\.\d", s) for s in scores)
    assert [row[2] for row in vi_rows if row[2] != "–"] == [s.replace(".", ",") for s in scores]
    runs = results.sensitivity.runs  # 4096: (d + 2) * N with N = 512, d = 6
    assert runs == (len(ASSUMPTIONS) + 2) * results.sensitivity.base_rows
    assert f"{runs:,}".replace(",", ".") in vi_text  # 4.096
    th_report, th_text = pdfs["th"]
    assert f"{runs:,}" in th_text  # Thai groups as English does: 4,096
    published = inputs.release.published
    assert i18n.format_date(published, code="vi") in vi_text  # e.g. "29 tháng 11, 2026"
    assert squash(i18n.format_date(published, code="th")) in squash(th_text)  # "29 พฤศจิกายน ..."
    assert i18n.format_date(published, code="th") in th_report.sections[-1].blocks[1].text[0]


def test_indonesian_html_report(inputs: ReportInputs) -> None:
    report = make_report(inputs, "end-of-term", lang="id")
    html = render_html(report).html
    cat = i18n.translations("id")
    for phrase in (cat.gettext("%(outcome)s indicators") % {"outcome": "DO5"},
                   cat.gettext("Rank, geometric mean"), cat.gettext("trend only"),
                   cat.gettext("Which progress categories count as which status:"),
                   cat.gettext("normalisation"), cat.gettext("on track")):  # fmt: skip
        assert phrase in html, phrase
    for english in ENGLISH:
        assert english not in html, english


def test_enabling_actions_chapter_in_thai(inputs: ReportInputs) -> None:
    """Imported actions: the caption and headings from the catalogue, a tracker status in Thai,
    any other wording as imported."""
    actions = (
        EnablingAction("EA1", "Broadband plan", "DO2", status=((2024, "in_progress"),)),
        EnablingAction("EA2", "Data law", "DO3", status=((2025, "drafting"),)),
    )
    plan = replace(inputs.plan, enabling_actions=actions)
    report = make_report(replace(inputs, plan=plan), "end-of-term", lang="th")
    th = i18n.translations("th")
    chapter = section(report, "actions")
    t = table(chapter, th.gettext("Enabling actions and their latest status"))
    assert t.columns == tuple(th.gettext(c) for c in (
        "Id", "Title", "Outcome", "Priority", "Timeframe", "Lead", "Status"))  # fmt: skip
    assert t.rows[0][-1] == f"{th.gettext('in progress')} (2024)" != "in progress (2024)"
    assert t.rows[1][-1] == "drafting (2025)"


def test_chart_downloads_in_thai(inputs: ReportInputs) -> None:
    th = i18n.translations("th")
    with i18n.using("th"):
        ranks = chart_figure(inputs, "outcome-DO2-ranks")
        indicator = chart_figure(inputs, "indicator-IT.NET.BBND.P2")
    assert ranks.title == th.gettext("%(outcome)s: ranks with 5–95 %% intervals") % {
        "outcome": "DO2"}  # fmt: skip
    assert ranks.source == th.gettext("admtrack results")
    names = {r["state"] for r in ranks.spec["data"]["values"]}
    assert "ไทย" in names and "Thailand" not in names  # CLDR's Thai name of Thailand
    thai_name = inputs.plan.translation("th")
    assert thai_name is not None
    assert indicator.title.startswith(thai_name.indicator_name("IT.NET.BBND.P2"))
    assert indicator.note == th.gettext("Release %(release)s") % {"release": inputs.release.id}
    assert all(isinstance(f, Figure) for f in (ranks, indicator))


def test_the_vocabulary_marks_every_word_the_reports_show_as_data() -> None:
    """Statuses, categories and the sensitivity assumptions come from one place each; a new
    one in the engine fails here until it is marked for translation."""
    marked = {*vocabulary.STATUSES, *vocabulary.CATEGORIES, *vocabulary.OUTLOOKS}
    assert set(STATUS_OF) <= marked and set(STATUS_OF.values()) <= marked
    assert {*ASSUMPTIONS, *ASSUMPTIONS.values()} == set(vocabulary.ASSUMPTIONS)
    assert set(vocabulary.STATUS_COUNTS) == set(vocabulary.STATUSES)
    assert {f.name for f in fields(IndexMethod)} == set(METHOD_LABELS)
    doc = (IndexMethod.__doc__ or "").strip().split("\n\n")[0]
    assert " ".join(line.strip() for line in doc.splitlines()) == METHOD_INTRO
