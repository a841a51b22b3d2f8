"""Latency of the weights panel's endpoint, ``/api/v1/index/what-if``, as the browser meets it
(one request after another, each with other weights) and under concurrent clients, against two
peers on the same machine: the smallest API endpoint (``/api/v1/releases``) on the same server,
and the same JSON answer saved as a file and served by Python's static file server (the
ceiling of any HTTP answer). Also the engine's re-aggregation alone, in process. Prints a
markdown table.

    .venv/bin/python bench/bench_what_if.py [--requests 400] [--concurrency 10] [--port P]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

WHAT_IF = "/api/v1/index/what-if"
WEIGHTS = ["0", "0.5", "1", "2", "3", "10"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=60).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def what_if_urls(base: str, n: int) -> list[str]:
    """``n`` panel requests with changing DO2/DO5 weights and both means, as a user types."""
    combos = itertools.cycle(itertools.product(WEIGHTS, WEIGHTS, ("amean", "gmean")))
    return [
        f"{base}{WHAT_IF}?weights=DO2:{a},DO5:{b}&aggregation={agg}"
        for a, b, agg in itertools.islice(combos, n)
    ]


def sequential(urls: list[str]) -> tuple[float, float]:
    """p50 and p95 latency (ms) of the requests one after another on one connection."""
    times = []
    with httpx.Client(timeout=30) as client:
        for url in urls:
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
            response.raise_for_status()
    q = statistics.quantiles(times, n=100)
    return q[49] * 1000, q[94] * 1000


async def concurrent(urls: list[str], concurrency: int) -> tuple[float, float]:
    """Requests/s and p95 latency (ms) with ``concurrency`` clients sharing ``urls``."""
    times: list[float] = []
    queue = list(urls)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            while queue:
                url = queue.pop()
                t0 = time.perf_counter()
                (await client.get(url)).raise_for_status()
                times.append(time.perf_counter() - t0)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return len(times) / elapsed, statistics.quantiles(times, n=100)[94] * 1000


def in_process(n: int) -> float:
    """Microseconds per :func:`admtrack.services.scoring.reweight` on the bundled ADM2025."""
    from admtrack.domain.geography import COUNTRIES
    from admtrack.ingest.plan_files import builtin_plans
    from admtrack.ingest.snapshot import read_snapshot
    from admtrack.services.scoring import compute_results, reweight
    from admtrack.services.setup import bundled_data_dir

    plan = next(p for p in builtin_plans() if p.id == "adm2025")
    results = compute_results(plan, read_snapshot(bundled_data_dir()), COUNTRIES, "b", samples=10)
    started = time.perf_counter()
    for i in range(n):
        reweight(results, {"DO2": float(i % 7)}, aggregation="gmean" if i % 2 else "amean")
    return (time.perf_counter() - started) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=10)
    parser.add_argument("--port", type=int, default=0, help="admtrack's port (static: +1)")
    args = parser.parse_args()
    python = sys.executable
    app_port = args.port or free_port()
    static_port = args.port + 1 if args.port else free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ADMTRACK_DATA_DIR=str(Path(tmp) / "data"))
        env.pop("ADMTRACK_DATABASE_URL", None)
        subprocess.run([python, "-m", "admtrack", "init"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        server = subprocess.Popen(
            [python, "-c", "import uvicorn; from admtrack.config import load_settings; "
             "from admtrack.web.app import create_app; "
             f"uvicorn.run(create_app(load_settings()), host='127.0.0.1', port={app_port}, "
             "log_level='warning')"],
            env=env,
        )  # fmt: skip
        static = None
        try:
            base = f"http://127.0.0.1:{app_port}"
            wait_up(base + WHAT_IF)  # computes the cached results once
            static_dir = Path(tmp) / "static"
            static_dir.mkdir()
            (static_dir / "what-if.json").write_bytes(
                httpx.get(what_if_urls(base, 1)[0], timeout=60).content
            )
            static = subprocess.Popen(
                [python, "-m", "http.server", str(static_port), "--bind", "127.0.0.1"],
                cwd=static_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            static_url = f"http://127.0.0.1:{static_port}/what-if.json"
            wait_up(static_url)
            n = args.requests
            cases = {
                f"`{WHAT_IF}` (varying weights)": what_if_urls(base, n),
                "`/api/v1/releases` (same server)": [base + "/api/v1/releases"] * n,
                "static file of the same JSON": [static_url] * n,
            }
            results = {
                name: (*sequential(urls), *asyncio.run(concurrent(urls, args.concurrency)))
                for name, urls in cases.items()
            }
            ceiling = results["static file of the same JSON"]
            print(f"{n} requests per case; concurrent: {args.concurrency} clients\n")
            print("| case | p50 ms | p95 ms | req/s concurrent | p95 ms concurrent "
                  "| p50 / static p50 |")  # fmt: skip
            print("|---|---:|---:|---:|---:|---:|")
            for name, (p50, p95, rate, cp95) in results.items():
                print(f"| {name} | {p50:.2f} | {p95:.2f} | {rate:.0f} | {cp95:.1f} "
                      f"| {p50 / ceiling[0]:.1f} |")  # fmt: skip
            print(f"\nengine re-aggregation alone (in process): {in_process(2000):.0f} µs per call")
        finally:
            server.terminate()
            server.wait(timeout=10)
            if static is not None:
                static.terminate()
                static.wait(timeout=10)


if __name__ == "__main__":
    main()
