"""The text of a PDF as Poppler's ``pdftotext`` extracts it (it reads ActualText, so Myanmar's
reordered glyphs come out in logical order), and the own-language names CLDR gives the member
states, checked by hand against the CLDR charts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

#: ISO3 -> the state's name in its national language (CLDR, through Babel's locale data).
NATIVE = {
    "BRN": "Brunei",  # Malay
    "KHM": "កម្ពុជា",  # Khmer
    "IDN": "Indonesia",  # Indonesian
    "LAO": "ລາວ",  # Lao
    "MYS": "Malaysia",  # Malay
    "MMR": "မြန်မာ",  # Burmese
    "PHL": "Pilipinas",  # Filipino
    "SGP": "Singapura",  # Malay
    "THA": "ไทย",  # Thai
    "VNM": "Việt Nam",  # Vietnamese
    "TLS": "Timor-Leste",  # Portuguese
}


def pdftotext(data: bytes, *, fold: bool = True, raw: bool = False) -> str:
    """The PDF's text (pdftotext, UTF-8), whitespace runs folded to one space unless not ``fold``.
    ``raw``: in the content stream's order (``-raw``) instead of pdftotext's layout analysis,
    which puts Thai vowel and tone marks drawn above a consonant on a line of their own."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext (poppler-utils) is missing; .ci/run installs it")
    out = subprocess.run(
        [tool, "-enc", "UTF-8", *(["-raw"] if raw else []), "-", "-"],
        input=data, capture_output=True, check=True,
    ).stdout.decode()  # fmt: skip
    return re.sub(r"\s+", " ", out) if fold else out
