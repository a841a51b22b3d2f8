"""Rendered pages and API answers, cached per data revision as encoded bytes.

A plain ASGI layer in front of the application: a GET (or HEAD) for a page or an API answer is
keyed by (path, query, data revision of the store, language of the request: see
:mod:`admtrack.web.languages`, which runs outside this layer). The first request runs the application and
keeps the body once per content encoding (identity, gzip, brotli); later requests are answered
from those bytes without touching the application, in the encoding the client accepts
(``Vary: Accept-Encoding``), with an ``ETag`` so that a browser revalidating gets a 304.

Every write changes the revision (an import, a plan or enabling actions loaded), so the keys
change and answers are built afresh. The revision is read in a worker thread (it may query the
database), at most once per ``refresh()`` seconds, never on the event loop, and at once after a
write made through this application (``stamp()``, an in-memory counter, changed).

The key holds the whole query string, so ``?release=`` and ``?as_of=`` (web/deps.py) are cached
apart from the unpinned page and from each other.

Not cached: other methods, static files (:mod:`admtrack.web.static_assets` serves them),
downloads, the API docs, responses other than 200, that set a cookie or say
``Cache-Control: no-store``, and private requests (:func:`admtrack.web.security.is_private_request`:
a session cookie, an ``Authorization`` header or a path under ``PRIVATE_PREFIXES``), which are
neither served from the cache nor stored in it (a signed-in user's pages are their own).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from admtrack.web.compression import encode, negotiate
from admtrack.web.languages import scope_language
from admtrack.web.security import is_private_request

#: Paths never cached here: static files, downloads and release bundles, and the API docs.
UNCACHED_PREFIXES = (
    "/static/", "/data/download/", "/data/releases/", "/actions/evidence/", "/docs", "/openapi.json",
)  # fmt: skip
API_PREFIX = "/api/"
HEADER = "X-Admtrack-Page-Cache"
API_HEADER = "X-Admtrack-Api-Cache"
CACHED_TYPES = ("text/html", "application/json", "text/csv")
_DROPPED = {b"content-length", b"content-encoding", b"etag", b"vary"}


class PageCache:
    """A bounded least-recently-used store of values by key, safe across threads."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> Any:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, ...], page: Any) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


@dataclass(frozen=True)
class Entry:
    """A cached answer: status, the application's headers and the body per encoding."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    variants: dict[str, bytes]
    etag: bytes


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


class CachingLayer:
    """The ASGI layer (module doc). ``revision()`` returns the store's data revision (called in
    a thread); ``refresh()`` how many seconds a revision read stays current."""

    def __init__(
        self,
        app: ASGIApp,
        revision: Callable[[], str],
        refresh: Callable[[], float],
        size: int = 512,
        stamp: Callable[[], int] = lambda: 0,
    ) -> None:
        self.app = app
        self.revision = revision
        self.refresh = refresh
        self.stamp = stamp
        self._stamp = stamp()
        self.cache = PageCache(size)
        self._revision: str | None = None
        self._checked = 0.0

    async def current_revision(self) -> str:
        now, stamp = time.monotonic(), self.stamp()
        if self._revision is None or stamp != self._stamp or now - self._checked >= self.refresh():
            self._stamp = stamp
            self._revision = await anyio.to_thread.run_sync(self.revision)
            self._checked = time.monotonic()
        return self._revision

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(UNCACHED_PREFIXES) or is_private_request(Request(scope)):
            await self.app(scope, receive, send)
            return
        marker = (API_HEADER if path.startswith(API_PREFIX) else HEADER).lower().encode()
        query = scope["query_string"].decode("latin-1")
        key = (path, query, await self.current_revision(), scope_language(scope))
        entry = self.cache.get(key)
        if entry is not None:
            await self._answer(entry, scope, send, marker, b"hit")
            return
        if scope["method"] == "HEAD":  # the application sends no body to keep
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, capture)
        entry = _entry(messages, key)
        if entry is None:
            for message in messages:
                await send(message)
            return
        self.cache.put(key, entry)
        await self._answer(entry, scope, send, marker, b"miss")

    async def _answer(
        self, entry: Entry, scope: Scope, send: Send, marker: bytes, state: bytes
    ) -> None:
        common = [(b"etag", entry.etag), (b"vary", b"Accept-Encoding"), (marker, state)]
        if _header(scope, b"if-none-match") == entry.etag.decode():
            kept = [(k, v) for k, v in entry.headers if k == b"cache-control"]
            await send({"type": "http.response.start", "status": 304, "headers": kept + common})
            await send({"type": "http.response.body", "body": b""})
            return
        encoding = negotiate(_header(scope, b"accept-encoding"), entry.variants)
        body = entry.variants[encoding]
        headers = [*entry.headers, *common, (b"content-length", str(len(body)).encode())]
        if encoding != "identity":
            headers.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        body_out = b"" if scope["method"] == "HEAD" else body
        await send({"type": "http.response.body", "body": body_out})


def _entry(messages: list[Message], key: tuple[str, ...]) -> Entry | None:
    """The cacheable answer in the application's messages, or None (not 200, not a cached
    type, sets a cookie, already encoded, ``no-store``, or not a complete response)."""
    if not messages or messages[0]["type"] != "http.response.start":
        return None
    start = messages[0]
    headers = [(bytes(k).lower(), bytes(v)) for k, v in start.get("headers", ())]
    names = {k for k, _ in headers}
    content_type = next((v.decode("latin-1") for k, v in headers if k == b"content-type"), "")
    if (
        start["status"] != 200
        or not content_type.startswith(CACHED_TYPES)
        or b"set-cookie" in names
        or b"content-encoding" in names
        or any(k == b"cache-control" and b"no-store" in v.lower() for k, v in headers)
        or messages[-1].get("more_body", False)
    ):
        return None
    body = b"".join(m.get("body", b"") for m in messages[1:] if m["type"] == "http.response.body")
    kept = [(k, v) for k, v in headers if k not in _DROPPED]
    digest = hashlib.blake2b(repr(key).encode() + body, digest_size=12).hexdigest()
    return Entry(200, tuple(kept), encode(body, content_type), f'W/"{digest}"'.encode())


def install(
    app: Any,
    revision: Callable[[], str],
    refresh: Callable[[], float] = lambda: 5.0,
    stamp: Callable[[], int] = lambda: 0,
) -> None:
    """Put the caching layer in front of ``app`` (a Starlette or FastAPI application)."""
    app.add_middleware(CachingLayer, revision=revision, refresh=refresh, stamp=stamp)
