"""A real server (uvicorn in a thread, on a free port) and Debian's Chromium driven by
Playwright. Without /usr/bin/chromium the browser tests are skipped, unless
ADMTRACK_REQUIRE_BROWSER=1, in which case they fail."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from browserkit import PageWatch, free_port, serving

from admtrack.config import Settings
from admtrack.services.setup import initialise
from admtrack.store import create_engine_for
from admtrack.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(data_dir=tmp_path_factory.mktemp("admtrack-browser"))
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    engine.dispose()
    with serving(create_app(settings, samples=200), free_port()) as url:
        # compute the results once before the browser arrives (slow on a loaded machine)
        httpx.get(url + "/index", timeout=300)
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("ADMTRACK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"ADMTRACK_REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing (install Debian's chromium to run browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def watch(browser: Any, base_url: str) -> Iterator[PageWatch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield PageWatch(page, base_url)
    context.close()
