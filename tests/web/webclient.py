"""An in-process client for the web tests: requests go through httpx's ASGI transport."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from fastapi import FastAPI

#: Uncertainty replications used by the web tests (the server default is 1000).
SAMPLES = 200


class InProcessClient:
    """A synchronous facade over ``httpx.AsyncClient(transport=ASGITransport(app))``."""

    def __init__(self, app: FastAPI) -> None:
        self._runner = asyncio.Runner()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self._runner.run(self._client.get(url, **kwargs))

    def close(self) -> None:
        self._runner.run(self._client.aclose())
        self._runner.close()
