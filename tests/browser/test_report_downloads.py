"""The dashboard's "Report (PDF)" links in Chromium: clicking the link on the overview and on a
country page downloads a PDF whose text has the report's title and the country's names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browserkit import PageWatch

from pdftext import NATIVE, pdftotext

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
BUILD_MS = 600_000  # the first click builds the document (once per release); a loaded CI is slow


def _click_report_link(watch: PageWatch, url: str) -> tuple[str, bytes]:
    watch.open(url)
    link = watch.page.get_by_role("link", name="Report (PDF)")
    assert link.count() == 1
    with watch.page.expect_download(timeout=BUILD_MS) as info:
        link.click()
    download = info.value
    data = Path(download.path()).read_bytes()
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    download.save_as(str(ARTEFACTS / f"browser-{download.suggested_filename}"))
    return download.suggested_filename, data


def test_overview_report_link_downloads_the_end_of_term_pdf(watch: Any, base_url: str) -> None:
    name, data = _click_report_link(watch, base_url + "/")
    assert data[:5] == b"%PDF-"
    assert name.startswith("adm2025-end-of-term-") and name.endswith(".pdf")
    text = pdftotext(data)
    assert "ASEAN Digital Masterplan 2025: end-of-term evaluation" in text
    assert "Which assumptions move ranks" in text
    assert watch.errors == [] and watch.external == []


def test_country_report_link_downloads_its_profile(watch: Any, base_url: str) -> None:
    name, data = _click_report_link(watch, base_url + "/countries/MMR")
    assert data[:5] == b"%PDF-"
    assert name.startswith("adm2025-country-mmr-") and name.endswith(".pdf")
    text = pdftotext(data)
    assert "Myanmar: country profile" in text
    assert NATIVE["MMR"] in text  # its own name, exactly, in Myanmar script
    assert watch.errors == [] and watch.external == []
