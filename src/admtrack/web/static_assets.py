"""Static files with content-hashed names, pre-compressed, cached for a year by browsers.

Every file under the static folder is served at ``/static/<name>`` and, with the first 12 hex
digits of its SHA-256 before the suffix, at ``/static/<stem>.<hash><suffix>`` (``app.css`` ->
``app.1a2b3c4d5e6f.css``). Templates link the hashed name through :meth:`StaticAssets.url` (the
``static_url`` template global), so a changed file has a new URL and the old one may be cached
``immutable`` for a year. The plain name stays available (the API docs' vendored files, old
links) with a short lifetime. Bodies are read and compressed (gzip, brotli) once per file, on its
first request, in a worker thread; the client's ``Accept-Encoding`` picks the variant.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
from pathlib import Path

import anyio.to_thread
from starlette.types import Receive, Scope, Send

from admtrack.web.compression import encode, negotiate

IMMUTABLE = b"public, max-age=31536000, immutable"
SHORT = b"public, max-age=300"
HASH_LENGTH = 12


class StaticAssets:
    """An ASGI application serving ``directory`` (module doc), mounted at ``prefix``."""

    def __init__(self, directory: Path, prefix: str = "/static") -> None:
        self.directory = directory
        self.prefix = prefix
        self._plain: dict[str, Path] = {}
        self._hashed: dict[str, str] = {}  # hashed name -> plain name
        self._urls: dict[str, str] = {}  # plain name -> hashed URL
        self._etags: dict[str, bytes] = {}  # plain name -> weak ETag of its content
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            name = path.relative_to(directory).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
            stem, dot, suffix = name.rpartition(".")
            hashed = (
                f"{stem}.{digest}.{suffix}" if dot and "/" not in suffix else f"{name}.{digest}"
            )
            self._plain[name] = path
            self._hashed[hashed] = name
            self._urls[name] = f"{prefix}/{hashed}"
            self._etags[name] = f'W/"{digest}"'.encode()
        self._bodies: dict[str, tuple[bytes, dict[str, bytes]]] = {}
        self._lock = threading.Lock()

    def url(self, name: str) -> str:
        """The content-hashed URL of static file ``name`` (e.g. ``"app.css"``)."""
        try:
            return self._urls[name]
        except KeyError:
            raise KeyError(f"no static file {name!r} in {self.directory}") from None

    def _load(self, name: str) -> tuple[bytes, dict[str, bytes]]:
        with self._lock:
            if name not in self._bodies:
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
                    kind += "; charset=utf-8"
                body = self._plain[name].read_bytes()
                self._bodies[name] = (kind.encode(), encode(body, kind))
            return self._bodies[name]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert scope["type"] == "http"
        path: str = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        name = path.lstrip("/")
        if path.startswith(self.prefix + "/"):
            name = path[len(self.prefix) + 1 :]
        if name in self._hashed:
            plain, lifetime = self._hashed[name], IMMUTABLE
        elif name in self._plain:
            plain, lifetime = name, SHORT
        else:
            await _plain_answer(send, 404, b"Not Found")
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _plain_answer(send, 405, b"Method Not Allowed")
            return
        loaded = self._bodies.get(plain)
        if loaded is None:
            loaded = await anyio.to_thread.run_sync(self._load, plain)
        kind, variants = loaded
        etag = self._etags[plain]
        request = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        common = [(b"cache-control", lifetime), (b"vary", b"Accept-Encoding"), (b"etag", etag)]
        if request.get("if-none-match") == etag.decode():
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        encoding = negotiate(request.get("accept-encoding", ""), variants)
        body = variants[encoding]
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *common]
        if encoding != "identity":
            headers.append((b"content-encoding", encoding.encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )


async def _plain_answer(send: Send, status: int, text: bytes) -> None:
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(text)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": text})
