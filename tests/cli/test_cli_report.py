"""``admtrack report end-of-term|baseline|country`` on a database set up by ``admtrack init``'s
service: the files are written with the release, plan and content hash; bad input exits 2 with
a message and writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from admtrack.cli.app import app
from admtrack.services.setup import initialise
from admtrack.store import create_engine_for

runner = CliRunner()
RELEASE = re.compile(r"release (\S+), content hash ([0-9a-f]{16})\)")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("report") / "admtrack.sqlite"
    url = f"sqlite:///{path}"
    engine = create_engine_for(url)
    initialise(engine)
    engine.dispose()
    return url


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMTRACK_DATA_DIR", str(tmp_path_factory.getbasetemp() / "report-data"))


def _run(db: str, *args: str) -> tuple[Path, str, str]:
    result = runner.invoke(app, ["report", *args, "--db", db])
    assert result.exit_code == 0, result.output
    path = Path(result.output.split(" (plan ")[0])
    found = RELEASE.search(result.output)
    assert found is not None, result.output
    return path, found.group(1), found.group(2)


def test_end_of_term_html_states_release_plan_and_hash(db: str, tmp_path: Path) -> None:
    path, release, digest = _run(db, "end-of-term", "--to", str(tmp_path), "--format", "html")
    assert path == tmp_path / f"adm2025-end-of-term-{release}.html"
    html = path.read_text()
    assert f'<meta name="admtrack:content-hash" content="{digest}">' in html
    assert f'<meta name="admtrack:release" content="{release}">' in html
    assert "<svg" in html and "<script" not in html  # charts inline, nothing to run
    for chapter in ("Executive summary", "DO8 ", "Composite index, uncertainty and sensitivity",
                    "Enabling actions", "Data-availability annex", "Methodology annex",
                    "Sources, licences and citation"):  # fmt: skip
        assert chapter in html


def test_country_profile_pdf_has_two_to_four_pages(db: str, tmp_path: Path) -> None:
    path, release, digest = _run(db, "country", "vnm", "--to", str(tmp_path))
    assert path.name == f"adm2025-country-vnm-{release}.pdf"
    reader = pypdf.PdfReader(path)
    assert 2 <= len(reader.pages) <= 4
    text = " ".join(p.extract_text() for p in reader.pages)
    assert digest in text and "Việt Nam" in text


def test_adm2030_baseline_handles_a_focus_area_without_indicators(db: str, tmp_path: Path) -> None:
    path, _, _ = _run(db, "baseline", "--plan", "adm2030", "--to", str(tmp_path))
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    text = re.sub(r"\s+", " ", text)
    assert "FA8 Green digital transition: no indicator" in text
    assert "baseline values (latest up to 2025)" in text


def test_a_thai_country_profile(db: str, tmp_path: Path) -> None:
    """Headings, labels and numbers in Thai, through the interface's catalogues; the member
    state's name from CLDR; the English report is unchanged by the option."""
    from babel import Locale

    from admtrack import i18n

    path, release, digest = _run(db, "country", "vnm", "--lang", "th", "--to", str(tmp_path))
    assert path.name == f"adm2025-country-vnm-{release}-th.pdf"
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    thai = i18n.translations("th")
    vietnam = Locale.parse("th").territories["VN"]
    assert thai.gettext("%(country)s: country profile") % {"country": vietnam} in text
    for heading in ("Scores and ranks", "Strengths and weaknesses", "Data gaps"):
        assert thai.gettext(heading) in text and heading not in text
    assert digest in text and "Việt Nam" in text
    html_path, _, _ = _run(db, "country", "vnm", "--lang", "th", "--format", "html", "--to",
                           str(tmp_path))  # fmt: skip
    html = html_path.read_text()
    assert '<html lang="th">' in html and "<h2>" + thai.gettext("Scores and ranks") in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["country", "VNM", "--lang", "fr"], "unknown language 'fr'"),
        (["country", "XXX"], "'XXX' is not a member state"),
        (["end-of-term", "--plan", "nope"], "no plan 'nope'"),
        (["end-of-term", "--release", "r0"], "no release 'r0'"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "out"
    result = runner.invoke(app, ["report", *args, "--to", str(target), "--db", db])
    assert result.exit_code == 2
    assert message in result.output
    assert not target.exists() or not any(target.iterdir())


def test_sensitivity_labels_in_thai_and_keeps_the_codes(db: str) -> None:
    import json

    from admtrack import i18n
    from admtrack.services.scoring.sensitivity import ASSUMPTIONS

    thai = i18n.translations("th")
    table = runner.invoke(app, ["report", "sensitivity", "--lang", "th", "--db", db])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    head = lines[0]
    for heading in ("Assumption", "What varies", "First order S_i", "Total S_Ti"):
        assert thai.gettext(heading) != heading and thai.gettext(heading) in head
    assert "Assumption" not in head and "first_order" not in head
    names = [line.split("  ")[0].strip() for line in lines[2:]]
    assert sorted(names) == sorted(thai.gettext(name) for name in ASSUMPTIONS)
    for name, varies in ASSUMPTIONS.items():
        assert name not in table.stdout and thai.gettext(varies) in table.stdout
    english = runner.invoke(app, ["report", "sensitivity", "--db", db])
    assert english.exit_code == 0, english.output
    assert english.stdout.splitlines()[0].split()[:3] == ["Assumption", "What", "varies"]
    assert sorted(line.split("  ")[0].strip() for line in english.stdout.splitlines()[2:]) == (
        sorted(ASSUMPTIONS)
    )

    rows = json.loads(
        runner.invoke(
            app, ["report", "sensitivity", "--lang", "th", "--format", "json", "--db", db]
        ).stdout
    )
    assert sorted(r["assumption"] for r in rows) == sorted(ASSUMPTIONS)
    for r in rows:
        assert r["varies"] == ASSUMPTIONS[r["assumption"]] and r["lang"] == "th"
        assert r["assumption_label"] == thai.gettext(r["assumption"]) != r["assumption"]
        assert r["varies_label"] == thai.gettext(r["varies"])


def test_sensitivity_refuses_an_unknown_language(db: str) -> None:
    result = runner.invoke(app, ["report", "sensitivity", "--lang", "xx", "--db", db])
    assert result.exit_code == 2
    assert "error: unknown language 'xx'; known: en, id, vi, th, km, my" in result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
