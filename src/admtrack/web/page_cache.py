"""Rendered pages, cached per data revision: a page is built once for each URL and revision of
the store, and later requests get the stored HTML. Every write changes the revision (an import,
a plan or enabling actions loaded), so the keys change and pages are built afresh."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from admtrack.web.security import is_private_request

#: Paths never cached here: the API (JSON, filtered), static files and downloads.
UNCACHED_PREFIXES = ("/api/", "/static/", "/data/download/", "/docs", "/openapi.json")
HEADER = "X-Admtrack-Page-Cache"


class PageCache:
    """A bounded least-recently-used store of (status, headers, body) by key."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._pages: OrderedDict[tuple[str, ...], tuple[int, list[tuple[bytes, bytes]], bytes]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[str, ...], page: tuple[int, list[tuple[bytes, bytes]], bytes]) -> None:
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)


def install(app: FastAPI, revision: Callable[[], str], size: int = 512) -> PageCache:
    """Cache successful HTML GET responses of ``app`` by (path, query, data revision)."""
    cache = PageCache(size)

    @app.middleware("http")
    async def cached_pages(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        path = request.url.path
        if (
            request.method != "GET"
            or path.startswith(UNCACHED_PREFIXES)
            or is_private_request(request)  # signed-in or private: never stored nor served
        ):
            return await call_next(request)
        key = (path, request.url.query, revision())
        page = cache.get(key)
        if page is not None:
            status, headers, body = page
            response = Response(content=body, status_code=status)
            response.raw_headers = [*headers, (HEADER.lower().encode(), b"hit")]
            return response
        response = await call_next(request)
        if (
            response.status_code != 200
            or not response.headers.get("content-type", "").startswith("text/html")
            or "no-store" in response.headers.get("cache-control", "")
        ):
            return response
        body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
        headers = [(k, v) for k, v in response.raw_headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        cache.put(key, (response.status_code, headers, body))
        fresh = Response(content=body, status_code=response.status_code)
        fresh.raw_headers = [*headers, (HEADER.lower().encode(), b"miss")]
        return fresh

    return cache
