"""One report PDF in this process, by phase (model, HTML with charts, PDF), wall-clock and CPU
seconds (CPU counts every thread of the process and is less inflated by a busy machine).

The results are read from a results cache under DIR (computed on the first run), so the numbers
are the report's own cost; run it once per measurement, in a fresh process (vl-convert's start-up
and the chart cache then count, as for a server's first report of a release):

    .venv/bin/python bench/report_phases.py DIR end-of-term
    .venv/bin/python bench/report_phases.py DIR country VNM

Prints one JSON line. (Not a bench_*.py script: `make bench` runs bench_reports.py instead.)"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from admtrack.reports.render import render_html, render_pdf
from admtrack.services.reports import load_inputs, make_report
from admtrack.services.scoring import ResultsCache
from admtrack.services.setup import initialise
from admtrack.store import Store, create_engine_for


def main() -> int:
    directory, kind = Path(sys.argv[1]), sys.argv[2]
    iso3 = sys.argv[3] if len(sys.argv) > 3 else None
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / "admtrack.sqlite"
    fresh = not db.exists()
    engine = create_engine_for(f"sqlite:///{db}")
    if fresh:
        initialise(engine)
    store, cache = Store(engine), ResultsCache(directory / "cache")
    load_inputs(store, cache, "adm2025")  # results computed or read from the cache first
    c0, t0 = time.process_time(), time.perf_counter()
    report = make_report(load_inputs(store, cache, "adm2025"), kind, iso3)
    c1, t1 = time.process_time(), time.perf_counter()
    rendered = render_html(report)
    c2, t2 = time.process_time(), time.perf_counter()
    pdf = render_pdf(rendered, report)
    c3, t3 = time.process_time(), time.perf_counter()
    print(json.dumps({
        "report": kind + (f" {iso3}" if iso3 else ""), "model_s": round(t1 - t0, 2),
        "html_s": round(t2 - t1, 2), "pdf_s": round(t3 - t2, 2), "total_s": round(t3 - t0, 2),
        "cpu_s": round(c3 - c0, 2), "cpu_html_s": round(c2 - c1, 2), "cpu_pdf_s": round(c3 - c2, 2),
        "pdf_bytes": len(pdf),
    }))  # fmt: skip
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
