"""Time the reports on the bundled data: the end-of-term evaluation and a country profile as
PDF, from a cold results cache (the index and its 1000 uncertainty replications computed) and
from a warm one (the report alone: model, charts as SVG, HTML, PDF), and compare WeasyPrint's
HTML-to-PDF step with Debian's Chromium printing the same HTML file (`--print-to-pdf`).
Prints a markdown table (wall-clock seconds, and the process's CPU seconds, which a busy machine
inflates less). Targets: end-of-term under 30 s, a country profile under 5 s."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from admtrack.reports.render import render_html, render_pdf
from admtrack.services.reports import load_inputs, make_report
from admtrack.services.scoring import ResultsCache
from admtrack.services.setup import initialise
from admtrack.store import Store, create_engine_for

REPEATS = 3
CASES = (("end-of-term", "adm2025", None, 30.0), ("country", "adm2025", "VNM", 5.0))


def _build(
    store: Store, cache: ResultsCache, kind: str, plan: str, iso3: str | None
) -> dict[str, float]:
    c0 = time.process_time()
    t0 = time.perf_counter()
    inputs = load_inputs(store, cache, plan)
    t1 = time.perf_counter()
    report = make_report(inputs, kind, iso3)
    rendered = render_html(report)
    t2 = time.perf_counter()
    render_pdf(rendered, report)
    t3 = time.perf_counter()
    return {"results": t1 - t0, "html": t2 - t1, "pdf": t3 - t2, "total": t3 - t0,
            "cpu": time.process_time() - c0,
            "_html": rendered.html}  # type: ignore[dict-item]  # fmt: skip


def _chromium_pdf(html: str, tmp: Path) -> float | None:
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    src, out = tmp / "report.html", tmp / "chromium.pdf"
    src.write_text(html)
    t0 = time.perf_counter()
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={out}", src.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return time.perf_counter() - t0 if out.is_file() else None


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        engine = create_engine_for(f"sqlite:///{tmp / 'admtrack.sqlite'}")
        initialise(engine)
        store = Store(engine)
        print("## reports on the bundled data (PDF, seconds, median of runs)\n")
        print(
            "| report | cold: results + report | cold, CPU s | warm: results read | "
            "model + SVG + HTML | WeasyPrint PDF | warm total | warm, CPU s | "
            "Chromium print-to-pdf, same HTML | WeasyPrint / Chromium | target | runs |"
        )
        print(
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        )
        for kind, plan, iso3, target in CASES:
            cold_runs = [
                _build(store, ResultsCache(None), kind, plan, iso3) for _ in range(REPEATS)
            ]
            cold = [float(r["total"]) for r in cold_runs]
            cold_cpu = statistics.median(float(r["cpu"]) for r in cold_runs)
            cache = ResultsCache(None)
            _build(store, cache, kind, plan, iso3)
            warm = [_build(store, cache, kind, plan, iso3) for _ in range(REPEATS)]
            peer = [_chromium_pdf(str(warm[0]["_html"]), tmp) for _ in range(REPEATS)]
            m = {k: statistics.median(float(w[k]) for w in warm)
                 for k in ("results", "html", "pdf", "total", "cpu")}  # fmt: skip
            peer_s = [p for p in peer if p is not None]
            chromium = f"{statistics.median(peer_s):.2f}" if peer_s else "not measured"
            ratio = f"{m['pdf'] / statistics.median(peer_s):.2f}" if peer_s else "–"
            name = kind + (f" {iso3}" if iso3 else "")
            print(
                f"| {name} | {statistics.median(cold):.2f} | {cold_cpu:.2f} | "
                f"{m['results']:.2f} | {m['html']:.2f} | {m['pdf']:.2f} | {m['total']:.2f} | "
                f"{m['cpu']:.2f} | {chromium} | {ratio} | < {target:.0f} | {REPEATS} |"
            )
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
