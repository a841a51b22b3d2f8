"""A :class:`~admtrack.reports.model.Report` as one self-contained HTML file (charts inline as
SVG, styles inline, no script, no network) and as PDF through WeasyPrint, whose Pango and HarfBuzz
shape Khmer, Lao, Myanmar, Thai and Vietnamese text with Debian's Noto fonts.

The output depends only on the report: no clock, no path, no random id is written into it, so
the same inputs give the same text (the PDF's metadata dates are fixed to the release date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from admtrack import i18n
from admtrack.reports import model
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
    env.tests["span"] = lambda v: isinstance(v, model.Span)
    env.tests["paragraph"] = lambda v: isinstance(v, model.Paragraph)
    env.tests["bullets"] = lambda v: isinstance(v, model.Bullets)
    env.tests["table"] = lambda v: isinstance(v, model.Table)
    env.tests["figure"] = lambda v: isinstance(v, model.Figure)
    return env


def figure_svg(figure: model.Figure) -> Markup:
    """The figure as inline SVG, its title, source and note drawn into the image."""
    spec = printable(figure.spec, line_points=False)
    svg = to_svg(spec)
    return Markup(
        svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(figure.title)}" ', 1)
    )


def render_html(report: model.Report) -> Rendered:
    """The report as one HTML document, stating its release, plan and content hash."""
    digest = report.content_hash()
    html = (
        _environment()
        .get_template("report.html")
        .render(report=report, content_hash=digest, figure_svg=figure_svg)
    )
    return Rendered(html=html, content_hash=digest)


def render_pdf(rendered: Rendered, report: model.Report) -> bytes:
    """The HTML of :func:`render_html` as PDF (A4), with the release date as its metadata date."""
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    document = HTML(string=rendered.html, base_url=str(TEMPLATES)).render()
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
