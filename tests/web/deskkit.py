"""Helpers for the submission desk's web tests: an app on SQLite or a fresh PostgreSQL schema,
users of every role, and a synchronous in-process client that keeps cookies and can POST."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
from fastapi import FastAPI
from webclient import SAMPLES

from admtrack.config import Settings
from admtrack.web.app import create_app
from desk_support import PASSWORD, USERS, database_url, prepare  # noqa: F401 (re-exported)

T = TypeVar("T")


class DeskClient:
    """One browser-like client: its own cookie jar, requests through the ASGI app."""

    def __init__(self, app: FastAPI) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        self.csrf = ""

    def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result()

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._run(self._client.get(url, **kwargs))

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._run(self._client.post(url, **kwargs))

    def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        form = self.get("/signin").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token is not None
        data = {"csrf_token": token.group(1), "username": username, "password": password}
        response = self.post("/signin", data=data)
        if response.status_code == 303:
            page = self.get("/account").text
            found = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert found is not None
            self.csrf = found.group(1)
        return response

    def new_token(self) -> str:
        page = self.post(
            "/account/tokens", data={"csrf_token": self.csrf, "name": "t", "days": "30"}
        )
        found = re.search(r'<code id="new-token">([^<]+)</code>', page.text)
        assert found is not None, page.text
        return found.group(1)

    def close(self) -> None:
        self._run(self._client.aclose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()


def desk_app(url: str, data_dir: Path) -> FastAPI:
    return create_app(Settings(database_url=url, data_dir=data_dir), samples=SAMPLES)


def sqlite_desk(data_dir: Path) -> Iterator[FastAPI]:
    """A desk application on a fresh SQLite database in ``data_dir``, prepared with the test
    accounts (for a module fixture: ``yield from sqlite_desk(tmp)``)."""
    with database_url("sqlite", data_dir) as url:
        prepare(url).dispose()
        application = desk_app(url, data_dir)
        yield application
        application.state.desk.engine.dispose()


def desk_client(app: FastAPI) -> Iterator[DeskClient]:
    """A desk client of ``app``, closed after the test (``yield from desk_client(app)``)."""
    client = DeskClient(app)
    yield client
    client.close()


def csv_upload(rows: list[str], name: str = "vnm.csv") -> dict[str, tuple[str, bytes, str]]:
    body = "country,indicator,year,value,status,source,note\n" + "\n".join(rows) + "\n"
    return {"file": (name, body.encode(), "text/csv")}
