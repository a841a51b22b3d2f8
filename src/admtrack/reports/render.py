"""A :class:`~admtrack.reports.model.Report` as one self-contained HTML file (charts inline as
SVG, styles inline, no script, no network) and as PDF through WeasyPrint, whose Pango and HarfBuzz
shape Khmer, Lao, Myanmar, Thai and Vietnamese text with Debian's Noto fonts; a line whose glyphs
are drawn out of logical order carries its exact text as ActualText
(:mod:`admtrack.reports.actual_text`).

The output depends only on the report: no clock, no path, no random id is written into it, so
the same inputs give the same text (the PDF's metadata dates are fixed to the release date)."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from contextvars import copy_context
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from admtrack import i18n
from admtrack.reports import actual_text, model
from admtrack.reports.svg import printable, to_svg

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    content_hash: str


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The report's language is the one in force when it is rendered (admtrack.i18n.using).
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext,
        npgettext=i18n.npgettext,
    )  # fmt: skip
    env.filters["fmt_date"] = i18n.format_date
    env.tests["span"] = lambda v: isinstance(v, model.Span)
    env.tests["paragraph"] = lambda v: isinstance(v, model.Paragraph)
    env.tests["bullets"] = lambda v: isinstance(v, model.Bullets)
    env.tests["table"] = lambda v: isinstance(v, model.Table)
    env.tests["figure"] = lambda v: isinstance(v, model.Figure)
    return env


#: vl-convert draws charts outside the GIL; two at a time keep both cores of a small server busy.
CHART_THREADS = 2


def _svg(figure: model.Figure) -> str:
    return to_svg(printable(figure.spec, line_points=False))


def figure_svg(figure: model.Figure) -> Markup:
    """The figure as inline SVG, its title, source and note drawn into the image."""
    return Markup(
        _svg(figure).replace(
            "<svg ", f'<svg role="img" aria-label="{Markup.escape(figure.title)}" ', 1
        )
    )


_SVG_NS = "{http://www.w3.org/2000/svg}"
#: Attributes for interactive viewers and screen readers of a live chart; a PDF draws nothing
#: with them (the figure's ``alt`` text names the chart).
_DROP = ("role", "aria-roledescription", "aria-label", "aria-hidden", "pointer-events", "class")


def slim_svg(svg: str) -> str:
    """The same drawing with fewer nodes, for WeasyPrint's SVG renderer (pure Python, so its
    time grows with the node count): groups without attributes are unwrapped, Vega's empty
    background paths (``M0,0h0v0h0Z``) dropped, and interaction and ARIA attributes removed.
    Geometry, transforms, styles and text are untouched."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _SVG_NS[1:-1])
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)

    def clean(parent: ET.Element) -> None:
        children: list[ET.Element] = []
        for child in list(parent):
            for name in _DROP:
                child.attrib.pop(name, None)
            if child.tag == _SVG_NS + "path" and child.get("d") == "M0,0h0v0h0Z":
                continue
            clean(child)
            if child.tag == _SVG_NS + "g" and not child.attrib and not (child.text or "").strip():
                children.extend(child)
            else:
                children.append(child)
        parent[:] = children

    clean(root)
    return ET.tostring(root, encoding="unicode")


def figure_image(figure: model.Figure) -> Markup:
    """The figure as an ``<img>`` of the same SVG (a data URI), for the PDF: WeasyPrint then
    reads the SVG with its XML parser instead of its much slower HTML parser; still vector."""
    data = base64.b64encode(slim_svg(_svg(figure)).encode()).decode("ascii")
    return Markup(
        f'<img class="chart" alt="{Markup.escape(figure.title)}" '
        f'src="data:image/svg+xml;base64,{data}">'
    )


def _draw_charts(report: model.Report) -> None:
    """Render every figure once (two at a time) so the template finds them in the SVG cache;
    each runs in a copy of this context, so in the report's language and number format."""
    figures = model.walk_figures(report.sections)
    if len(figures) > 1:
        contexts = [copy_context() for _ in figures]
        with ThreadPoolExecutor(CHART_THREADS) as pool:
            list(pool.map(lambda c, f: c.run(_svg, f), contexts, figures))


def _html(report: model.Report, digest: str, *, for_print: bool) -> str:
    with i18n.using(report.language):  # the template's headings in the report's language
        _draw_charts(report)
        return (
            _environment()
            .get_template("report.html")
            .render(
                report=report, content_hash=digest,
                figure_svg=figure_image if for_print else figure_svg,
            )
        )  # fmt: skip


def render_html(report: model.Report) -> Rendered:
    """The report as one HTML document, stating its release, plan and content hash."""
    digest = report.content_hash()
    return Rendered(html=_html(report, digest, for_print=False), content_hash=digest)


def render_pdf(rendered: Rendered, report: model.Report) -> bytes:
    """The document of :func:`render_html` as PDF (A4), with the release date as its metadata
    date; its charts are the same SVGs, as images (:func:`figure_image`)."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    actual_text.install()  # exact text for reordered glyphs (Myanmar's medial ra)
    html = _html(report, rendered.content_hash, for_print=True)
    document = HTML(string=html, base_url=str(TEMPLATES)).render()
    day = _iso_date(report.release_date)
    document.metadata.created = day
    document.metadata.modified = day
    document.metadata.title = report.title
    document.metadata.description = report.description
    document.metadata.generator = "admtrack"
    pdf: bytes = document.write_pdf(identifier=report.content_hash().encode())
    return pdf


def _iso_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat() + "T00:00:00Z"
    except ValueError:
        return "2000-01-01T00:00:00Z"
