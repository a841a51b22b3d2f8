"""Dashboard throughput: requests/s and p50/p99 latency for three URLs under N concurrent
connections, against uvicorn (admtrack serve) and, as the ceiling, the same response saved as a
file and served by Python's static file server. Prints a markdown table.

    .venv/bin/python bench/bench_web.py [--seconds 20] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TARGETS = ["/", "/countries/VNM", "/api/v1/observations?indicator=IT.NET.USER.ZS"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=30).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


async def load(url: str, seconds: float, concurrency: int) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) of ``concurrency`` clients looping for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        stop = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                latencies.append(time.perf_counter() - t0)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    q = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, q[49] * 1000, q[98] * 1000, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ADMTRACK_DATA_DIR=str(Path(tmp) / "data"))
        env.pop("ADMTRACK_DATABASE_URL", None)
        subprocess.run([python, "-m", "admtrack", "init"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        app_port, static_port = free_port(), free_port()
        server = subprocess.Popen(
            [python, "-c", "import uvicorn; from admtrack.config import load_settings; "
             "from admtrack.web.app import create_app; "
             f"uvicorn.run(create_app(load_settings()), host='127.0.0.1', port={app_port}, "
             "log_level='warning')"],
            env=env,
        )  # fmt: skip
        static_dir = Path(tmp) / "static"
        static_dir.mkdir()
        static = None
        try:
            base = f"http://127.0.0.1:{app_port}"
            wait_up(base + "/index")  # computes the cached results once
            names = {}
            for i, target in enumerate(TARGETS):
                name = f"page{i}.html"
                (static_dir / name).write_bytes(httpx.get(base + target, timeout=60).content)
                names[target] = name
            static = subprocess.Popen(
                [python, "-m", "http.server", str(static_port), "--bind", "127.0.0.1"],
                cwd=static_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            wait_up(f"http://127.0.0.1:{static_port}/{names[TARGETS[0]]}")
            print(f"{args.concurrency} concurrent connections, {args.seconds:g} s per run\n")
            print("| URL | admtrack req/s | p50 ms | p99 ms | static file req/s | p50 ms | p99 ms "
                  "| admtrack / static |")  # fmt: skip
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for target in TARGETS:
                app = asyncio.run(load(base + target, args.seconds, args.concurrency))
                ceiling = asyncio.run(
                    load(f"http://127.0.0.1:{static_port}/{names[target]}", args.seconds,
                         args.concurrency)
                )  # fmt: skip
                errors = f" ({app[3]} errors)" if app[3] else ""
                print(f"| `{target}` | {app[0]:.0f}{errors} | {app[1]:.1f} | {app[2]:.1f} "
                      f"| {ceiling[0]:.0f} | {ceiling[1]:.1f} | {ceiling[2]:.1f} "
                      f"| {app[0] / ceiling[0]:.2f} |")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=10)
            if static is not None:
                static.terminate()
                static.wait(timeout=10)


if __name__ == "__main__":
    main()
