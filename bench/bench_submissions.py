"""Benchmark of national submissions: 11 member states x 40 indicators x 5 years, each state's
file validated (dry run) and then submitted (validated again and stored), and the review diff
page of one state's submission (200 values, with flags) as the secretariat sees it.

Targets: all 11 submissions validated and stored in under 2 s; the diff page in under 200 ms.
The peer is ``admtrack data import`` of the same rows (the existing all-or-nothing import
through the same template connector), so the ratio shows what review bookkeeping costs.

Run ``python bench/bench_submissions.py`` (SQLite in a temporary folder; ``--db URL`` for
another database, e.g. an empty PostgreSQL schema).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))

from webclient import InProcessClient  # noqa: E402

from admtrack.config import Settings  # noqa: E402
from admtrack.domain.framework import Indicator  # noqa: E402
from admtrack.ingest.checks import valid_range  # noqa: E402
from admtrack.services import submissions as subs  # noqa: E402
from admtrack.services.accounts import Role, Sessions, add_user, member_states  # noqa: E402
from admtrack.services.ingestion import import_file  # noqa: E402
from admtrack.services.setup import initialise  # noqa: E402
from admtrack.store import Store, create_engine_for  # noqa: E402
from admtrack.web.app import create_app  # noqa: E402

PASSWORD = "benchmark password"
YEARS = (2021, 2022, 2023, 2024, 2025)
EXTRA = ("BM.GSR.ROYL.CD", "BX.GSR.ROYL.CD", "BX.KLT.DINV.CD.WD", "IE.PPI.TELE.CD", "IP.PAT.RESD",
         "IT.MLT.MAIN.P2", "IT_MOB_2GNTWK", "NY.GDP.PCAP.CD", "IT_USE_II99", "SP.URB.TOTL.IN.ZS")  # fmt: skip


def forty_indicator_plan(engine: sa.Engine) -> str:
    """adm2025 with ten more indicators (WDI codes with known ranges): 40 in all."""
    with Store(engine).transaction(actor="bench") as tx:
        plan = tx.get_plan("adm2025")
        first = plan.outcomes[0]
        more = tuple(Indicator(code, code, "as published", 1, first.id) for code in EXTRA)
        outcomes = (
            dataclasses.replace(first, indicators=first.indicators + more),
            *plan.outcomes[1:],
        )
        bench = dataclasses.replace(
            plan, id="bench40", name="ADM2025 + 10 (benchmark)", outcomes=outcomes
        )
        tx.save_plan(bench)
    assert len(bench.indicators) == 40
    return bench.id


def state_file(country: str, codes: list[str], salt: int) -> bytes:
    lines = ["country,indicator,year,value,status,source,note"]
    for n, code in enumerate(codes):
        low, high = valid_range(code) or (0.0, 100.0)
        low, top = max(low, 0.0), min(high, 100.0)  # finite and inside the valid range
        for year in YEARS:
            value = low + (top - low) * ((n * 7 + year + salt) % 97) / 100.0
            lines.append(f"{country},{code},{year},{value:.4f},,Bench ministry {year},")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="admtrack-bench-submissions-"))
    url = args.db or f"sqlite:///{folder / 'bench.sqlite3'}"
    engine = create_engine_for(url)
    initialise(engine)
    plan_id = forty_indicator_plan(engine)
    states = member_states()
    with Store(engine).reader() as r:
        codes = [i.code for i in r.get_plan(plan_id).indicators]
    for iso3 in states:
        add_user(engine, f"fp_{iso3.lower()}", Role.FOCAL_POINT, iso3, PASSWORD, "bench")
    add_user(engine, "sec", Role.SECRETARIAT, None, PASSWORD, "bench")
    sessions = Sessions(engine)
    principals = {
        s: sessions.sign_in(f"fp_{s.lower()}", PASSWORD, "bench").principal for s in states
    }
    files = {s: state_file(s, codes, i) for i, s in enumerate(states)}
    desk = subs.Desk(engine)

    start = time.perf_counter()
    reports = [subs.dry_run(desk, principals[s], files[s], f"{s}.csv", plan_id) for s in states]
    dry = time.perf_counter() - start
    assert all(r.ok for r in reports), [r.problems[:3] for r in reports if not r.ok]
    start = time.perf_counter()
    filed = [subs.submit(desk, principals[s], files[s], f"{s}.csv", plan_id) for s in states]
    stored = time.perf_counter() - start
    values = sum(len(f.report.accepted) for f in filed)

    peer_dir = folder / "peer"
    peer_dir.mkdir()
    peer_engine = (
        create_engine_for(f"sqlite:///{peer_dir / 'peer.sqlite3'}") if args.db is None else engine
    )
    if args.db is None:
        initialise(peer_engine)
        forty_indicator_plan(peer_engine)
    whole = peer_dir / "all.csv"
    whole.write_bytes(
        b"".join(f if i == 0 else f.split(b"\n", 1)[1] for i, f in enumerate(files.values()))
    )
    start = time.perf_counter()
    import_file(peer_engine, whole)
    peer = time.perf_counter() - start

    app = create_app(Settings(database_url=url, data_dir=folder), samples=200)
    client = InProcessClient(app)
    signed = sessions.sign_in("sec", PASSWORD, "bench")
    cookies = {"admtrack_session": signed.cookie}
    target = f"/submissions/{filed[0].submission_id}"
    first = client.get(target, cookies=cookies)
    assert first.status_code == 200 and "IT.NET.USER.ZS" in first.text, first.status_code
    times = []
    for _ in range(30):
        t = time.perf_counter()
        response = client.get(target, cookies=cookies)
        times.append(time.perf_counter() - t)
        assert response.status_code == 200
    client.close()
    sec = signed.principal
    view_times = []
    for _ in range(30):
        t = time.perf_counter()
        subs.view(desk, sec, filed[0].submission_id)
        view_times.append(time.perf_counter() - t)
    page_ms = statistics.median(times) * 1000
    view_ms = statistics.median(view_times) * 1000

    print(f"database: {engine.url.render_as_string(hide_password=True).split('?')[0]}")
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| 11 states x 40 indicators x 5 years: dry runs ({values} values) | {dry:.3f} s | |")
    print(f"| 11 submissions validated and stored | {stored:.3f} s | < 2 s |")
    print(f"| peer: `data import` of the same {values} rows as one file | {peer:.3f} s | |")
    print(f"| ratio submissions / peer import | {stored / peer:.2f} | |")
    print(
        f"| review diff page, one state (200 values), median of 30 | {page_ms:.1f} ms | < 200 ms |"
    )
    print(f"| review diff service alone, median of 30 | {view_ms:.1f} ms | |")
    engine.dispose()
    if peer_engine is not engine:
        peer_engine.dispose()


if __name__ == "__main__":
    main()
