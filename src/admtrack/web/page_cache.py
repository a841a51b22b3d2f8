"""Rendered pages and API answers, cached per data revision as encoded bytes.

The outermost ASGI layer of the application (:class:`admtrack.web.app.Dashboard` puts it in
front of FastAPI's own layers): a GET (or HEAD) for a page or an API answer is keyed by (path,
whole query string, scheme, Host, Accept-Language, Cookie, data revision of the store): the
query's ``lang``, the language cookie and Accept-Language decide a page's language
(:mod:`admtrack.web.languages`, which runs inside this layer), and a request carrying a session
cookie is private, so the whole Cookie header can be in the key. The
first request runs the whole application, security headers included, and the answer is kept
once per content encoding (identity, gzip, brotli) with its final headers already assembled;
later requests are answered from those bytes without touching the application or its
middlewares, in the encoding the client accepts (``Vary: Accept-Encoding``, added to the
answer's own ``Vary``), with an ``ETag`` so that a browser revalidating gets a 304.

``Vary`` is honoured: an answer that varies on a request header other than Accept-Encoding
(negotiated here), Accept-Language and Cookie (in the key) is not kept, since the key could not
tell its variants apart.

Every write changes the revision (an import, a plan or enabling actions loaded), so the keys
change and answers are built afresh. The revision is read in a worker thread (it may query the
database) at most once per ``refresh()`` seconds, by one request at a time: while it is being
read, other requests use the revision read before (at most one read old), never waiting on the
event loop.

Not cached: other methods, static files (:mod:`admtrack.web.static_assets` serves them),
downloads, release bundles, evidence files, the API docs, responses other than 200, that set a
cookie (other than the language cookie a ``?lang=`` sets, which the key determines) or say
``Cache-Control: no-store``, and private requests
(:func:`admtrack.web.security.is_private_scope`: a session cookie, an ``Authorization`` header
or a path under ``PRIVATE_PREFIXES``), which are neither served from the cache nor stored in it
(a signed-in user's pages are their own).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from admtrack.web.compression import encode, negotiate
from admtrack.web.languages import COOKIE as LANGUAGE_COOKIE
from admtrack.web.security import PRIVATE_PREFIXES, SESSION_COOKIE, is_private_scope

#: Paths never cached here: static files, downloads and release bundles, and the API docs.
UNCACHED_PREFIXES = (
    "/static/", "/data/download/", "/data/releases/", "/actions/evidence/", "/docs", "/openapi.json",
)  # fmt: skip
API_PREFIX = "/api/"
HEADER = "X-Admtrack-Page-Cache"
API_HEADER = "X-Admtrack-Api-Cache"
CACHED_TYPES = ("text/html", "application/json", "text/csv")
#: Request headers the key or the negotiation covers, so an answer may vary on them.
KEYED = frozenset({"accept-encoding", "accept-language", "cookie"})
_DROPPED = {b"content-length", b"content-encoding", b"etag", b"vary"}
#: Headers a 304 repeats (RFC 9110 section 15.4.5), besides ETag, Vary and the marker.
_NOT_MODIFIED = {b"cache-control", b"expires", b"content-location", b"date"}
Headers = list[tuple[bytes, bytes]]


class PageCache:
    """A bounded least-recently-used store of values by key, safe across threads."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Any:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[Any, ...], page: Any) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


@dataclass(frozen=True)
class Entry:
    """A cached answer: per encoding, the start message's headers (final: the application's
    and the security headers, ETag, Vary, Content-Length, Content-Encoding, the cache marker
    as ``hit``) and the body; the same headers as HTTP/1.1 bytes (after the status line and
    the server's Date, through the blank line: :mod:`admtrack.web.fast_http`); the 304
    headers; the ETag."""

    status: int
    variants: dict[str, tuple[Headers, bytes]]
    raw: dict[str, bytes]
    not_modified: Headers
    etag: bytes

    @property
    def bodies(self) -> dict[str, bytes]:
        return {name: body for name, (_, body) in self.variants.items()}


@dataclass(frozen=True, slots=True)
class _Request:
    """What the layer reads of a request's headers, in one pass."""

    private: bool
    host: bytes
    language: bytes
    cookie: bytes
    encoding: bytes
    if_none_match: bytes


