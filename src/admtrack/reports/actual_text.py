"""Exact text in the PDF for scripts whose glyphs are reordered (Myanmar, and any other).

A PDF's text layer maps each glyph of a font to one string (the font's ToUnicode map), and text
extraction reads glyphs in drawing order. HarfBuzz draws Myanmar's medial ra (U+103C) before
the consonant it follows, as one cluster of two glyphs; WeasyPrint maps the cluster's text to
the consonant's glyph and nothing to the medial's. That glyph id then carries "consonant +
medial" everywhere, so မြန်မာ (Myanmar) came out of the PDF as မြန်မြာ: the second ma gained a
ra it does not have.

PDF has the answer (ISO 32000-1, 14.9.4): a marked-content sequence ``/Span <</ActualText
(...)>> BDC ... EMC`` gives the exact text of the glyphs it encloses. :func:`install` wraps
WeasyPrint's line drawing so that a line whose glyphs would not spell its text through the fonts'
maps is enclosed in such a span with the line's Unicode text; every other line is written as
before. Poppler's ``pdftotext`` (and Acrobat, and screen readers) read ActualText; pypdf does not.

WeasyPrint is pinned (pyproject.toml); :func:`install` checks that the function it wraps is there
and refuses clearly otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from admtrack.errors import AdmtrackError

_lock = threading.Lock()
_installed = False


def _glyph_text(stream: Any, textbox: Any, first_line: Any) -> str | None:
    """What the glyphs of ``first_line`` spell through the fonts' ToUnicode maps (as they are,
    plus the entries WeasyPrint is about to add, computed the way it computes them), or None
    when a glyph has no font entry to reason about (a missing glyph)."""
    from weasyprint.text.ffi import pango

    utf8 = textbox.pango_layout.text.encode()
    pending: dict[tuple[int, int], str] = {}
    parts: list[str] = []
    run = first_line.runs
    while run:
        item = run.data
        run = run.next
        glyphs = item.glyphs
        n = glyphs.num_glyphs
        clusters = glyphs.log_clusters
        font, _ = stream.add_font(item.item.analysis.font)
        offset = item.item.offset
        rtl = item.item.analysis.level % 2
        for i in range(n):
            glyph = glyphs.glyphs[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                return None
            key = (id(font), glyph)
            text = font.to_unicode.get(glyph, pending.get(key))
            if text is None:
                t1 = clusters[i]
                if rtl:
                    t2 = item.item.length if i == 0 else clusters[i - 1]
                else:
                    t2 = item.item.length if i == n - 1 else clusters[i + 1]
                text = utf8[offset + t1 : offset + t2].decode()
                pending[key] = text
            parts.append(text)
    return "".join(parts)


def _line_text(textbox: Any, first_line: Any) -> str:
    utf8 = textbox.pango_layout.text.encode()
    start = first_line.start_index
    return str(utf8[start : start + first_line.length].decode())


def _wrap(original: Callable[..., Any]) -> Callable[..., Any]:
    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
    ) -> Any:
        if (
            text_overflow == "ellipsis"
            or block_ellipsis != "none"
            or not textbox.text.strip()
            or textbox.text.isascii()
        ):
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        import pydyf
        from weasyprint.text.ffi import pango

        pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        first_line, _ = textbox.pango_layout.get_first_line()
        spelled = _glyph_text(stream, textbox, first_line)
        wanted = _line_text(textbox, first_line)
        if spelled is None or spelled.strip() == wanted.strip():
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        stream.begin_marked_content(
            "Span", pydyf.Dictionary({"ActualText": pydyf.String(wanted.strip())})
        )
        try:
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            stream.end_marked_content()

    draw_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    return draw_first_line


def install() -> None:
    """Make WeasyPrint write ActualText for lines its glyph maps would misspell (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        from weasyprint.draw import text as draw_text

        original = getattr(draw_text, "draw_first_line", None)
        if original is None or not callable(original):
            raise AdmtrackError(
                "this WeasyPrint has no draw.text.draw_first_line; install the version "
                "pyproject.toml pins"
            )
        draw_text.draw_first_line = _wrap(original)
        _installed = True
