"""The HTTP protocol ``admtrack serve`` runs: uvicorn's httptools protocol, except that a
request the page cache can answer as it stands is answered at once, with the cached bytes
written in one go, without an ASGI task (:mod:`admtrack.web.page_cache` keeps every answer's
final status line and headers).

Two ways in, both for the plainest hits only:

- **Before the parser.** When a read holds exactly one whole ``GET`` request in the strictest
  HTTP/1.1 form (CRLF line ends, a request line ``GET /target HTTP/1.1``, header lines
  ``name: value`` of token names and visible values, no body framing or ``Connection``
  header other than ``keep-alive``, nothing after
  the blank line) and no earlier request is half-read, the request is read here and answered
  from the cache without running httptools' callbacks. Anything else, or a miss, is handed to
  httptools unchanged, as if this step were not there.
- **After the headers.** Requests httptools parses (HEAD, HTTP/1.0, other shapes) are still
  answered from the cache as soon as their headers are complete.

Only these go either way: GET or HEAD, no pipelined request waiting, no ``If-None-Match``, no
``X-Forwarded-*``/``Forwarded``/``Expect`` header (the proxy-headers layer would change the
scheme), no percent-escape in the path, no root path, the revision read less than
``refresh()`` seconds ago, and not private; every other request goes through uvicorn's usual
path and the application, whose outermost layer is the same cache, so both give the same
answer. Connection handling is uvicorn's own, but for the keep-alive timer of connections
answered before the parser: one timer per idle period, which checks the time of the last
answer when it fires, instead of one timer per request.
"""

from __future__ import annotations

import re

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from admtrack.web import page_cache

_SKIP = {b"if-none-match", b"x-forwarded-proto", b"x-forwarded-for", b"x-forwarded-host",
         b"forwarded", b"expect"}  # fmt: skip
#: Headers that frame a body or change the connection: a request with one goes to httptools
#: (but for ``Connection: keep-alive``, which browsers send and which changes nothing here).
_FRAMING = {b"content-length", b"transfer-encoding", b"connection", b"upgrade"}
_STATUS = b"HTTP/1.1 200 OK\r\n"
_END = b"\r\n\r\n"
#: The request line taken before the parser: an origin-form target of visible ASCII, no '%'.
_REQUEST_LINE = re.compile(rb"GET (/[!-$&-~]*) HTTP/1\.1")
#: A header line taken before the parser: a token name, a colon, a value of visible ASCII
#: (and spaces or tabs inside); anything else (obs-fold, bare CR, controls) goes to httptools.
_HEADER_LINE = re.compile(
    rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*((?:[!-~](?:[ \t]*[!-~])*)?)[ \t]*"
)


def _simple_get(data: bytes) -> tuple[bytes, bytes, list[tuple[bytes, bytes]]] | None:
    """(path, query, headers with lower-case names) of one whole plain GET request, or None
    (module doc: anything else goes to httptools)."""
    if not data.endswith(_END) or data.find(_END) != len(data) - 4:
        return None
    lines = data[:-4].split(b"\r\n")
    line = _REQUEST_LINE.fullmatch(lines[0])
    if line is None:
        return None
    headers: list[tuple[bytes, bytes]] = []
    for raw in lines[1:]:
        header = _HEADER_LINE.fullmatch(raw)
        if header is None:
            return None
        name = header[1].lower()
        if name in _FRAMING or name in _SKIP:
            if name != b"connection" or header[2].lower() != b"keep-alive":
                return None
        headers.append((name, header[2]))
    path, _, query = line[1].partition(b"?")
    if b"#" in line[1]:
        return None
    return path, query, headers


class CacheHitProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol answering plain page-cache hits itself (module doc)."""

    _date: tuple[object, bytes] = (None, b"")
    _reading = False  # httptools holds part of a request (a message begun, not complete)
    _last_answer = 0.0  # loop time of the last answer given before the parser
    _idle_timer: object = None  # the keep-alive timer armed here (see _arm_idle_timer)
    #: Requests this process answered before the parser (module doc), for tests and benchmarks.
    answered_before_parser = 0

    def _defaults(self) -> bytes:
        """uvicorn's default headers (Date, Server) as bytes, rebuilt when uvicorn renews them."""
        current = self.server_state.default_headers
        if self._date[0] is not current:
            raw = b"".join(k + b": " + v + b"\r\n" for k, v in current)
            CacheHitProtocol._date = (current, raw)
        return self._date[1]

    def data_received(self, data: bytes) -> None:
        if not self._reading and self._answer_before_parser(data):
            return
        super().data_received(data)

    def on_message_begin(self) -> None:
        self._reading = True
        super().on_message_begin()

    def on_message_complete(self) -> None:
        self._reading = False
        super().on_message_complete()

    def _serving_layer(self) -> page_cache.CachingLayer | None:
        """The cache to answer from, or None when this connection must go uvicorn's way (no
        cache served, a root path, or a response still being written: uvicorn queues what
        follows it)."""
        layer = page_cache.SERVED
        if layer is None or self.root_path:
            return None
        if self.cycle is not None and not self.cycle.response_complete:
            return None
        return layer

    def _answer_before_parser(self, data: bytes) -> bool:
        layer = self._serving_layer()
        if layer is None or self.flow.write_paused:
            return False
        request = _simple_get(data)
        if request is None:
            return False
        path, query, headers = request
        found = layer.ready(path.decode("ascii"), query, headers, self.scheme or "")
        if found is None:
            return False
        tail, body = found
        self.server_state.total_requests += 1
        CacheHitProtocol.answered_before_parser += 1  # before the client can read the answer
        self._arm_idle_timer()
        self.transport.writelines([_STATUS + self._defaults() + tail, body])
        return True

    def _arm_idle_timer(self) -> None:
        """Keep-alive after an answer given before the parser: the connection closes once it
        has been idle for ``timeout_keep_alive`` seconds, as uvicorn's own timer would, but a
        timer is armed only when none of ours is pending (it re-arms itself for the rest)."""
        self._last_answer = self.loop.time()
        current = self.timeout_keep_alive_task
        if current is not None and current is self._idle_timer:
            return
        if current is not None:
            current.cancel()  # uvicorn's, armed after an earlier answer
        self._idle_timer = self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self._idle_check
        )

    def _idle_check(self) -> None:
        self.timeout_keep_alive_task = self._idle_timer = None
        remaining = self._last_answer + self.timeout_keep_alive - self.loop.time()
        if remaining > 0:
            self._idle_timer = self.timeout_keep_alive_task = self.loop.call_later(
                remaining, self._idle_check
            )
            return
        self.timeout_keep_alive_handler()

    def on_headers_complete(self) -> None:
        self._unset_keepalive_if_required()  # a request is in: no keep-alive timeout now
        if not self._answer_from_cache():
            super().on_headers_complete()

    def _answer_from_cache(self) -> bool:
        layer = self._serving_layer()
        if layer is None or self.parser.should_upgrade():
            return False
        method = self.parser.get_method()
        if method not in (b"GET", b"HEAD"):
            return False
        headers: list[tuple[bytes, bytes]] = self.headers
        if any(k in _SKIP for k, _ in headers):
            return False
        url = httptools.parse_url(self.url)
        raw_path: bytes = url.path
        if b"%" in raw_path:
            return False
        found = layer.ready(raw_path.decode("ascii"), url.query or b"", headers, self.scheme or "")
        if found is None or self.flow.write_paused:
            return False
        tail, body = found
        version = self.parser.get_http_version()
        keep_alive = version != "1.0" and self.parser.should_keep_alive()
        head = (
            _STATUS + self._defaults() + (tail if keep_alive else b"connection: close\r\n" + tail)
        )
        self.cycle = _ANSWERED  # type: ignore[assignment]
        self.transport.writelines([head, b"" if method == b"HEAD" else body])
        if not keep_alive:
            self.transport.close()
            return True
        self.on_response_complete()
        return True


class _Answered:
    """Stands for the request cycle of a request answered after its headers: complete,
    nothing to wait for (uvicorn's protocol reads these attributes of its current cycle)."""

    response_complete = True
    disconnected = False
    keep_alive = True
    more_body = False
    body = b""

    class message_event:  # noqa: N801 - the attribute uvicorn reads
        @staticmethod
        def set() -> None:
            return None


_ANSWERED = _Answered()
