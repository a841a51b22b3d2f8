"""``admtrack serve --workers N`` runs N worker processes answering on the same port."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

PORT = 8151


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _listening(port: int) -> int:
    """How many IPv4 sockets listen on ``port`` (state 0A in /proc/net/tcp)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for row in rows
               if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A")  # fmt: skip


def test_two_workers_serve_the_dashboard(tmp_path: Path) -> None:
    env = {**os.environ, "ADMTRACK_DATA_DIR": str(tmp_path)}
    env.pop("ADMTRACK_DATABASE_URL", None)
    admtrack = [sys.executable, "-m", "admtrack"]
    init = subprocess.run([*admtrack, "init"], env=env, check=True, capture_output=True, text=True)
    # the dashboard's results are computed at init and kept on disk for the workers
    assert "results computed for adm2025, adm2030" in init.stdout
    assert len(list((tmp_path / "cache").glob("results-*bundled-2026-11-29*.pickle"))) == 2
    server = subprocess.Popen(
        [*admtrack, "serve", "--port", str(PORT), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = httpx.get(f"http://127.0.0.1:{PORT}/api/v1/plans", timeout=30)
            except httpx.TransportError:
                time.sleep(0.3)
        assert answer is not None and answer.status_code == 200, "the server did not answer"
        assert "adm2025" in answer.text
        page = httpx.get(f"http://127.0.0.1:{PORT}/", timeout=60)
        assert page.status_code == 200 and "<html" in page.text
        # the first request for the home page: rendered at start-up, answered from the cache
        assert page.headers["x-admtrack-page-cache"] == "hit"
        if sys.platform.startswith("linux"):  # the supervisor and its two workers
            assert len(_children(server.pid)) >= 2
            # each worker listens on a socket of its own (SO_REUSEPORT), not on a shared one,
            # once it has warmed up
            deadline = time.monotonic() + 60
            while _listening(PORT) < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert _listening(PORT) == 2
        # a second server on the same port is refused, not let into the first one's group
        second = subprocess.run([*admtrack, "serve", "--port", str(PORT), "--workers", "2"],
                                env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        assert second.returncode == 2
        assert f"error: cannot listen on 127.0.0.1:{PORT}: Address already in use" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            out, _ = server.communicate()
    assert "2 workers" in out
