"""Dashboard and API throughput against nginx serving the very same bytes, measured with wrk.

admtrack runs as ``admtrack serve --workers N`` (N: the core count); nginx runs with as many
worker processes, from a temporary configuration, on the answers admtrack gave (saved as files
once the cache is warm). For every page and API answer, wrk loads each server with 50 and 200
connections, the two servers taking turns, ``--rounds`` times (median of the rounds); the table
gives requests/s and p99 latency of both and admtrack's ratio to nginx, and the CPU time each
server's processes spent per answer (from /proc, so that a ratio can be read on a machine other
work shares: throughput moves with the load, CPU time per answer much less). Then 200
connections for ``--soak`` seconds on the home page count errors (socket errors, non-2xx
answers).

``--encoding br`` (or gzip) has wrk send ``Accept-Encoding`` as a browser does, and nginx serve
the very bytes admtrack sent for it (the compressed answer); the default, identity, is what wrk
sends by itself.

    .venv/bin/python bench/bench_web.py [--seconds 10] [--rounds 3] [--soak 60]
        [--only pages|api] [--encoding identity|gzip|br] [--before SRC | --src SRC]

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
import statistics
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


def wrk(url: str, connections: int, seconds: float, headers: list[str]) -> dict[str, float]:
    """requests/s, p99 (ms), errors and requests of one wrk run."""
    threads = min(connections, os.cpu_count() or 1)
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        [WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
         *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    done = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return {"rps": rps, "p99": p99, "errors": errors, "requests": done}


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's and nginx's worker processes)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            queue += [int(child) for child in task.read_text().split()]
    return found


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of ``pid`` and its descendants so far, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for member in _tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
    return total / ticks


def measured(pid: int, url: str, connections: int, seconds: float,
             headers: list[str]) -> dict[str, float]:  # fmt: skip
    """One wrk run with the server's CPU time per answer (microseconds) added."""
    before = cpu_seconds(pid)
    run = wrk(url, connections, seconds, headers)
    run["cpu_us"] = (cpu_seconds(pid) - before) * 1e6 / max(run["requests"], 1)
    return run


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's median over the rounds (errors: the total)."""
    merged = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    merged["errors"] = sum(run["errors"] for run in runs)
    return merged


def answer_bytes(url: str, encoding: str) -> bytes:
    """The body as sent on the wire for ``Accept-Encoding: encoding`` (not decoded)."""
    with httpx.stream("GET", url, headers={"accept-encoding": encoding}, timeout=120) as answer:
        return b"".join(answer.iter_raw())


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
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--encoding", choices=["identity", "gzip", "br"], default="identity")
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
                    body = answer_bytes(base + target, args.encoding)
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
            headers = [] if args.encoding == "identity" else [f"Accept-Encoding: {args.encoding}"]
            print(f"{label} vs nginx ({workers} workers), identical bytes ({args.encoding}), "
                  f"wrk {args.seconds:g} s per run, median of {args.rounds} rounds taken in "
                  f"turn; load average {os.getloadavg()[0]:.2f} at the start\n")  # fmt: skip
            print("| URL | conns | admtrack req/s | p99 ms | nginx req/s | p99 ms "
                  "| nginx / admtrack req/s | admtrack / nginx p99 | CPU us/answer admtrack "
                  "| nginx | ratio | errors |")  # fmt: skip
            print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            for target in targets:
                for conns in (50, 200):
                    rounds: dict[str, list[dict[str, float]]] = {"ours": [], "theirs": []}
                    for _ in range(args.rounds):
                        rounds["ours"].append(measured(server.pid, base + target, conns,
                                                       args.seconds, headers))  # fmt: skip
                        rounds["theirs"].append(measured(
                            nginx.pid, f"http://127.0.0.1:{NGINX_PORT}/{files[target]}", conns,
                            args.seconds, headers))  # fmt: skip
                    ours, theirs = median_of(rounds["ours"]), median_of(rounds["theirs"])
                    print(f"| `{target}` | {conns} | {ours['rps']:,.0f} | {ours['p99']:.1f} "
                          f"| {theirs['rps']:,.0f} | {theirs['p99']:.1f} "
                          f"| {theirs['rps'] / max(ours['rps'], 1e-9):.2f} "
                          f"| {ours['p99'] / max(theirs['p99'], 1e-3):.2f} "
                          f"| {ours['cpu_us']:.1f} | {theirs['cpu_us']:.1f} "
                          f"| {ours['cpu_us'] / max(theirs['cpu_us'], 1e-9):.2f} "
                          f"| {int(ours['errors'])} |", flush=True)  # fmt: skip
            if args.soak > 0:
                soak = wrk(base + "/", 200, args.soak, headers)
                print(f"\n200 connections for {args.soak:g} s on `/`: {soak['rps']:,.0f} req/s, "
                      f"p99 {soak['p99']:.1f} ms, {int(soak['errors'])} errors")  # fmt: skip
            print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
        finally:
            server.terminate()
            server.wait(timeout=30)
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=30)


if __name__ == "__main__":
    main()
