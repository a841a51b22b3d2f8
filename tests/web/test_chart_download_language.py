"""Chart downloads and the embed view in the page's language: the map's title, legend, source,
note and state names from the catalogues and CLDR, English without ``?lang=``."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from webclient import InProcessClient

from admtrack import i18n


@pytest.fixture()
def fresh(app: FastAPI) -> Iterator[InProcessClient]:
    client = InProcessClient(app)
    yield client
    client.close()


def test_the_map_download_in_vietnamese(fresh: InProcessClient) -> None:
    vi = i18n.translations("vi")
    svg = unescape(fresh.get("/charts/map-index.svg?lang=vi").text)
    title = vi.gettext("composite index (0-100, admtrack proposal)")
    for text in (vi.gettext("Map: %(title)s") % {"title": title}, vi.gettext("Score"),
                 f"{vi.gettext('Source:')} {vi.gettext('admtrack results')}"):  # fmt: skip
        assert text in svg, text
    english = unescape(fresh.get("/charts/map-index.svg?lang=en").text)
    assert "Map: composite index (0-100, admtrack proposal)" in english
    assert "Map: composite index" not in svg and "admtrack results" not in svg


def test_the_embed_view_in_thai(fresh: InProcessClient, app: FastAPI) -> None:
    th = i18n.translations("th")
    pinned = fresh.get("/embed/outcome-DO2-ranks", follow_redirects=False).headers["location"]
    release = parse_qs(urlsplit(pinned).query)["release"][0]
    html = unescape(fresh.get(f"{pinned}&lang=th").text)
    title = th.gettext("%(outcome)s: ranks with 5–95 %% intervals") % {"outcome": "DO2"}
    assert f"<title>{title} · admtrack</title>" in html
    plan = app.state.ctx.catalog().plan("adm2025").translation("th")
    preview = th.gettext("%(title)s. Source: %(source)s. %(plan)s, release %(release)s.") % {
        "title": title, "source": th.gettext("admtrack results"), "plan": plan.name,
        "release": release}  # fmt: skip
    assert f'<meta name="description" content="{preview}">' in html
    assert "ไทย" in html and "Thailand" not in html  # the chart's state names, from CLDR
