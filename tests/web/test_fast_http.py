"""The HTTP protocol ``admtrack serve`` runs answers plain page-cache hits itself, with the same
bytes the application's path gives, and leaves everything else to uvicorn and the application."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import httpx
import pytest
import uvicorn
from webclient import SAMPLES

from admtrack.config import Settings
from admtrack.web import page_cache
from admtrack.web.app import create_app
from admtrack.web.fast_http import CacheHitProtocol


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(web_settings: Settings) -> Iterator[tuple[str, page_cache.CachingLayer]]:
    port = _free_port()
    app = create_app(web_settings, samples=SAMPLES, warm=f"127.0.0.1:{port}")
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            http=CacheHitProtocol, loop="asyncio", lifespan="on")  # fmt: skip
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    while not server.started:
        thread.join(0.05)
        assert thread.is_alive(), "the server did not start"
    assert page_cache.SERVED is app.front and app.front is not None
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
