"""Helpers for the browser tests: a watched page and the screenshot folder."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


class PageWatch:
    """A page that records console errors, page errors and requests to other hosts."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: None if r.url.startswith(base_url) or r.url.startswith("data:")
                else self.external.append(r.url))  # fmt: skip

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        self.page.evaluate("() => window.admtrackChartsReady || null")

    def screenshot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def free_port(variable: str = "ADMTRACK_TEST_PORT") -> int:
    """The port named by ``variable`` when it is set, else a free port on 127.0.0.1."""
    import os
    import socket

    wanted = os.environ.get(variable)
    if wanted:
        return int(wanted)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(app: Any, port: int, ready: str = "/api/v1/releases") -> Iterator[str]:
    """``app`` served by uvicorn in a thread on 127.0.0.1:``port`` until the block ends; yields
    its URL once ``ready`` answers 200."""
    import threading
    import time

    import httpx
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(url + ready).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
