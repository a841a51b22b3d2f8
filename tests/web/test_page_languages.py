"""The language of a page: ``?lang=``, then the cookie, then Accept-Language; the switcher, the
page cache per language, numbers per locale, plan texts with a visible English fallback."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from html import unescape

import pytest
from babel import Locale
from fastapi import FastAPI
from webclient import InProcessClient

from admtrack import i18n
from admtrack.web.languages import COOKIE
from admtrack.web.page_cache import HEADER

CACHE = HEADER.lower()


@pytest.fixture()
def fresh(app: FastAPI) -> Iterator[InProcessClient]:
    """A client of its own, so that the language cookie it receives stays with it."""
    client = InProcessClient(app)
    yield client
    client.close()


def _lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found is not None
    return found.group(1)


def _nav(html: str) -> list[str]:
    block = html.split('<nav aria-label="', 1)[1].split("</nav>", 1)[0]
    return [unescape(t) for t in re.findall(r'<li><a href="[^"]*">([^<]+)</a></li>', block)]


def test_english_is_the_default(fresh: InProcessClient) -> None:
    r = fresh.get("/")
    assert _lang(r.text) == "en" and r.headers["content-language"] == "en"
    assert _nav(r.text)[:3] == ["Overview", "Countries", "Outcomes"]
    assert "set-cookie" not in r.headers
    assert "Accept-Language" in r.headers["vary"] and "Accept-Encoding" in r.headers["vary"]


def test_the_query_chooses_and_sets_the_cookie(fresh: InProcessClient) -> None:
    r = fresh.get("/?lang=th")
    assert _lang(r.text) == "th" and r.headers["content-language"] == "th"
    assert _nav(r.text)[:3] == ["ภาพรวม", "ประเทศ", "ผลลัพธ์"]
    assert r.headers["set-cookie"].startswith(f"{COOKIE}=th;")
    assert "Accept-Language" not in r.headers["vary"]  # the URL says the language
    later = fresh.get("/countries/VNM")  # the cookie keeps the language
    assert _lang(later.text) == "th"
    assert "set-cookie" not in later.headers


def test_accept_language_is_negotiated(fresh: InProcessClient) -> None:
    vi = fresh.get("/", headers={"accept-language": "fr-FR, vi-VN;q=0.8, en;q=0.5"})
    assert _lang(vi.text) == "vi" and _nav(vi.text)[0] == "Tổng quan"
    other = fresh.get("/", headers={"accept-language": "de-DE, fr;q=0.9"})
    assert _lang(other.text) == "en"
    chosen = fresh.get("/?lang=id", headers={"accept-language": "th"})
    assert _lang(chosen.text) == "id"  # the query wins over the header


def test_an_unknown_language_falls_back(fresh: InProcessClient) -> None:
    r = fresh.get("/?lang=xx", headers={"accept-language": "km"})
    assert _lang(r.text) == "km" and "set-cookie" not in r.headers


def test_the_page_cache_keys_on_the_language(fresh: InProcessClient) -> None:
    th = [fresh.get("/data", headers={"accept-language": "th"}) for _ in range(2)]
    vi = [fresh.get("/data", headers={"accept-language": "vi"}) for _ in range(2)]
    assert th[1].headers[CACHE] == "hit" and vi[1].headers[CACHE] == "hit"
    assert _lang(th[1].text) == "th" and _lang(vi[1].text) == "vi"
    assert th[1].text == th[0].text and vi[1].text != th[1].text


def test_the_switcher_keeps_the_path_and_query(fresh: InProcessClient) -> None:
    html = fresh.get("/indicators/IT.NET.USER.ZS?tab=table&country=THA").text
    switcher = html.split('id="language-switcher"', 1)[1].split("</nav>", 1)[0]
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', switcher))
    by_lang = {lang: unescape(href) for href, lang in links.items()}
    assert set(by_lang) == set(i18n.CODES)
    assert by_lang["th"] == "/indicators/IT.NET.USER.ZS?tab=table&country=THA&lang=th"
    assert 'aria-current="true">English<' in switcher
    again = unescape(fresh.get(by_lang["vi"]).text)
    assert "/indicators/IT.NET.USER.ZS?tab=table&country=THA&lang=th" in again  # no doubled lang
    assert "lang=vi&lang" not in again


def test_numbers_follow_the_locale(fresh: InProcessClient) -> None:
    """The same score in the map table: a decimal comma in Vietnamese, a point in Thai."""

    def first_score(html: str) -> str:
        table = html.split('id="map-table"', 1)[1]
        found = re.search(
            r'href="/countries/THA">[^<]+</a></th><td class="num">([^<]+)</td>', table
        )
        assert found is not None
        return found.group(1)

    en, vi, th = (first_score(fresh.get(f"/?lang={c}").text) for c in ("en", "vi", "th"))
    assert re.fullmatch(r"\d+\.\d", en) and th == en
    assert vi == en.replace(".", ",")


def test_member_state_names_come_from_cldr(fresh: InProcessClient) -> None:
    for code in ("th", "km", "my", "vi", "id"):
        html = fresh.get(f"/countries/VNM?lang={code}").text
        name = Locale.parse(code).territories["VN"]
        assert f"<h1>{name}</h1>" in html
    assert "<h1>Viet Nam</h1>" in fresh.get("/countries/VNM?lang=en").text


def test_plan_texts_without_translation_are_marked(fresh: InProcessClient) -> None:
    html = fresh.get("/outcomes/DO1?lang=km").text  # Khmer: navigation and names only
    assert 'class="untranslated"' in html and 'lang="en"' in html
    assert 'class="untranslated"' not in fresh.get("/outcomes/DO1?lang=en").text


def test_every_page_says_that_the_translation_awaits_review(fresh: InProcessClient) -> None:
    for code in ("id", "vi", "th", "km", "my"):
        html = fresh.get(f"/methodology?lang={code}").text
        note = html.split('id="translation-note"', 1)[1].split("</p>", 1)[0]
        assert i18n.translations(code).gettext(i18n.REVIEW_NOTE) in unescape(note)
    assert 'id="translation-note"' not in fresh.get("/methodology?lang=en").text


def test_permalinks_keep_the_language(fresh: InProcessClient) -> None:
    html = unescape(fresh.get("/?lang=vi").text)
    assert re.search(r'href="/reports/adm2025/end-of-term\.pdf\?release=[^"&]+&lang=vi"', html)
    assert re.search(r'href="/charts/map-index\.svg\?release=[^"&]+&lang=vi"', html)


def test_concurrent_requests_keep_their_own_language() -> None:
    """The language is a context variable: threads in different languages never mix."""
    seen: dict[str, set[str]] = {}
    barrier = threading.Barrier(3)

    def work(code: str) -> None:
        with i18n.using(code):
            barrier.wait()
            seen[code] = {i18n.gettext("Overview") for _ in range(200)}

    threads = [threading.Thread(target=work, args=(c,)) for c in ("th", "vi", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"th": {"ภาพรวม"}, "vi": {"Tổng quan"}, "en": {"Overview"}}


PAGES = ["/", "/countries/VNM", "/countries/CHN", "/outcomes/DO3", "/outcomes/DO3/cyber",
         "/indicators", "/indicators/IT.NET.USER.ZS?tab=table", "/index", "/data", "/methodology",
         "/actions", "/releases", "/signin", "/no-such-page"]  # fmt: skip


@pytest.mark.parametrize("code", ["id", "vi", "th", "km", "my"])
def test_every_page_renders_in_every_language(fresh: InProcessClient, code: str) -> None:
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        r = fresh.get(f"{path}{sep}lang={code}")
        assert r.status_code == (404 if path == "/no-such-page" else 200), path
        assert _lang(r.text) == code
        assert "%(" not in r.text and "%%" not in r.text, path  # every placeholder was filled


def test_the_page_cache_keys_on_the_language_cookie(fresh: InProcessClient) -> None:
    """The cache answers before the language is chosen, so its key holds what chooses it: a
    page cached for a Thai cookie is never the answer without one."""
    cookie = {"cookie": f"{COOKIE}=th"}
    thai = [fresh.get("/methodology?probe=cookie", headers=cookie) for _ in range(2)]
    plain = [fresh.get("/methodology?probe=cookie") for _ in range(2)]
    assert [r.headers[CACHE] for r in thai + plain] == ["miss", "hit", "miss", "hit"]
    assert _lang(thai[1].text) == "th" and _lang(plain[1].text) == "en"
