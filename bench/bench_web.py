"""Dashboard and API throughput against nginx serving the very same bytes, measured with wrk.

admtrack runs as ``admtrack serve --workers N`` (N: the core count); nginx runs with as many
worker processes, from a temporary configuration, on the answers admtrack gave (saved as files
once the cache is warm). For every page and API answer, wrk loads each server with 50 and 200
connections; the table gives requests/s and p99 latency of both, and admtrack's ratio to nginx.
Then 200 connections for 60 s on the home page count errors (socket errors, non-2xx answers).

    .venv/bin/python bench/bench_web.py [--seconds 10] [--soak 60] [--before SRC]

``--before SRC`` serves an older checkout's ``src`` folder instead (single process, h11 and the
asyncio loop, as ``admtrack serve`` ran then), for before/after tables; ``--src SRC`` serves an
older checkout's ``src`` with its own ``admtrack serve --workers N`` (e.g. main's, from
``git archive main src | tar -x -C /tmp/main``). Needs /usr/sbin/nginx
and /usr/bin/wrk (``.ci/run bench`` installs them). Ports: 8160 and 8161 (or
``ADMTRACK_BENCH_PORT`` and the next).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PAGES = ["/", "/countries/VNM", "/outcomes/DO1", "/indicators/IT.NET.USER.ZS", "/index",
         "/data", "/methodology", "/countries"]  # fmt: skip
API = ["/api/v1/plans", "/api/v1/countries", "/api/v1/indicators", "/api/v1/releases",
       "/api/v1/observations?indicator=IT.NET.USER.ZS", "/api/v1/progress?plan=adm2025",
       "/api/v1/index?plan=adm2025"]  # fmt: skip
#: Ports of admtrack and nginx; ADMTRACK_BENCH_PORT moves both (to the given port and the next).
APP_PORT = int(os.environ.get("ADMTRACK_BENCH_PORT", "8160"))
NGINX_PORT = APP_PORT + 1
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
CONF = """worker_processes {workers};
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  default_type application/octet-stream;
  sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""


def wait_up(url: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=60).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if found is None:
        raise ValueError(f"wrk latency {text!r} not understood")
    value, unit = found.groups()
    return float(value) * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}[unit]


def wrk(url: str, connections: int, seconds: float) -> dict[str, float]:
    """requests/s, p99 (ms) and errors of one wrk run."""
    threads = min(connections, os.cpu_count() or 1)
    out = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p99": p99, "errors": errors + (int(non2xx.group(1)) if non2xx else 0)}


def start_admtrack(
    env: dict[str, str], before: Path | None, workers: int, src: Path | None = None
) -> subprocess.Popen[bytes]:
    if before is None:
        args = [sys.executable, "-m", "admtrack", "serve", "--port", str(APP_PORT),
                "--workers", str(workers)]  # fmt: skip
        if src is not None:
            env = {**env, "PYTHONPATH": str(src)}
        return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    code = ("import uvicorn; from admtrack.config import load_settings; "
            "from admtrack.web.app import create_app; "
            f"uvicorn.run(create_app(load_settings()), host='127.0.0.1', port={APP_PORT}, "
            "log_level='warning', http='h11', loop='asyncio')")  # fmt: skip
    return subprocess.Popen([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(before)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--soak", type=float, default=60.0)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--src", type=Path, default=None)
    parser.add_argument("--only", choices=["pages", "api"], default=None)
    args = parser.parse_args()
    if not (Path(NGINX).exists() and Path(WRK).exists()):
        print("nginx or wrk is not installed: skipped (see .ci/run bench)")
        return
    workers = max(1, len(os.sched_getaffinity(0)))
    targets = {"pages": PAGES, "api": API}.get(args.only or "", PAGES + API)
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ADMTRACK_DATA_DIR=str(Path(tmp) / "data"))
        env.pop("ADMTRACK_DATABASE_URL", None)
        older = args.before or args.src
        init_env = {**env, "PYTHONPATH": str(older)} if older else env
        subprocess.run([sys.executable, "-m", "admtrack", "init"], env=init_env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        root = Path(tmp) / "www"
        root.mkdir()
        server = start_admtrack(env, args.before, workers, args.src)
        nginx = None
        try:
            base = f"http://127.0.0.1:{APP_PORT}"
            wait_up(base + "/index")
            files = {}
            for i, target in enumerate(targets):
                for _ in range(2 * workers):  # warm every worker's caches
                    body = httpx.get(base + target, timeout=120).content
                files[target] = f"answer{i}"
                (root / files[target]).write_bytes(body)
            user = "user root;" if os.geteuid() == 0 else ""
            conf = Path(tmp) / "nginx.conf"
            conf.write_text(CONF.format(workers=workers, user=user, tmp=tmp, port=NGINX_PORT,
                                        root=root))  # fmt: skip
            nginx = subprocess.Popen([NGINX, "-p", tmp, "-c", str(conf), "-g", "daemon off;"])
            wait_up(f"http://127.0.0.1:{NGINX_PORT}/{files[targets[0]]}")
            label = (
                f"before ({args.before})" if args.before else f"admtrack serve --workers {workers}"
            )
            if args.src:
                label += f" (src: {args.src})"
            print(f"{label} vs nginx ({workers} workers), identical bytes, wrk {args.seconds:g} s "
                  "per run\n")  # fmt: skip
            print("| URL | conns | admtrack req/s | p99 ms | nginx req/s | p99 ms "
                  "| nginx / admtrack req/s | admtrack / nginx p99 | errors |")  # fmt: skip
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
            for target in targets:
                for conns in (50, 200):
                    ours = wrk(base + target, conns, args.seconds)
                    theirs = wrk(f"http://127.0.0.1:{NGINX_PORT}/{files[target]}", conns,
                                 args.seconds)  # fmt: skip
                    print(f"| `{target}` | {conns} | {ours['rps']:,.0f} | {ours['p99']:.1f} "
                          f"| {theirs['rps']:,.0f} | {theirs['p99']:.1f} "
                          f"| {theirs['rps'] / max(ours['rps'], 1e-9):.2f} "
                          f"| {ours['p99'] / max(theirs['p99'], 1e-3):.2f} "
                          f"| {int(ours['errors'])} |", flush=True)  # fmt: skip
            if args.soak > 0:
                soak = wrk(base + "/", 200, args.soak)
                print(f"\n200 connections for {args.soak:g} s on `/`: {soak['rps']:,.0f} req/s, "
                      f"p99 {soak['p99']:.1f} ms, {int(soak['errors'])} errors")  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=30)
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=30)


if __name__ == "__main__":
    main()
