"""A page or API answer for something that does not exist says so in the page's language (the
API keeps the English detail and adds the label with ``?lang=``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from markupsafe import escape
from webclient import InProcessClient

from admtrack import i18n


@pytest.fixture()
def fresh(app: FastAPI) -> Iterator[InProcessClient]:
    """A client of its own, so that the language cookie it receives stays with it."""
    client = InProcessClient(app)
    yield client
    client.close()


def _in(lang: str, template: str, **params: object) -> str:
    with i18n.using(lang):
        translated = i18n.gettext(template)
    assert translated != template, f"{template!r} has no {lang} translation"
    return translated % params


@pytest.mark.parametrize(
    ("url", "template", "params"),
    [
        ("/countries/XYZ", "no country %(iso3)r", {"iso3": "XYZ"}),
        ("/outcomes/DO9", "plan %(plan)s has no outcome %(outcome)r",
         {"plan": "adm2025", "outcome": "DO9"}),
        ("/indicators/NOT.A.CODE", "plan %(plan)s has no indicator %(code)r",
         {"plan": "adm2025", "code": "NOT.A.CODE"}),
    ],
)  # fmt: skip
def test_a_missing_page_says_so_in_the_page_language(
    fresh: InProcessClient, url: str, template: str, params: dict[str, object]
) -> None:
    english = template % params
    vi = fresh.get(f"{url}?lang=vi")
    assert vi.status_code == 404
    assert str(escape(_in("vi", template, **params))) in vi.text
    assert str(escape(english)) not in vi.text
    en = fresh.get(f"{url}?lang=en")
    assert en.status_code == 404 and str(escape(english)) in en.text


def test_the_api_keeps_the_english_detail_and_adds_the_label(fresh: InProcessClient) -> None:
    answer = fresh.get("/api/v1/countries/XYZ?lang=th")
    assert answer.status_code == 404
    body = answer.json()
    assert body["detail"] == "no country 'XYZ'"
    assert body["detail_label"] == _in("th", "no country %(iso3)r", iso3="XYZ")
    assert body["label_lang"] == "th"
    plain = fresh.get("/api/v1/countries/XYZ").json()
    assert plain["detail"] == "no country 'XYZ'" and "detail_label" not in plain
