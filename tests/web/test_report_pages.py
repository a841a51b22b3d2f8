"""Report documents and charts that travel, on the bundled data: the PDF's text carries each
outcome's verdict counts exactly as /api/v1/progress gives them and the member states' names in
their own scripts; the same inputs give the same text; charts download as SVG and PNG; the
embed view pins its release; pages carry link-preview metadata."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from fastapi import FastAPI
from webclient import InProcessClient

from admtrack.reports.model import Table
from admtrack.services.reports import ReportFormat, load_inputs, make_report, report_bytes
from pdftext import NATIVE, pdftotext

ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"
STATUS_WORDS = (
    ("on_track", "on track"),
    ("at_ceiling", "at ceiling"),
    ("stable", "stable"),
    ("needs_acceleration", "need acceleration"),
    ("regressed", "regressed"),
    ("no_verdict", "no verdict"),
    ("not_measured", "not measured"),
)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def to_png(pdf: Path, stem: str, pages: int = 2) -> list[Path]:
    """First pages as PNG artefacts (pdftoppm) for a person to look at."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.fail("pdftoppm (poppler-utils) is missing; .ci/run installs it")
    subprocess.run(
        [tool, "-r", "80", "-png", "-f", "1", "-l", str(pages), str(pdf), str(ARTEFACTS / stem)],
        check=True,
    )
    return sorted(ARTEFACTS.glob(f"{stem}-*.png"))


@pytest.fixture(scope="module")
def end_of_term(app: FastAPI) -> bytes:
    ctx = app.state.ctx
    report = make_report(load_inputs(ctx.store, ctx.cache, "adm2025"), "end-of-term")
    data, _ = report_bytes(report, ReportFormat.PDF)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "adm2025-end-of-term.pdf").write_bytes(data)
    return data


def test_end_of_term_counts_match_the_progress_api(
    client: InProcessClient, end_of_term: bytes
) -> None:
    api = client.get("/api/v1/progress", params={"plan": "adm2025"}).json()
    text = pdf_text(end_of_term)
    assert len(api["regional"]) == 8
    for r in api["regional"]:
        counts = ", ".join(f"{r[key]} {word}" for key, word in STATUS_WORDS)
        assert f"{r['outcome']}: {counts}." in text, r
    assert f"release {api['release']}" in text


def test_end_of_term_names_every_state_in_english_and_its_own_script(
    app: FastAPI, end_of_term: bytes
) -> None:
    # pdftotext reads the ActualText of lines whose glyphs are reordered (Myanmar's medial ra),
    # so every name comes out exactly as CLDR writes it.
    text = pdftotext(end_of_term)
    countries = app.state.ctx.store
    with countries.reader() as r:
        english = {c.iso3: c.name for c in r.countries()}
    for iso3, native in NATIVE.items():
        assert f"{iso3} {english[iso3]} {native}" in text, iso3
    assert "မြန်မြာ" not in text  # the misspelling a glyph-by-glyph text layer gave


def test_end_of_term_reports_the_sobol_indices_of_the_results(
    app: FastAPI, end_of_term: bytes
) -> None:
    ctx = app.state.ctx
    sa = ctx.results("adm2025").sensitivity
    report = make_report(load_inputs(ctx.store, ctx.cache, "adm2025"), "end-of-term")
    index = next(s for s in report.sections if s.id == "index")
    table = next(b for b in index.blocks if isinstance(b, Table) and "Sobol" in b.caption)
    by_name = {row[0]: row for row in table.rows}
    assert set(by_name) == {"normalisation", "aggregation", "indicator weights",
                            "outcome weights", "exclusion", "imputation"}  # fmt: skip
    for a in sa.assumptions:
        assert by_name[a.assumption][2:] == (
            f"{a.first_order:.2f}", f"{a.first_order_conf:.2f}", f"{a.total:.2f}",
            f"{a.total_conf:.2f}",
        )  # fmt: skip
    totals = [float(str(row[4])) for row in table.rows]
    assert totals == sorted(totals, reverse=True)  # largest total index first
    text = pdf_text(end_of_term)
    assert "Which assumptions move ranks: Sobol indices of the mean absolute rank shift" in text
    assert f"{sa.runs:,} runs of a Saltelli design with {sa.base_rows} base rows" in text


def test_end_of_term_pages_render_to_png(end_of_term: bytes) -> None:
    pages = to_png(ARTEFACTS / "adm2025-end-of-term.pdf", "adm2025-end-of-term")
    assert [p.name for p in pages] == ["adm2025-end-of-term-01.png", "adm2025-end-of-term-02.png"]
    assert all(p.stat().st_size > 10_000 for p in pages)


