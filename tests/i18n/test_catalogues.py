"""The catalogues: every interface string of the code and templates is in them, each catalogue
states its completeness and that it awaits review, and every translation keeps its placeholders.

When a test here fails after you added or changed a string: run ``make i18n`` (``admtrack i18n
update``), then translate the new entries of ``src/admtrack/locale/*/LC_MESSAGES/messages.po``
(docs/i18n.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import parse_mapping_cfg

from admtrack import i18n
from admtrack.i18n import catalogues

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    *sorted((catalogues.PACKAGE_DIR / "web" / "templates").rglob("*.html")),
    *sorted((catalogues.PACKAGE_DIR / "reports" / "templates").rglob("*.html")),
]
OTHER_LANGUAGES = [lang.code for lang in i18n.LANGUAGES if lang.code != "en"]
FIX = "run `make i18n` (admtrack i18n update) and translate the new messages (docs/i18n.md)"


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return catalogues.message_ids(catalogues.extract())


def test_every_string_of_the_code_and_templates_is_in_the_template(extracted: set[str]) -> None:
    in_pot = catalogues.message_ids(catalogues.read_template())
    missing = sorted(extracted - in_pot)
    stale = sorted(in_pot - extracted)
    assert not missing, f"not in locale/messages.pot: {missing[:10]}; {FIX}"
    assert not stale, f"in locale/messages.pot but no longer used: {stale[:10]}; {FIX}"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_every_catalogue_has_every_message(extracted: set[str], code: str) -> None:
    in_po = catalogues.message_ids(catalogues.read_catalog(code))
    assert sorted(extracted - in_po) == [], f"{code}: messages missing; {FIX}"
    assert sorted(in_po - extracted) == [], f"{code}: messages no longer used; {FIX}"


def test_a_new_template_string_is_caught(tmp_path: Path) -> None:
    """The check above works: a string added to a template is extracted and is not in the
    catalogues until they are updated."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    (tmp_path / "page.html").write_text(
        '<p>{{ _("A sentence nobody has translated yet") }}</p>', encoding="utf-8"
    )
    found = {
        m
        for _, _, m, _, _ in extract_from_dir(
            str(tmp_path),
            method_map=[("**.html", "jinja2")],
            options_map={"**.html": catalogues.JINJA_OPTIONS},
            keywords=DEFAULT_KEYWORDS,
        )
    }
    assert found == {"A sentence nobody has translated yet"}
    assert not found <= catalogues.message_ids(catalogues.read_template())


def test_babel_cfg_says_what_the_command_does() -> None:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    assert method_map == catalogues.METHOD_MAP
    assert {k: dict(v) for k, v in options_map.items() if v} == catalogues.OPTIONS_MAP


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_each_catalogue_states_its_completeness_and_review(code: str) -> None:
    text = i18n.po_path(code).read_text(encoding="utf-8")
    counted = catalogues.count(catalogues.read_catalog(code), code)
    assert i18n.REVIEW_NOTE in text.split("msgid")[0]
    assert (
        f"# Completeness: {counted.translated} of {counted.total} messages translated "
        f"({counted.percent:.1f}%)." in text
    ), f"{code}: the header's completeness is stale; run `make i18n`"


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_translations_keep_their_placeholders(code: str) -> None:
    """A translation with a wrong ``%(name)s`` would break the page in that language."""
    catalog = catalogues.read_catalog(code)
    problems = [(m.id, str(e)) for m, errors in catalog.check() for e in errors]
    assert problems == []
    names = re.compile(r"%\((\w+)\)s")
    for m in catalog:
        if not m.id or not m.string or isinstance(m.id, tuple):
            continue
        assert sorted(names.findall(m.string)) == sorted(names.findall(m.id)), (code, m.id)


NAVIGATION = ["Overview", "Countries", "Outcomes", "Indicators", "Actions", "Index", "Data",
              "Methodology", "Submissions", "Skip to content", i18n.REVIEW_NOTE]  # fmt: skip


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_the_main_navigation_is_translated_in_every_language(code: str) -> None:
    untranslated = [m for m in NAVIGATION if not i18n.is_translated(m, code)]
    assert untranslated == []


#: The interface languages must stay this complete while new strings await translation.
MINIMUM_INTERFACE_COMPLETENESS = 95.0


@pytest.mark.parametrize("code", [c.code for c in i18n.LANGUAGES if c.coverage == "interface"][1:])
def test_the_interface_languages_are_nearly_complete(code: str) -> None:
    catalog = catalogues.read_catalog(code)
    counted = catalogues.count(catalog, code)
    missing = [m.id for m in catalog if m.id and not m.string][:10]
    assert counted.percent >= MINIMUM_INTERFACE_COMPLETENESS, f"{code}: translate {missing}"


# --- interface text outside _() and {% trans %} ------------------------------------------------

#: Words that are the same in every language: names, formats, codes.
UNTRANSLATED_WORDS = {
    "admtrack", "SVG", "PNG", "CSV", "XLSX", "JSON", "OpenAPI", "API", "Parquet", "SDMX", "GCI",
    "DO3", "SHA", "ASEAN", "Digital", "Masterplan", "monitor", "data", "release", "published",
}  # fmt: skip
ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"{]*)"')


def untranslated_text(source: str) -> list[str]:
    """Words of running text or of visible attributes that no ``_()``/``{% trans %}`` wraps."""
    text = re.sub(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", " ", source, flags=re.S)
    text = re.sub(r"{#.*?#}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style|code|pre|q)\b.*?</\1>", " ", text, flags=re.S)
    found = [w for v in ATTRIBUTES.findall(text) for w in re.findall(r"[A-Za-z]{2,}", v)]
    text = re.sub(r"{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"{%.*?%}", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    found += re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in found if w not in UNTRANSLATED_WORDS]


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=[str(p.relative_to(catalogues.PACKAGE_DIR)) for p in TEMPLATES]
)
def test_no_interface_text_outside_gettext(template: Path) -> None:
    words = untranslated_text(template.read_text(encoding="utf-8"))
    assert words == [], (
        f"{template.name}: text not wrapped in {{{{ _() }}}} or {{% trans %}}: {words[:12]}"
    )


def test_the_scanner_finds_unwrapped_text() -> None:
    assert untranslated_text('<p>Hello {{ _("world") }}</p><a title="Open it">x</a>') == [
        "Open",
        "it",
        "Hello",
    ]
    assert untranslated_text("<p>{% trans %}Hello{% endtrans %} <code>make run</code></p>") == []
