"""Running the application under uvicorn, in one process or several.

With more than one worker, uvicorn starts each worker process by importing
:func:`app_from_environment`, which builds the application from the settings in the environment
(the ``serve`` command puts its ``--db`` there first). Every worker keeps its own page cache and
results in memory; the results cache on disk (``ADMTRACK_DATA_DIR/cache``) is shared. Each
process warms up before it accepts a request (see ``warm`` in
:func:`admtrack.web.app.create_app`): results, observations, the main pages.

Connections are parsed with httptools on the uvloop event loop (both admtrack dependencies),
without an access log; plain page-cache hits are answered by the HTTP protocol itself
(:mod:`admtrack.web.fast_http`)."""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI

from admtrack.config import Settings, load_settings

FACTORY = "admtrack.web.server:app_from_environment"
#: The ``host:port`` served, for the workers' warm-up (set by :func:`run`).
WARM_ENV = "ADMTRACK_SERVE_ADDRESS"


def default_workers() -> int:
    """One worker per CPU core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


def app_from_environment() -> FastAPI:
    from admtrack.web.app import create_app

    return create_app(load_settings(), warm=os.environ.get(WARM_ENV) or None)


def _protocols() -> dict[str, str]:
    """httptools (with plain page-cache hits answered in the protocol:
    :mod:`admtrack.web.fast_http`) and uvloop where they import (uvloop is not built for
    Windows)."""
    found = {"http": "h11", "loop": "asyncio"}
    fast = "admtrack.web.fast_http:CacheHitProtocol"
    for option, module, name in (("http", "httptools", fast), ("loop", "uvloop", "uvloop")):
        try:
            __import__(module)
        except ImportError:
            continue
        found[option] = name
    return found


def _names(host: str) -> list[str]:
    """The names a local client reaches ``host`` by (the Host header pages are warmed for)."""
    if host in ("", "0.0.0.0", "::", "127.0.0.1", "localhost"):
        return ["127.0.0.1", "localhost"]
    return [host]


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve on host:port with ``workers`` processes (1: in this process)."""
    import uvicorn

    address = ",".join(f"{name}:{port}" for name in _names(host))
    options: dict[str, Any] = {
        "host": host, "port": port, "log_level": "warning", "access_log": False,
        "backlog": 4096, **_protocols(),
    }  # fmt: skip
    if workers == 1:
        from admtrack.web.app import create_app

        uvicorn.run(create_app(settings, warm=address), **options)
        return
    if settings.database_url:
        os.environ["ADMTRACK_DATABASE_URL"] = settings.database_url
    os.environ["ADMTRACK_DATA_DIR"] = str(settings.data_dir)
    os.environ[WARM_ENV] = address
    uvicorn.run(FACTORY, factory=True, workers=workers, **options)
