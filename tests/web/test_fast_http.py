"""The HTTP protocol ``admtrack serve`` runs answers plain page-cache hits itself, with the same
bytes the application's path gives, and leaves everything else to uvicorn and the application."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httptools
import httpx
import pytest
import uvicorn
from hypothesis import given
from hypothesis import strategies as st
from webclient import SAMPLES

from admtrack.config import Settings
from admtrack.web import page_cache
from admtrack.web.app import create_app
from admtrack.web.fast_http import CacheHitProtocol, _simple_get

KEEP_ALIVE = 2  # seconds: the served fixture's keep-alive timeout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(web_settings: Settings) -> Iterator[tuple[str, page_cache.CachingLayer]]:
    port = _free_port()
    app = create_app(web_settings, samples=SAMPLES, warm=f"127.0.0.1:{port}")
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            http=CacheHitProtocol, loop="asyncio", lifespan="on",
                            timeout_keep_alive=KEEP_ALIVE)  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    while not server.started:
        thread.join(0.05)
        assert thread.is_alive(), "the server did not start"
    assert page_cache.SERVED is app.front and app.front is not None
    # the revision read at start-up stays current, so that no request here is sent through
    # the application to read it again (which would make the counts below depend on timing)
    app.front.refresh = lambda: 3600.0
    yield base, app.front
    server.should_exit = True
    thread.join()


def _exchange(base: str, data: bytes) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _without_date(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k != "date"}


def test_a_plain_hit_is_answered_by_the_protocol_with_the_applications_bytes(
    served: tuple[str, page_cache.CachingLayer],
) -> None:
    base, layer = served
    with httpx.Client(base_url=base) as client:
        before = layer.ready_hits
        fast = client.get("/", headers={"accept-encoding": "br"})
        assert layer.ready_hits == before + 1
        # If-None-Match (not matching) sends the request through the application's path
        slow = client.get("/", headers={"accept-encoding": "br", "if-none-match": '"x"'})
        assert layer.ready_hits == before + 1
        assert fast.status_code == slow.status_code == 200
        assert fast.content == slow.content and fast.headers["content-encoding"] == "br"
        assert _without_date(fast) == _without_date(slow)
        assert fast.headers["x-admtrack-page-cache"] == "hit"
        assert "content-security-policy" in fast.headers
        head = client.head("/")
        assert head.content == b"" and int(head.headers["content-length"]) > 1000
        assert layer.ready_hits == before + 2


def test_private_and_uncached_requests_go_through_the_application(
    served: tuple[str, page_cache.CachingLayer],
) -> None:
    base, layer = served
    with httpx.Client(base_url=base) as client:
        before = layer.ready_hits
        signed_in = client.get("/", headers={"cookie": "admtrack_session=not-a-session"})
        assert signed_in.headers["cache-control"] == "private, no-store"
        assert "x-admtrack-page-cache" not in signed_in.headers
        token = client.get("/api/v1/plans", headers={"authorization": "Bearer nope"})
        assert "x-admtrack-api-cache" not in token.headers
        assert client.get("/outcomes/DO3?first=1").headers["x-admtrack-page-cache"] == "miss"
        assert client.get("/static/app.css").status_code == 200
        assert layer.ready_hits == before
        assert client.get("/outcomes/DO3?first=1").headers["x-admtrack-page-cache"] == "hit"
        assert layer.ready_hits == before + 1


def test_http_1_0_closes_and_pipelined_requests_are_answered_in_order(
    served: tuple[str, page_cache.CachingLayer],
) -> None:
    base, _ = served
    old = _exchange(base, b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
    head, _, body = old.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK") and b"connection: close" in head.lower()
    length = int(next(v for k, _, v in (line.partition(b": ") for line in head.split(b"\r\n"))
                      if k.lower() == b"content-length"))  # fmt: skip
    assert len(body) == length
    two = (b"GET /index HTTP/1.1\r\nHost: h\r\n\r\n"
           b"GET /api/v1/plans HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")  # fmt: skip
    answers = _exchange(base, two)
    assert answers.count(b"HTTP/1.1 200 OK") == 2
    assert answers.index(b"text/html") < answers.index(b"application/json")


def _read_answer(s: socket.socket) -> bytes:
    """One whole answer (headers and Content-Length bytes of body) read from ``s``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = s.recv(65536)
        assert chunk, "the connection closed before an answer"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(v for k, _, v in (line.partition(b": ") for line in head.split(b"\r\n"))
                      if k.lower() == b"content-length"))  # fmt: skip
    while len(body) < length:
        body += s.recv(65536)
    assert len(body) == length
    return head


def test_a_whole_plain_get_is_answered_before_the_parser_with_the_same_bytes(
    served: tuple[str, page_cache.CachingLayer],
) -> None:
    base, _ = served
    with httpx.Client(base_url=base) as client:
        client.get("/index")  # cached
        before = CacheHitProtocol.answered_before_parser
        fast = client.get("/index", headers={"accept-encoding": "gzip"})
        assert CacheHitProtocol.answered_before_parser == before + 1
        # an HTTP/1.0 request, a header with a non-ASCII value or a body go to httptools
        for odd in (b"GET /index HTTP/1.0\r\nHost: h\r\n\r\n",
                    b"GET /index HTTP/1.1\r\nHost: h\r\nX-Name: caf\xc3\xa9\r\n\r\n"):  # fmt: skip
            assert _exchange(base, odd).startswith(b"HTTP/1.1 200 OK")
        assert CacheHitProtocol.answered_before_parser == before + 1
        slow = client.get("/index", headers={"accept-encoding": "gzip", "if-none-match": "x"})
        assert fast.content == slow.content and _without_date(fast) == _without_date(slow)


