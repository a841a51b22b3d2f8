"""The HTTP protocol ``admtrack serve`` runs: uvicorn's httptools protocol, except that a
request the page cache can answer as it stands is answered as soon as its headers are parsed,
with the cached bytes written in one go, without an ASGI task (:mod:`admtrack.web.page_cache`
keeps every answer's final status line and headers).

Only the plainest hits go this way: GET or HEAD, HTTP/1.x, no pipelined request waiting, no
``If-None-Match``, no ``X-Forwarded-*``/``Forwarded`` header (the proxy-headers layer would
change the scheme), no percent-escape in the path, no root path, the revision read less than
``refresh()`` seconds ago, and not private; every other request goes through uvicorn's usual
path and the application, whose outermost layer is the same cache, so both give the same
answer. The keep-alive and connection handling are uvicorn's own.
"""

from __future__ import annotations

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from admtrack.web import page_cache

_SKIP = {b"if-none-match", b"x-forwarded-proto", b"x-forwarded-for", b"x-forwarded-host",
         b"forwarded", b"expect"}  # fmt: skip
_STATUS = b"HTTP/1.1 200 OK\r\n"


class _Answered:
    """Stands for the request cycle of a request answered here: complete, nothing to wait
    for (uvicorn's protocol reads these attributes of its current cycle)."""

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


class CacheHitProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol answering plain page-cache hits itself (module doc)."""

    _date: tuple[object, bytes] = (None, b"")

    def _defaults(self) -> bytes:
        """uvicorn's default headers (Date, Server) as bytes, rebuilt when uvicorn renews them."""
        current = self.server_state.default_headers
        if self._date[0] is not current:
            raw = b"".join(k + b": " + v + b"\r\n" for k, v in current)
            CacheHitProtocol._date = (current, raw)
        return self._date[1]

    def on_headers_complete(self) -> None:
        self._unset_keepalive_if_required()  # a request is in: no keep-alive timeout now
        if not self._answer_from_cache():
            super().on_headers_complete()

    def _answer_from_cache(self) -> bool:
        layer = page_cache.SERVED
        if layer is None or self.root_path or self.parser.should_upgrade():
            return False
        if self.cycle is not None and not self.cycle.response_complete:
            return False  # a pipelined request: uvicorn queues it behind the current one
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
