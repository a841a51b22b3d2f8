"""Running the application under uvicorn, in one process or several.

With more than one worker, uvicorn starts each worker process by importing
:func:`app_from_environment`, which builds the application from the settings in the environment
(the ``serve`` command puts its ``--db`` there first). Every worker keeps its own page cache and
results in memory; the results cache on disk (``ADMTRACK_DATA_DIR/cache``) is shared."""

from __future__ import annotations

import os

from fastapi import FastAPI

from admtrack.config import Settings, load_settings

FACTORY = "admtrack.web.server:app_from_environment"


def default_workers() -> int:
    """One worker per CPU core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # platforms without sched_getaffinity
        return max(1, os.cpu_count() or 1)


def app_from_environment() -> FastAPI:
    from admtrack.web.app import create_app

    return create_app(load_settings())


def run(settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve on host:port with ``workers`` processes (1: in this process)."""
    import uvicorn

    if workers == 1:
        from admtrack.web.app import create_app

        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="warning", access_log=False
        )
        return
    if settings.database_url:
        os.environ["ADMTRACK_DATABASE_URL"] = settings.database_url
    os.environ["ADMTRACK_DATA_DIR"] = str(settings.data_dir)
    uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, log_level="warning")
