"""Pages are built once per URL and data release; the API is never served from the page cache."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import httpx
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.web.app import WARM_PAGES, create_app
from admtrack.web.page_cache import HEADER, CachingLayer, PageCache


def test_a_page_is_built_once_per_url_and_release(client: InProcessClient) -> None:
    first = client.get("/outcomes/DO5?cache-probe=1")
    second = client.get("/outcomes/DO5?cache-probe=1")
    assert first.status_code == second.status_code == 200
    assert first.headers[HEADER] == "miss" and second.headers[HEADER] == "hit"
    assert first.text == second.text
    assert second.headers["content-type"].startswith("text/html")
    assert int(second.headers["content-length"]) == second.num_bytes_downloaded  # as sent (encoded)
    other = client.get("/outcomes/DO5?cache-probe=2")
    assert other.headers[HEADER] == "miss"


def test_the_api_and_errors_are_not_cached(client: InProcessClient) -> None:
    assert HEADER not in client.get("/api/v1/plans").headers
    missing = client.get("/countries/XXX")
    again = client.get("/countries/XXX")
    assert missing.status_code == again.status_code == 404
    assert HEADER not in again.headers


def test_the_cache_keeps_the_most_recent_pages() -> None:
    cache = PageCache(size=2)
    for n in range(3):
        cache.put((str(n),), (200, [], str(n).encode()))
    assert cache.get(("0",)) is None
    assert cache.get(("2",)) == (200, [], b"2")


def test_serving_renders_the_main_pages_before_the_first_request(web_settings: Settings) -> None:
    """With ``warm`` (what ``admtrack serve`` passes: the address served), start-up renders the
    main pages into the cache, so the first visitor's request is already a hit."""
    app = create_app(web_settings, samples=SAMPLES, warm="testserver")
    seen: dict[str, tuple[int, str]] = {}

    async def visit() -> None:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                for path in (*WARM_PAGES, "/outcomes/DO2"):
                    answer = await c.get(path)
                    seen[path] = (answer.status_code, answer.headers[HEADER])
                other = await c.get("/", headers={"host": "mirror.example"})
                seen["other host"] = (other.status_code, other.headers[HEADER])

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, visit()).result()
    assert seen == {
        **dict.fromkeys(WARM_PAGES, (200, "hit")),
        "/outcomes/DO2": (200, "miss"),  # not among the warmed pages
        "other host": (200, "miss"),  # pages are kept per Host (they may hold absolute links)
    }


def test_a_write_made_here_is_seen_at_once() -> None:
    """``stamp()`` changing (the application wrote to the store) makes the layer read the
    revision again, without waiting for ``refresh()`` seconds."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import httpx
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    state = {"revision": 1, "stamp": 0}

    async def page(_: object) -> HTMLResponse:
        return HTMLResponse(f"revision {state['revision']}")

    app = Starlette(routes=[Route("/", page)])
    layer = CachingLayer(
        app, revision=lambda: str(state["revision"]), refresh=lambda: 1e9,
        stamp=lambda: state["stamp"],
    )  # fmt: skip

    async def ask() -> str:
        transport = httpx.ASGITransport(app=layer)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return (await c.get("/")).text

    def get() -> str:  # on a thread of its own: other tests may leave an event loop running
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(lambda: asyncio.run(ask())).result()

    assert get() == "revision 1"
    state["revision"] = 2  # a write by another process: seen after refresh() seconds only
    assert get() == "revision 1"
    state["stamp"] = 1  # a write through this application
    assert get() == "revision 2"