def _read(scope: Scope) -> _Request:
    """The request's headers of interest; private as :func:`is_private_scope` decides (the
    common case, no session cookie and no ``Authorization``, decided in the same pass)."""
    host = language = cookie = encoding = if_none_match = b""
    private = str(scope["path"]).startswith(PRIVATE_PREFIXES)
    for key, value in scope["headers"]:
        if key == b"host":
            host = value
        elif key == b"accept-language":
            language = value
        elif key == b"accept-encoding":
            encoding = value
        elif key == b"if-none-match":
            if_none_match = value
        elif key == b"cookie":
            cookie = cookie + b"; " + value if cookie else value
            if _SESSION in value:
                private = private or is_private_scope(scope)
        elif key == b"authorization":
            private = True
    return _Request(private, host, language, cookie, encoding, if_none_match)


_SESSION = SESSION_COOKIE.encode()


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
        self.stamp = stamp  # changes after a write made through this application
        self._stamp = stamp()
        self.cache = PageCache(size)
        self._revision: str | None = None
        self._checked = 0.0
        self._reading: anyio.Event | None = None
        self._encodings: dict[tuple[bytes, tuple[str, ...]], str] = {}
        self.ready_hits = 0  # hits answered by the HTTP protocol (:meth:`ready`)

    def _expire_on_write(self) -> None:
        stamp = self.stamp()
        if stamp != self._stamp:
            self._stamp, self._checked = stamp, float("-inf")

    async def current_revision(self) -> str:
        """The data revision, read again when older than ``refresh()`` seconds, or at once
        after a write made through this application (``stamp()`` changed)."""
        self._expire_on_write()
        if self._revision is not None and time.monotonic() - self._checked < self.refresh():
            return self._revision
        if self._reading is not None:  # another request is reading it
            if self._revision is not None:
                return self._revision
            await self._reading.wait()
            return await self.current_revision()
        self._reading = reading = anyio.Event()
        try:
            self._revision = await anyio.to_thread.run_sync(self.revision)
            self._checked = time.monotonic()
        finally:
            self._reading = None
            reading.set()
        return self._revision

    def ready(
        self, path: str, query: bytes, headers: list[tuple[bytes, bytes]], scheme: str
    ) -> tuple[bytes, bytes] | None:
        """A hit answerable without the event loop's help: the header bytes (see
        :class:`Entry`) and the body, or None (not cached, private, or the revision is due to
        be read again: the ASGI path then answers)."""
        self._expire_on_write()
        revision = self._revision
        if revision is None or time.monotonic() - self._checked >= self.refresh():
            return None
        if path.startswith(UNCACHED_PREFIXES):
            return None
        request = _read({"path": path, "headers": headers})
        if request.private or request.if_none_match:
            return None
        entry: Entry | None = self.cache.get((path, query, scheme, request.host,
                                              request.language, request.cookie, revision))  # fmt: skip
        if entry is None:
            return None
        name = self._encoding(request.encoding, entry)
        self.ready_hits += 1
        return entry.raw[name], entry.variants[name][1]

    def _encoding(self, accept: bytes, entry: Entry) -> str:
        names = tuple(entry.variants)
        found = self._encodings.get((accept, names))
        if found is None:
            if len(self._encodings) > 256:
                self._encodings.clear()
            found = negotiate(accept.decode("latin-1"), set(entry.variants))
            self._encodings[(accept, names)] = found
        return found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(UNCACHED_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = _read(scope)
        if request.private:
            await self.app(scope, receive, send)
            return
        key = (path, scope["query_string"], scope.get("scheme", "http"), request.host,
               request.language, request.cookie)  # fmt: skip
        revision = await self.current_revision()
        entry: Entry | None = self.cache.get((*key, revision))
        if entry is not None:
            await self._answer(entry, request, scope, send)
            return
        if scope["method"] == "HEAD":  # the application sends no body to keep
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, capture)
        api = path.startswith(API_PREFIX)
        entry = _entry(messages, (*key, revision), api)
        if entry is None:
            for message in messages:
                await send(message)
            return
        self.cache.put((*key, revision), entry)
        await self._answer(entry, request, scope, send, miss=True)

    async def _answer(
        self, entry: Entry, request: _Request, scope: Scope, send: Send, *, miss: bool = False
    ) -> None:
        if request.if_none_match == entry.etag:
            await send({"type": "http.response.start", "status": 304,
                        "headers": entry.not_modified})  # fmt: skip
            await send({"type": "http.response.body", "body": b""})
            return
        headers, body = entry.variants[self._encoding(request.encoding, entry)]
        if miss:
            headers = [(k, b"miss" if k in _MARKERS else v) for k, v in headers]
        await send({"type": "http.response.start", "status": entry.status, "headers": headers})
        body_out = b"" if scope["method"] == "HEAD" else body
        await send({"type": "http.response.body", "body": body_out})