def test_same_inputs_give_the_same_text(app: FastAPI) -> None:
    ctx = app.state.ctx
    first = make_report(load_inputs(ctx.store, ctx.cache, "adm2025"), "country", "VNM")
    second = make_report(load_inputs(ctx.store, ctx.cache, "adm2025"), "country", "VNM")
    html1, hash1 = report_bytes(first, ReportFormat.HTML)
    html2, hash2 = report_bytes(second, ReportFormat.HTML)
    assert html1 == html2 and hash1 == hash2
    assert f"content hash {hash1}" in html1.decode()
    pdf1, _ = report_bytes(first, ReportFormat.PDF)
    pdf2, _ = report_bytes(second, ReportFormat.PDF)
    assert pdf_text(pdf1) == pdf_text(pdf2)
    assert hash1 in pdf_text(pdf1)


def test_country_report_link_is_built_once_per_release(
    client: InProcessClient, app: FastAPI
) -> None:
    page = client.get("/countries/VNM").text
    link = re.search(r'href="(/reports/adm2025/countries/VNM\.pdf\?release=[^"]+)"', page)
    assert link is not None
    files = app.state.report_files
    before = files.builds
    first = client.get(link.group(1))
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    second = client.get(link.group(1))
    assert second.content == first.content
    assert files.builds == before + 1
    pages = len(pypdf.PdfReader(BytesIO(first.content)).pages)
    assert 2 <= pages <= 4
    text = pdf_text(first.content)
    assert "Viet Nam: country profile" in text
    assert "Việt Nam" in pdftotext(first.content)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "adm2025-country-vnm.pdf").write_bytes(first.content)
    pngs = to_png(ARTEFACTS / "adm2025-country-vnm.pdf", "adm2025-country-vnm", pages=1)
    assert [p.name for p in pngs] == ["adm2025-country-vnm-1.png"]


def test_baseline_pdf_from_the_dashboard(client: InProcessClient) -> None:
    response = client.get("/reports/adm2030/baseline.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "ASEAN Digital Masterplan 2030: baseline" in text
    assert "FA8 Green digital transition: no indicator" in text
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    (ARTEFACTS / "adm2030-baseline.pdf").write_bytes(response.content)
    pngs = to_png(ARTEFACTS / "adm2030-baseline.pdf", "adm2030-baseline", pages=1)
    assert [p.name for p in pngs] == ["adm2030-baseline-1.png"]
    assert client.get("/reports/adm2030/summary.pdf").status_code == 404


def test_overview_links_the_end_of_term_report_and_its_map(client: InProcessClient) -> None:
    page = client.get("/").text
    assert re.search(
        r'href="/reports/adm2025/end-of-term\.pdf\?release=[^"]+">Report \(PDF\)', page
    )
    release = client.get("/api/v1/progress").json()["release"]
    for href in (f"/charts/map-index.svg?release={release}",
                 f"/charts/map-index.png?release={release}", f"/embed/map-index?release={release}"):  # fmt: skip
        assert f'href="{href}"' in page


@pytest.mark.parametrize(
    "chart_id", ["index-ranks", "outcome-DO5-ranks", "outcome-DO5-trends", "country-VNM-ranks",
                 "indicator-IT.NET.USER.ZS", "map-index", "map-IT.NET.USER.ZS"],
)  # fmt: skip
def test_every_chart_downloads_as_svg_and_png(client: InProcessClient, chart_id: str) -> None:
    svg = client.get(f"/charts/{chart_id}.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "Source: " in svg.text  # the source line is drawn into the image
    png = client.get(f"/charts/{chart_id}.png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_chart_is_a_clear_404(client: InProcessClient) -> None:
    response = client.get("/charts/nothing-here.svg")
    assert response.status_code == 404
    assert (
        "no chart &#39;nothing-here&#39;" in response.text
        or "no chart 'nothing-here'" in response.text
    )


def test_embed_pins_the_release(client: InProcessClient) -> None:
    redirect = client.get("/embed/index-ranks", follow_redirects=False)
    assert redirect.status_code == 307
    target = redirect.headers["location"]
    release = client.get("/api/v1/progress").json()["release"]
    assert target == f"/embed/index-ranks?release={release}"
    page = client.get(target).text
    assert f"<span data-release>{release}</span>" in page
    assert (
        '<meta property="og:title" content="Composite index: ranks with 5–95 % intervals">' in page
    )


def test_pages_carry_link_preview_metadata(client: InProcessClient) -> None:
    page = client.get("/countries/KHM").text
    assert '<meta property="og:title" content="Cambodia">' in page
    assert re.search(r'<meta property="og:description" content="Cambodia in ASEAN Digital', page)


def test_a_chart_is_rendered_once_per_release(client: InProcessClient, app: FastAPI) -> None:
    files = app.state.chart_files
    first = client.get("/charts/outcome-DO3-ranks.svg")
    size = len(files)
    again = client.get("/charts/outcome-DO3-ranks.svg")
    assert again.content == first.content and len(files) == size
    release = client.get("/api/v1/progress").json()["release"]
    assert first.headers["content-disposition"] == (
        f'inline; filename="outcome-DO3-ranks-{release}.svg"'
    )