def test_a_request_split_across_reads_or_pipelined_goes_to_the_parser(
    served: tuple[str, page_cache.CachingLayer],
) -> None:
    base, _ = served
    host, port = base.removeprefix("http://").split(":")
    before = CacheHitProtocol.answered_before_parser
    with socket.create_connection((host, int(port))) as s:
        s.sendall(b"GET /index HTTP/1.1\r\nHo")
        time.sleep(0.2)  # the server reads the first part alone
        s.sendall(b"st: h\r\n\r\n")
        assert _read_answer(s).startswith(b"HTTP/1.1 200 OK")
        s.sendall(b"GET /index HTTP/1.1\r\nHost: h\r\n\r\nGET /index HTTP/1.1\r\nHost: h\r\n\r\n")
        assert _read_answer(s).startswith(b"HTTP/1.1 200 OK")
        assert _read_answer(s).startswith(b"HTTP/1.1 200 OK")
    assert CacheHitProtocol.answered_before_parser == before
    # a GET with a body is framed by httptools, so the body is not read as a next request
    with socket.create_connection((host, int(port))) as s:
        s.sendall(b"GET /index HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nGET ")
        assert _read_answer(s).startswith(b"HTTP/1.1 200 OK")
        s.sendall(b"GET /index HTTP/1.1\r\nHost: h\r\n\r\n")
        assert _read_answer(s).startswith(b"HTTP/1.1 200 OK")
    assert CacheHitProtocol.answered_before_parser == before + 1


def test_keep_alive_closes_an_idle_connection_not_a_busy_one(
    served: tuple[str, page_cache.CachingLayer],
) -> None:
    base, _ = served
    host, port = base.removeprefix("http://").split(":")
    request = b"GET /index HTTP/1.1\r\nHost: h\r\n\r\n"
    before = CacheHitProtocol.answered_before_parser
    with socket.create_connection((host, int(port))) as s:
        start = time.monotonic()
        for _ in range(4):  # busy for longer than the timeout, never idle for as long
            s.sendall(request)
            assert _read_answer(s).startswith(b"HTTP/1.1 200 OK")
            time.sleep(KEEP_ALIVE * 0.6)
        assert time.monotonic() - start > KEEP_ALIVE * 2
        assert CacheHitProtocol.answered_before_parser == before + 4
        s.settimeout(KEEP_ALIVE * 3)
        idle = time.monotonic()
        assert s.recv(1) == b""  # closed by the server once idle
        assert KEEP_ALIVE * 0.3 < time.monotonic() - idle < KEEP_ALIVE * 2


class _Parsed:
    """What httptools reads of a request: method, URL, headers, complete messages."""

    def __init__(self) -> None:
        self.url = b""
        self.headers: list[tuple[bytes, bytes]] = []
        self.complete = 0
        self.began = 0

    def on_message_begin(self) -> None:
        self.began += 1

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name.lower(), value))

    def on_message_complete(self) -> None:
        self.complete += 1


_TEXT = st.text(st.sampled_from("aZ09-_.~/?=&%#: \t\r\n\x00\x7f\u00e9;,\"'"), max_size=12)


@st.composite
def _requests(draw: st.DrawFn) -> bytes:
    method = draw(st.sampled_from([b"GET", b"HEAD", b"POST", b"get"]))
    target = draw(st.sampled_from([b"/", b"/index", b"*", b""])) + draw(_TEXT).encode()
    version = draw(st.sampled_from([b"HTTP/1.1", b"HTTP/1.0", b"HTTP/2"]))
    end = draw(st.sampled_from([b"\r\n", b"\r\n", b"\n"]))
    names = st.sampled_from(["Host", "Accept-Encoding", "Cookie", "X-A", "Content-Length",
                             "Transfer-Encoding", "Connection", "Upgrade", "Bad Name", ""]) | _TEXT  # fmt: skip
    values = st.sampled_from(["keep-alive", "close", "websocket", "0"]) | _TEXT
    headers = draw(st.lists(st.tuples(names, values), max_size=4))
    lines = [method + b" " + target + b" " + version]
    lines += [n.encode() + b":" + draw(st.sampled_from([b" ", b"", b"\t"])) + v.encode()
              for n, v in headers]  # fmt: skip
    tail = draw(st.sampled_from([b"", b"", b"x", b"GET / HTTP/1.1\r\n\r\n"]))
    return end.join(lines) + end + end + tail


@given(_requests())
def test_a_request_taken_before_the_parser_is_read_as_httptools_reads_it(data: bytes) -> None:
    taken = _simple_get(data)
    if taken is None:
        return
    parsed = _Parsed()
    parser = httptools.HttpRequestParser(parsed)
    parser.feed_data(data)  # raises on what httptools refuses: taken must never be such
    assert parsed.began == parsed.complete == 1
    assert parser.get_method() == b"GET" and parser.get_http_version() == "1.1"
    assert parser.should_keep_alive() and not parser.should_upgrade()
    url = httptools.parse_url(parsed.url)
    path, query, headers = taken
    assert (path, query) == (url.path, url.query or b"")
    assert headers == parsed.headers