_MARKERS = {HEADER.lower().encode(), API_HEADER.lower().encode()}

#: The caching layer of the application this process serves (set while it serves), which
#: :mod:`admtrack.web.fast_http` answers plain hits from.
SERVED: CachingLayer | None = None


def _vary(headers: Iterable[tuple[bytes, bytes]]) -> list[str] | None:
    """The answer's Vary names with Accept-Encoding added, or None when it varies on a request
    header the key does not cover (or on everything, ``*``)."""
    names: list[str] = []
    for key, value in headers:
        if key == b"vary":
            names += [n.strip() for n in value.decode("latin-1").split(",") if n.strip()]
    if any(n == "*" or n.lower() not in KEYED for n in names):
        return None
    if "accept-encoding" not in {n.lower() for n in names}:
        names.insert(0, "Accept-Encoding")
    return names


#: The one cookie an answer may set and still be kept: the language chosen by the query, which
#: the key holds (with the Cookie header the choice is compared with), never a session.
_LANGUAGE_COOKIE = f"{LANGUAGE_COOKIE}=".encode()


def _entry(messages: list[Message], key: tuple[Any, ...], api: bool) -> Entry | None:
    """The cacheable answer in the application's messages, or None (not 200, not a cached
    type, sets a cookie, already encoded, ``no-store``, varies on an unkeyed header, or not a
    complete response)."""
    if not messages or messages[0]["type"] != "http.response.start":
        return None
    start = messages[0]
    headers = [(bytes(k).lower(), bytes(v)) for k, v in start.get("headers", ())]
    names = {k for k, _ in headers}
    content_type = next((v.decode("latin-1") for k, v in headers if k == b"content-type"), "")
    vary = _vary(headers)
    if (
        start["status"] != 200
        or not content_type.startswith(CACHED_TYPES)
        or any(k == b"set-cookie" and not v.startswith(_LANGUAGE_COOKIE) for k, v in headers)
        or b"content-encoding" in names
        or any(k == b"cache-control" and b"no-store" in v.lower() for k, v in headers)
        or vary is None
        or messages[-1].get("more_body", False)
    ):
        return None
    body = b"".join(m.get("body", b"") for m in messages[1:] if m["type"] == "http.response.body")
    kept = [(k, v) for k, v in headers if k not in _DROPPED]
    digest = hashlib.blake2b(repr(key).encode() + body, digest_size=12).hexdigest()
    etag = f'W/"{digest}"'.encode()
    marker = (API_HEADER if api else HEADER).lower().encode()
    common = [(b"etag", etag), (b"vary", ", ".join(vary).encode()), (marker, b"hit")]
    variants: dict[str, tuple[Headers, bytes]] = {}
    for name, packed in encode(body, content_type).items():
        sized = [*kept, *common, (b"content-length", str(len(packed)).encode())]
        if name != "identity":
            sized.append((b"content-encoding", name.encode()))
        variants[name] = (sized, packed)
    not_modified = [(k, v) for k, v in kept if k in _NOT_MODIFIED or k.startswith(_SECURITY)]
    raw = {
        name: b"".join(k + b": " + v + b"\r\n" for k, v in headers) + b"\r\n"
        for name, (headers, _) in variants.items()
    }
    return Entry(200, variants, raw, [*not_modified, *common], etag)


#: The security headers (:mod:`admtrack.web.security`) a 304 repeats too.
_SECURITY = (b"content-security-policy", b"x-", b"referrer-policy", b"cross-origin-")


async def prerender(
    app: Callable[[Scope, Receive, Send], Awaitable[None]],
    paths: Iterable[str],
    host: str,
) -> dict[str, int]:
    """Request ``paths`` through ``app`` (whose outermost layer is the cache), as a client
    without Accept-Language asking for ``host`` would, so that they are cached before the first
    visitor asks; returns each path's status."""
    statuses: dict[str, int] = {}
    name, _, port = host.rpartition(":") if ":" in host else (host, "", "80")
    for target in paths:
        path, _, query = target.partition("?")
        scope: Scope = {
            "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1", "method": "GET", "scheme": "http", "path": path,
            "raw_path": path.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", host.encode())], "client": ("127.0.0.1", 0),
            "server": (name, int(port) if port.isdigit() else 80),
            "state": {},
        }  # fmt: skip
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await anyio.sleep_forever()
            raise AssertionError("unreachable")

        async def send(message: Message, target: str = target) -> None:
            if message["type"] == "http.response.start":
                statuses[target] = int(message["status"])

        await app(scope, receive, send)
    return statuses
