"""Serving: cached answers never reach the application, bodies are sent in the encoding the
client accepts, static files have content-hashed names cached for a year."""

from __future__ import annotations

import asyncio
import gzip
import re
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import brotli
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from webclient import InProcessClient

from admtrack.web.compression import negotiate
from admtrack.web.page_cache import API_HEADER, HEADER, CachingLayer
from admtrack.web.security import HEADERS, SecurityHeaders

PAGE = "<html><body>" + "admtrack " * 200 + "</body></html>"


def _run(coro: Coroutine[Any, Any, None]) -> None:
    """Run ``coro`` on an event loop of its own thread (the browser tests, in the same session,
    keep a loop running in the main thread)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


class Counting:
    """A tiny application counting the requests that reach it, behind the caching layer."""

    def __init__(self) -> None:
        self.calls = 0
        self.revision = "1"

        def page(request: Request) -> Response:
            self.calls += 1
            if request.query_params.get("cookie"):
                response = HTMLResponse(PAGE)
                response.set_cookie("session", "x")
                return response
            if request.query_params.get("no-store"):
                return HTMLResponse(PAGE, headers={"cache-control": "no-store"})
            return HTMLResponse(PAGE)

        def api(request: Request) -> Response:
            self.calls += 1
            return JSONResponse({"rows": list(range(300))})

        def missing(request: Request) -> Response:
            self.calls += 1
            return HTMLResponse("no", status_code=404)

        def language(request: Request) -> Response:
            self.calls += 1
            lang = request.headers.get("accept-language", "en")[:2]
            return HTMLResponse(f"<p>{lang}</p>" + PAGE, headers={"vary": "Accept-Language"})

        def agent(request: Request) -> Response:
            self.calls += 1
            return HTMLResponse(PAGE, headers={"vary": "User-Agent"})

        def link(request: Request) -> Response:
            self.calls += 1
            return JSONResponse({"next": str(request.url_for("link")), "q": request.url.query})

        inner = Starlette(
            routes=[
                Route("/p", page), Route("/api/v1/x", api), Route("/gone", missing),
                Route("/submissions", page), Route("/api/v1/submissions", api),
                Route("/lang", language), Route("/ua", agent),
                Route("/api/v1/link", link, name="link"),
            ]
        )  # fmt: skip
        self.gate = threading.Event()
        self.gate.set()
        self.reads = 0

        def revision() -> str:
            self.reads += 1
            self.gate.wait()
            return self.revision

        # as in the application: the security headers inside, the cache outermost
        self.app = CachingLayer(SecurityHeaders(inner), revision=revision, refresh=lambda: 0.0)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://t")


@pytest.fixture
def counting() -> Counting:
    return Counting()


async def _t_a_hit_does_not_reach_the_application(counting: Counting) -> None:
    async with counting.client() as c:
        first = await c.get("/p")
        second = await c.get("/p")
        third = await c.get("/p", headers={"accept-encoding": "identity"})
    assert counting.calls == 1
    assert first.headers[HEADER.lower()] == "miss" and second.headers[HEADER.lower()] == "hit"
    assert first.text == second.text == third.text == PAGE
    counting.revision = "2"  # a write: the next request builds the page afresh
    async with counting.client() as c:
        fresh = await c.get("/p")
    assert fresh.headers[HEADER.lower()] == "miss" and counting.calls == 2


async def _t_api_answers_are_cached_per_query(counting: Counting) -> None:
    async with counting.client() as c:
        a = await c.get("/api/v1/x?q=1")
        b = await c.get("/api/v1/x?q=1")
        other = await c.get("/api/v1/x?q=2")
    assert counting.calls == 2
    assert b.headers[API_HEADER.lower()] == "hit" and other.headers[API_HEADER.lower()] == "miss"
    assert HEADER.lower() not in b.headers
    assert a.json() == b.json() == {"rows": list(range(300))}


async def _t_encodings_follow_accept_encoding(counting: Counting) -> None:
    async with counting.client() as c:
        await c.get("/p")
        answers = {
            name: await c.get("/p", headers={"accept-encoding": name})
            for name in ("br", "gzip", "identity", "gzip;q=0.5, br;q=0.1")
        }
    raw = {name: r.headers.get("content-encoding", "identity") for name, r in answers.items()}
    assert raw == {"br": "br", "gzip": "gzip", "identity": "identity",
                   "gzip;q=0.5, br;q=0.1": "gzip"}  # fmt: skip
    for r in answers.values():
        assert r.headers["vary"] == "Accept-Encoding"
        assert int(r.headers["content-length"]) == r.num_bytes_downloaded
        assert r.text == PAGE
    assert answers["br"].num_bytes_downloaded < answers["identity"].num_bytes_downloaded / 10


async def _t_etag_revalidation_and_uncached_answers(counting: Counting) -> None:
    async with counting.client() as c:
        first = await c.get("/p")
        again = await c.get("/p", headers={"if-none-match": first.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        calls = counting.calls
        head = await c.head("/p?fresh=1")  # a HEAD miss stores nothing: the GET builds the page
        assert head.status_code == 200 and counting.calls == calls + 1
        assert (await c.get("/p?fresh=1")).text == PAGE and counting.calls == calls + 2
        hit = await c.head("/p?fresh=1")
        assert hit.headers[HEADER.lower()] == "hit" and counting.calls == calls + 2
        for _ in range(2):
            assert (await c.get("/gone")).status_code == 404
            await c.get("/p", headers={"cookie": "admtrack_session=abc"})  # a signed-in user
            await c.get("/p", headers={"authorization": "Bearer abc"})  # an API token
        assert counting.calls == calls + 8
    for _ in range(2):  # fresh clients, without the cookie: the answer sets one, never stored
        async with counting.client() as c:
            assert "set-cookie" in (await c.get("/p?cookie=1")).headers
    assert counting.calls == calls + 10


async def _t_private_requests_and_no_store_answers_bypass_the_cache(counting: Counting) -> None:
    async with counting.client() as c:
        for path in ("/submissions", "/api/v1/submissions", "/p?no-store=1"):
            calls = counting.calls
            for _ in range(2):
                answer = await c.get(path)
                assert answer.status_code == 200
                assert HEADER.lower() not in answer.headers
                assert API_HEADER.lower() not in answer.headers
            assert counting.calls == calls + 2, path  # both reached the application
        assert (await c.get("/p?no-store=1")).headers["cache-control"] == "no-store"
        await c.get("/p", headers={"cookie": "admtrack_session=abc"})  # never stored either
        assert (await c.get("/p")).headers[HEADER.lower()] == "miss"


async def _t_the_key_covers_the_query_host_and_language(counting: Counting) -> None:
    async with counting.client() as c:
        first = await c.get("/api/v1/link?b=2&a=1")
        again = await c.get("/api/v1/link?b=2&a=1")
        reordered = await c.get("/api/v1/link?a=1&b=2")  # another query string: its own answer
        elsewhere = await c.get("/api/v1/link?b=2&a=1", headers={"host": "mirror.example"})
        assert counting.calls == 3
        assert again.headers[API_HEADER.lower()] == "hit" and again.json() == first.json()
        assert reordered.json()["q"] == "a=1&b=2"
        assert elsewhere.json()["next"] == "http://mirror.example/api/v1/link"
        assert (await c.get("/api/v1/link?b=2&a=1")).json()["next"] == "http://t/api/v1/link"
        calls = counting.calls
        answers = [await c.get("/lang", headers={"accept-language": lang})
                   for lang in ("th", "vi", "th", "vi")]  # fmt: skip
        assert counting.calls == calls + 2
        assert [a.text[:9] for a in answers] == ["<p>th</p>", "<p>vi</p>"] * 2
        assert [a.headers[HEADER.lower()] for a in answers] == ["miss", "miss", "hit", "hit"]
        assert answers[2].headers["vary"] == "Accept-Encoding, Accept-Language"
        calls = counting.calls
        for agent in ("a", "b"):  # varies on a header the key does not hold: never kept
            answer = await c.get("/ua", headers={"user-agent": agent})
            assert HEADER.lower() not in answer.headers
        assert counting.calls == calls + 2


async def _t_hits_carry_the_security_headers(counting: Counting) -> None:
    async with counting.client() as c:
        miss = await c.get("/p")
        hit = await c.get("/p", headers={"accept-encoding": "br"})
        fresh = await c.get("/p", headers={"if-none-match": miss.headers["etag"]})
    assert hit.headers[HEADER.lower()] == "hit" and counting.calls == 1
    for answer in (miss, hit, fresh):
        for name, value in HEADERS.items():
            assert answer.headers[name] == value, (answer.status_code, name)
    assert fresh.status_code == 304 and "content-type" not in fresh.headers
    assert fresh.headers["etag"] == miss.headers["etag"]
    assert hit.headers["content-encoding"] == "br"


async def _t_the_revision_is_read_by_one_request_at_a_time(counting: Counting) -> None:
    """While one request reads the revision (the database may be slow), others are answered
    from the cache with the revision read before."""
    async with counting.client() as c:
        await c.get("/p")  # cached at revision 1
        counting.gate.clear()
        reads = counting.reads
        reading = asyncio.ensure_future(c.get("/p"))
        while counting.reads == reads:  # the first request has started reading
            await asyncio.sleep(0.01)
        others = [await c.get("/p") for _ in range(3)]
        assert not reading.done()
        assert [o.headers[HEADER.lower()] for o in others] == ["hit"] * 3
        assert counting.reads == reads + 1  # they did not read it again
        counting.revision = "2"
        counting.gate.set()
        assert (await reading).headers[HEADER.lower()] == "miss"  # it read revision 2
    assert counting.calls == 2


def test_the_key_covers_the_query_host_and_language(counting: Counting) -> None:
    _run(_t_the_key_covers_the_query_host_and_language(counting))


def test_hits_carry_the_security_headers(counting: Counting) -> None:
    _run(_t_hits_carry_the_security_headers(counting))


def test_the_revision_is_read_by_one_request_at_a_time(counting: Counting) -> None:
    _run(_t_the_revision_is_read_by_one_request_at_a_time(counting))


def test_private_requests_and_no_store_answers_bypass_the_cache(counting: Counting) -> None:
    _run(_t_private_requests_and_no_store_answers_bypass_the_cache(counting))


def test_a_hit_does_not_reach_the_application(counting: Counting) -> None:
    _run(_t_a_hit_does_not_reach_the_application(counting))


def test_api_answers_are_cached_per_query(counting: Counting) -> None:
    _run(_t_api_answers_are_cached_per_query(counting))


def test_encodings_follow_accept_encoding(counting: Counting) -> None:
    _run(_t_encodings_follow_accept_encoding(counting))


def test_etag_revalidation_and_uncached_answers(counting: Counting) -> None:
    _run(_t_etag_revalidation_and_uncached_answers(counting))


def test_negotiation_rules() -> None:
    offered = {"identity": b"", "gzip": b"", "br": b""}
    assert negotiate("", offered) == "identity"
    assert negotiate("gzip, deflate, br", offered) == "br"
    assert negotiate("br;q=0, gzip", offered) == "gzip"
    assert negotiate("*", offered) == "br"
    assert negotiate("br", {"identity": b""}) == "identity"


def test_pages_link_hashed_static_files_cached_for_a_year(client: InProcessClient) -> None:
    page = client.get("/").text
    links = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    css = next(link for link in links if link.endswith(".css"))
    assert re.fullmatch(r"/static/app\.[0-9a-f]{12}\.css", css)
    hashed = client.get(css, headers={"accept-encoding": "br"})
    assert hashed.status_code == 200 and hashed.headers["content-type"].startswith("text/css")
    assert hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert (
        hashed.headers["content-encoding"] == "br" and hashed.headers["vary"] == "Accept-Encoding"
    )
    plain = client.get("/static/app.css", headers={"accept-encoding": "identity"})
    assert plain.content == hashed.content and "immutable" not in plain.headers["cache-control"]
    assert "content-encoding" not in plain.headers
    vega = next(link for link in links if "vega.min" in link)
    packed = client.get(vega, headers={"accept-encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.num_bytes_downloaded < len(packed.content) / 2
    not_modified = client.get(css, headers={"if-none-match": hashed.headers["etag"]})
    assert not_modified.status_code == 304
    assert client.get("/static/nope.js").status_code == 404


def test_static_bodies_decode_to_the_file(client: InProcessClient) -> None:
    from admtrack.web.app import HERE

    original = (HERE / "static" / "app.js").read_bytes()
    for name, decode in (("gzip", gzip.decompress), ("br", brotli.decompress)):
        r = client.get("/static/app.js", headers={"accept-encoding": name})
        assert r.headers["content-encoding"] == name and r.content == original
        wire = b"".join(
            client._run(_raw(client, "/static/app.js", name))  # the bytes as sent
        )
        assert decode(wire) == original and len(wire) < len(original)


async def _raw(client: InProcessClient, url: str, encoding: str) -> list[bytes]:
    request = client._client.build_request("GET", url, headers={"accept-encoding": encoding})
    response = await client._client.send(request, stream=True)
    chunks = [chunk async for chunk in response.aiter_raw()]
    await response.aclose()
    return chunks
