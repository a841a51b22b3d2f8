"""Running the application under uvicorn, in one process or several.

With more than one worker, uvicorn starts each worker process by importing
:func:`app_from_environment`, which builds the application from the settings in the environment
(the ``serve`` command puts its ``--db`` there first). Every worker keeps its own page cache and
results in memory; the results cache on disk (``ADMTRACK_DATA_DIR/cache``) is shared. Each
process warms up before it accepts a request (see ``warm`` in
:func:`admtrack.web.app.create_app`): results, observations, the main pages.

Connections are parsed with httptools on the uvloop event loop (both admtrack dependencies),
without an access log; plain page-cache hits are answered by the HTTP protocol itself
(:mod:`admtrack.web.fast_http`).

Where the system offers ``SO_REUSEPORT`` (Linux, the BSDs), every worker listens on a socket of
its own bound to the same address, and the kernel spreads new connections over the workers.
With one shared socket, whichever worker is awake when a burst of connections arrives accepts
most of them: measured with 50 connections from wrk on 2 workers, splits of 49 to 1 and 47 to 3
were seen, which leaves one worker with the whole load and the other idle. uvicorn's
supervisor still starts, watches and restarts the workers; the socket it hands each worker is
:class:`PortSocket`, which arrives in the worker as a fresh socket of the worker's own."""

from __future__ import annotations

import os
import socket
from typing import Any, TypeVar

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


_Socket = TypeVar("_Socket", bound=socket.socket)


def _in_group(sock: _Socket, address: tuple[str, int]) -> _Socket:
    """``sock`` bound to ``address`` in the port's ``SO_REUSEPORT`` group, inheritable (closed
    when it cannot be bound)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _listening_socket(family: int, address: tuple[str, int]) -> socket.socket:
    """A worker's socket on ``address`` in the port's ``SO_REUSEPORT`` group (module doc)."""
    return _in_group(socket.socket(family, socket.SOCK_STREAM), address)


class PortSocket(socket.socket):
    """The socket the supervisor binds (reserving the address, never listening), which is
    handed to each worker not as a copy of itself but as a new socket bound to the same
    address in the same ``SO_REUSEPORT`` group (module doc)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (_listening_socket, (int(self.family), self.getsockname()[:2]))


def _family(host: str) -> int:
    return socket.AF_INET6 if ":" in host else socket.AF_INET


def _check_free(family: int, address: tuple[str, int]) -> None:
    """Raise ``OSError`` (address in use) when something listens on ``address`` already: a
    socket in a ``SO_REUSEPORT`` group could otherwise join another server's group and share
    its connections (a second ``admtrack serve`` on the same port would start silently)."""
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(address)


def reuse_port_socket(host: str, port: int) -> PortSocket | None:
    """The supervisor's :class:`PortSocket` for host:port, or None where ``SO_REUSEPORT`` is
    not offered (uvicorn's shared socket is used then). Raises ``OSError`` when the address is
    in use or not this machine's."""
    if not hasattr(socket, "SO_REUSEPORT"):
        return None
    family = _family(host)
    _check_free(family, (host, port))
    return _in_group(PortSocket(family, socket.SOCK_STREAM), (host, port))


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

        _check_free(_family(host), (host, port))  # the CLI's error, not uvicorn's exit code 3
        uvicorn.run(create_app(settings, warm=address), **options)
        return
    if settings.database_url:
        os.environ["ADMTRACK_DATABASE_URL"] = settings.database_url
    os.environ["ADMTRACK_DATA_DIR"] = str(settings.data_dir)
    os.environ[WARM_ENV] = address
    sock = reuse_port_socket(host, port)
    if sock is None:
        uvicorn.run(FACTORY, factory=True, workers=workers, **options)
        return
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(FACTORY, factory=True, workers=workers, **options)
    try:
        Multiprocess(config, sockets=[sock]).run()
    finally:
        sock.close()
