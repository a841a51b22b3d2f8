"""A chart's numbers in the language in force: its axis labels use the locale's decimal and
grouping signs (Babel), each language's drawing is cached on its own, and a report's charts,
drawn two at a time, are drawn in the report's language."""

from __future__ import annotations

import re

import pytest

from admtrack import i18n
from admtrack.reports.charts import line_chart
from admtrack.reports.model import Figure, Report, Section
from admtrack.reports.render import render_html
from admtrack.reports.svg import number_locale, printable, to_svg

ROWS = [{"country": "THA", "name": "Thailand", "year": y, "value": v}
        for y, v in ((2020, 1200.0), (2021, 2400.0), (2022, 3600.0))]  # fmt: skip


def labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_number_locale_follows_babel() -> None:
    assert number_locale("en") is None  # Vega's own default
    vi = number_locale("vi")
    assert vi is not None and (vi["decimal"], vi["thousands"]) == (",", ".")
    th = number_locale("th")
    assert th is not None and (th["decimal"], th["thousands"]) == (".", ",")


def test_axis_numbers_are_grouped_per_locale() -> None:
    spec = printable(line_chart(ROWS, title="t", unit="u"))
    english = labels(to_svg(spec))
    with i18n.using("vi"):
        vietnamese = labels(to_svg(spec))
    assert "2,000" in english and "2.000" not in english
    assert "2.000" in vietnamese and "2,000" not in vietnamese
    assert "2020" in english and "2020" in vietnamese  # years keep their "d" format


@pytest.mark.parametrize("code", ["vi", "id"])
def test_a_reports_charts_are_drawn_in_its_language(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from admtrack.reports import svg as svg_module

    calls: list[object] = []
    real = svg_module.vlc.vegalite_to_svg

    def counting(spec: object, **kw: object) -> str:
        calls.append(kw.get("format_locale"))
        return str(real(spec, **kw))

    monkeypatch.setattr(svg_module.vlc, "vegalite_to_svg", counting)
    figures = tuple(Figure(f"f{k}", f"F{k}", line_chart(ROWS[: k + 2], title=code, unit="u"),
                           source="s") for k in range(2))  # fmt: skip
    report = Report(kind="country", title="T", subtitle="", plan_id="p", plan_name="P",
                    release_id="r", release_date="2026-01-02",
                    sections=(Section(id="s", title="S", blocks=figures),), citation="c",
                    language=code)  # fmt: skip
    html = render_html(report).html
    assert "2.000" in labels(html) and "2,000" not in labels(html)
    # drawn once each, in the worker threads, in the report's number format
    assert calls == [number_locale(code)] * 2
