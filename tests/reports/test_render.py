"""Rendering a hand-built report: HTML escapes text, marks languages, inlines charts as SVG; the
content hash follows the content; the PDF shapes and keeps the text."""

from __future__ import annotations

from dataclasses import replace
from io import BytesIO

import pypdf
import pytest

from admtrack.errors import AdmtrackError
from admtrack.reports.charts import rank_intervals
from admtrack.reports.model import Bullets, Figure, Paragraph, Report, Section, Span, Table
from admtrack.reports.render import render_html, render_pdf
from admtrack.reports.svg import printable, to_png, to_svg
from pdftext import NATIVE, pdftotext

CHART = rank_intervals(
    [{"name": "Cambodia", "rank": 1, "p05": 1, "p95": 2, "median": 1},
     {"name": "Lao PDR", "rank": 2, "p05": 1, "p95": 3, "median": 2}], title="test")  # fmt: skip


def report(score: str = "61.0") -> Report:
    section = Section(id="one", title="One <two>", blocks=(
        Paragraph(("Cambodia (", Span("កម្ពុជា", "km"), ")",)),
        Bullets((("DO1: 1 on track, 0 need acceleration, 0 regressed, 1 not measured.",),)),
        Table("Scores", ("State", "Score"), (("Thailand", score), (Span("ไทย", "th"), "–")),
              numeric=(1,)),
        Figure("ranks", "Ranks", CHART, source="admtrack results", note="2 replications"),
    ))  # fmt: skip
    return Report(kind="country", title="Test report", subtitle="sub", plan_id="adm2025",
                  plan_name="ASEAN Digital Masterplan 2025", release_id="r1",
                  release_date="2026-01-02", sections=(section,), citation="admtrack, r1")  # fmt: skip


def test_html_escapes_marks_languages_and_inlines_svg() -> None:
    out = render_html(report())
    assert "One &lt;two&gt;" in out.html
    assert '<span lang="km">កម្ពុជា</span>' in out.html
    assert '<svg role="img" aria-label="Ranks"' in out.html
    assert f"content hash {out.content_hash}" in out.html


def test_content_hash_follows_the_content() -> None:
    assert render_html(report()).content_hash == render_html(report()).content_hash
    assert render_html(report("61.0")).content_hash != render_html(report("61.1")).content_hash
    changed = replace(report(), release_id="r2")
    assert changed.content_hash() != report().content_hash()


def test_pdf_keeps_the_text() -> None:
    r = report()
    pdf = render_pdf(render_html(r), r)
    reader = pypdf.PdfReader(BytesIO(pdf))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "កម្ពុជា" in text and "ไทย" in text
    assert r.content_hash() in text
    assert reader.metadata is not None and reader.metadata.title == "Test report"


def test_pdf_text_spells_every_own_name_exactly() -> None:
    # "မာ" first: its ma glyph then maps to ma alone, and the medial ra drawn before the ma of
    # "မြ" would be lost by a glyph-by-glyph text layer; the other order gained a ra instead.
    names = ("မာ", *NATIVE.values(), "မြန်မာ")
    section = Section(id="names", title="Names", blocks=tuple(
        Paragraph((Span(n, "my" if n.startswith("မ") else "und"),)) for n in names))  # fmt: skip
    r = replace(report(), sections=(section,))
    pdf = render_pdf(render_html(r), r)
    lines = [line.strip() for line in pdftotext(pdf, fold=False).splitlines()]
    for name in names:
        assert name in lines, name
    assert NATIVE["MMR"] in pdftotext(pdf)


def test_printable_adds_title_source_and_note() -> None:
    spec = printable(CHART, title="Ranks", source="admtrack results", note="2 replications")
    assert spec["width"] == 560 and spec["config"]["font"] == "Noto Sans"
    svg = to_svg(spec)
    for text in ("Ranks", "Source: admtrack results", "2 replications", "Cambodia"):
        assert text in svg
    assert to_png(spec)[:4] == b"\x89PNG"
    assert CHART["width"] == "container"  # the dashboard's spec is left as it was


def test_a_bad_spec_is_a_clear_error() -> None:
    with pytest.raises(AdmtrackError, match="chart cannot be rendered"):
        to_svg({"mark": "nonsense"})


def test_slim_svg_draws_the_same_pixels_with_fewer_nodes() -> None:
    import xml.etree.ElementTree as ET

    import vl_convert as vlc

    from admtrack.reports.render import slim_svg

    svg = to_svg(printable(CHART, title="Ranks", source="admtrack results"))
    slim = slim_svg(svg)
    assert vlc.svg_to_png(slim) == vlc.svg_to_png(svg)  # resvg draws both identically
    assert sum(1 for _ in ET.fromstring(slim).iter()) < sum(1 for _ in ET.fromstring(svg).iter())
    assert "M0,0h0v0h0Z" in svg and "M0,0h0v0h0Z" not in slim
    assert "Cambodia" in slim and "Source: admtrack results" in slim


def test_a_chart_is_drawn_once_per_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    from admtrack.reports import svg as svg_module

    calls: list[object] = []
    real = svg_module.vlc.vegalite_to_svg

    def counting(spec: object, **kw: object) -> str:
        calls.append(spec)
        return str(real(spec, **kw))

    monkeypatch.setattr(svg_module.vlc, "vegalite_to_svg", counting)
    spec = printable(CHART, title="Counted once")
    assert to_svg(spec) == to_svg(dict(spec))
    assert len(calls) == 1


def test_pdf_draws_charts_as_vector_images() -> None:
    r = report()
    pdf = render_pdf(render_html(r), r)
    assert render_html(r).html.count("<svg ") == 1  # the HTML keeps the chart inline
    text = pdftotext(pdf)
    assert "Cambodia" in text and "Lao PDR" in text  # chart labels are text, not pixels
