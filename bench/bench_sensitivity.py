"""Sobol sensitivity analysis of COINr's ASEM example: wall time and peak memory per design size.

Runs ``index_sensitivity`` (Saltelli design, N (d + 2) index builds through
``uncertainty.evaluate``, scalar and per-unit indices, 1000 bootstrap resamples) on the ASEM
build of examples/asem/spec.yaml with the inputs of examples/asem/uncertainty.yaml, and prints a
markdown table next to COINr's published times (103 s for N = 100, 623 s for N = 500).
"seconds" covers everything (design, index runs, estimators and bootstrap); "index runs" the
N (d + 2) index evaluations alone (best of --repeat runs); peak memory is traced by tracemalloc in a second run.

    .venv/bin/python bench/bench_sensitivity.py [--asem DIR] [--sizes 100 500 1000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

import numpy as np
import yaml

from admtrack.analytics.pipeline import build
from admtrack.analytics.sensitivity import index_sensitivity, saltelli_design
from admtrack.analytics.spec import spec_from_mapping
from admtrack.analytics.uncertain_inputs import uncertainty_from_mapping
from admtrack.analytics.uncertainty import Replications, evaluate
from admtrack.ingest.coinr import read_coinr

ROOT = Path(__file__).resolve().parents[1]
COINR_SECONDS = {100: 103.0, 500: 623.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--asem", type=Path, default=ROOT / "examples" / "asem")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs is shown")
    args = parser.parse_args()
    data = read_coinr(args.asem / "ASEM_iData.csv", args.asem / "ASEM_iMeta.csv")
    spec = spec_from_mapping(yaml.safe_load((ROOT / "examples/asem/spec.yaml").read_text()))
    inputs = uncertainty_from_mapping(
        yaml.safe_load((ROOT / "examples/asem/uncertainty.yaml").read_text())
    )
    nominal = build(spec, data)
    root = nominal.tree.codes[int(np.flatnonzero(nominal.tree.parents == -1)[0])]
    ranks = nominal.ranks(root)

    def run_once(n: int) -> tuple[int, int, float]:
        rng = np.random.default_rng(args.seed)
        design = saltelli_design(n, inputs.d, rng)
        model_seconds = []

        def model(x: np.ndarray) -> Replications:
            started = time.perf_counter()
            replications = evaluate(spec, data, inputs, x)
            model_seconds.append(time.perf_counter() - started)
            return replications

        result = index_sensitivity(
            model, design, ranks, inputs.names, rng=rng, n_boot=1000, per_unit=True
        )
        return result.n_runs, result.n_failed_runs, model_seconds[0]

    run_once(16)  # warm-up: imports and first-call costs
    print(f"ASEM: {len(nominal.unit_codes)} units, {nominal.tree.n_indicators} indicators, "
          f"{inputs.d} uncertain inputs ({', '.join(inputs.names)}); 1000 bootstrap resamples, "
          "scalar and per-unit indices\n")  # fmt: skip
    print(
        "| N | runs | failed | seconds | index runs (s) | ms per run | peak memory (MiB) "
        "| COINr seconds | speed-up |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            runs, failed, model = run_once(n)
            timings.append((time.perf_counter() - started, model))
        seconds, model = min(timings)
        tracemalloc.start()
        run_once(n)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        coinr = COINR_SECONDS.get(n)
        coinr_cell = f"{coinr:.0f}" if coinr else "-"
        speedup = f"{coinr / seconds:,.0f}x" if coinr else "-"
        print(f"| {n} | {runs} | {failed} | {seconds:.2f} | {model:.2f} | {1000 * seconds / runs:.3f} | "
              f"{peak:.1f} | {coinr_cell} | {speedup} |")  # fmt: skip


if __name__ == "__main__":
    main()
