"""Benchmark of the uncertainty engine at scale, each case in a fresh process so that its peak
resident memory (``ru_maxrss``) is its own:

- time per replication at 20, 500 and 10,000 units (100 indicators in 10 outcomes);
- peak memory against the number of replications at 5,000 units x 500 indicators (50 outcomes),
  up to 100,000 replications, rank statistics counted block by block (replications not kept);
- OpenBLAS with 1 and 2 threads on the same case.

The uncertain inputs: normalisation (min-max [1, 100] or z-score (50, 10)), indicator and
outcome weights (x U(0.75, 1.25), 1,000 sets), aggregation (arithmetic or geometric mean); 5 %
of the cells are missing. COINr's timings are printed when R and COINr are installed; they are
not installable on this machine, so the comparison is skipped with a note.

Run ``python bench/bench_engine_scale.py`` (``--max-replications N`` to stop earlier,
``--quick`` for a short run). Prints markdown tables.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time

import numpy as np

SCALE_REPLICATIONS = (1_000, 10_000, 100_000)
PER_REP = ((20, 5_000), (500, 2_000), (10_000, 200))


def _case(units: int, indicators: int, outcomes: int, seed: int = 0):  # type: ignore[no-untyped-def]
    from admtrack.analytics.data_input import IndexData
    from admtrack.analytics.framework_table import read_imeta

    per = indicators // outcomes
    rows = [
        {"iCode": f"i{j}", "Level": 1, "Parent": f"o{j // per}", "Weight": 1, "Direction": 1,
         "Type": "Indicator"}
        for j in range(indicators)
    ]  # fmt: skip
    rows += [{"iCode": f"o{k}", "Level": 2, "Parent": "I", "Weight": 1, "Direction": 1,
              "Type": "Aggregate"} for k in range(outcomes)]  # fmt: skip
    rows.append({"iCode": "I", "Level": 3, "Parent": "", "Weight": 1, "Direction": 1,
                 "Type": "Aggregate"})  # fmt: skip
    tree = read_imeta(rows)
    rng = np.random.default_rng(seed)
    values = rng.lognormal(3, 1, (units, indicators))
    values[rng.random(values.shape) < 0.05] = np.nan
    return IndexData.from_array(values, tree, [f"U{u}" for u in range(units)])


def _inputs():  # type: ignore[no-untyped-def]
    from admtrack.analytics.uncertain_inputs import uncertainty_from_mapping

    return uncertainty_from_mapping(
        {
            "inputs": [
                {"kind": "normalisation", "alternatives": [
                    {"method": "minmax", "params": {"l_u": [1, 100]}},
                    {"method": "zscore", "params": {"m_sd": [50, 10]}}]},
                {"kind": "weights", "noise": {1: 0.25, 2: 0.25}, "sets": 1000, "seed": 1},
                {"kind": "aggregation", "alternatives": [{"method": "amean"},
                                                         {"method": "gmean"}]},
            ]
        }
    )  # fmt: skip


def child(units: int, indicators: int, outcomes: int, reps: int, threads: int) -> None:
    """Run one case and print a JSON line: seconds, peak RSS (MiB), failures."""
    from admtrack.analytics import uncertainty
    from admtrack.analytics.spec import AggregateStage, NormaliseStage, PipelineSpec

    uncertainty.BLAS_THREADS = threads or None  # 0: the engine's own choice
    data = _case(units, indicators, outcomes)
    spec = PipelineSpec(stages=[NormaliseStage(params={"l_u": [1.0, 100.0]}), AggregateStage()])
    start = time.perf_counter()
    result = uncertainty.run_uncertainty(spec, data, _inputs(), reps, np.random.default_rng(0))
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "peak_mib": peak, "failed": result.n_failed}))


def run(
    units: int, indicators: int, outcomes: int, reps: int, threads: int = 0
) -> dict[str, float]:
    args = [
        sys.executable,
        __file__,
        "--child",
        *map(str, (units, indicators, outcomes, reps, threads)),
    ]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=5, type=int)
    parser.add_argument("--max-replications", type=int, default=SCALE_REPLICATIONS[-1])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    shrink = 10 if args.quick else 1
    print("## Time per replication (100 indicators, 10 outcomes)\n")
    print("| units | replications | seconds | us / replication | peak RSS MiB | COINr |")
    print("|---:|---:|---:|---:|---:|---|")
    coinr = shutil.which("Rscript") is not None
    for units, reps in PER_REP:
        reps = max(10, reps // shrink)
        r = run(units, 100, 10, reps)
        note = "see below" if coinr else "skipped: R/COINr not installed"
        print(f"| {units:,} | {reps:,} | {r['seconds']:.2f} | "
              f"{1e6 * r['seconds'] / reps:,.0f} | {r['peak_mib']:,.0f} | {note} |")  # fmt: skip
    if not coinr:
        print("\nCOINr comparison skipped: R and COINr are not installable on this machine.")
    print("\n## Peak memory against replications (5,000 units x 500 indicators, 50 outcomes)\n")
    print("| replications | seconds | us / replication | peak RSS MiB | failed |")
    print("|---:|---:|---:|---:|---:|")
    for reps in SCALE_REPLICATIONS:
        reps //= shrink
        if reps > args.max_replications:
            break
        r = run(5_000, 500, 50, reps)
        print(f"| {reps:,} | {r['seconds']:.1f} | {1e6 * r['seconds'] / reps:,.0f} | "
              f"{r['peak_mib']:,.0f} | {int(r['failed']):,} |")  # fmt: skip
    print("\n## OpenBLAS threads (5,000 units x 500 indicators, 2,000 replications)\n")
    print("| threads | seconds | ratio to 1 thread |")
    print("|---:|---:|---:|")
    base = 0.0
    for threads in (1, 2):  # at 5,000 x 500 the engine's default leaves BLAS unlimited
        r = run(5_000, 500, 50, 2_000 // shrink, threads)
        base = base or r["seconds"]
        print(f"| {threads} | {r['seconds']:.2f} | {r['seconds'] / base:.2f} |")


if __name__ == "__main__":
    main()
