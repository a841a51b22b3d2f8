"""Benchmark of the index engine: one ASEM build, uncertainty analysis at 100 to 100,000
replications, a synthetic 200 units x 100 indicators case and the ADM2025 data (the bundled
snapshot, or a long CSV and iMeta given on the command line). The specs and uncertain inputs are
the example files: examples/asem/{spec,uncertainty}.yaml for ASEM (and the synthetic case's
inputs), examples/adm2025/{spec,uncertainty}.yaml for ADM2025 (and the synthetic case's spec).
COINr's ASEM data ship in examples/asem/ (MIT, see the LICENSE there).

Run ``python bench/bench_index.py`` (options: ``--asem DIR``, ``--adm2025-csv FILE``
``--adm2025-imeta FILE``, ``--max-samples N``). Prints a markdown table: wall time, time per
replication and peak traced memory (tracemalloc, which sees numpy's allocations).
"""

from __future__ import annotations

import argparse
import csv
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.pipeline import build
from admtrack.analytics.spec import PipelineSpec, spec_from_mapping
from admtrack.analytics.uncertain_inputs import UncertaintySpec, uncertainty_from_mapping
from admtrack.analytics.uncertainty import run_uncertainty
from admtrack.domain.geography import COUNTRIES
from admtrack.domain.imeta import plan_from_imeta
from admtrack.domain.observations import Observation
from admtrack.ingest.coinr import read_coinr
from admtrack.ingest.plan_files import builtin_plans
from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.scoring import plan_index_data
from admtrack.services.setup import bundled_data_dir

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "asem"
ADM_EXAMPLES = ROOT / "examples" / "adm2025"
ASEM_DEFAULT = EXAMPLES  # the CSV files ship beside the specs
SAMPLES = (100, 1_000, 10_000, 100_000)
Row = tuple[str, str, str, str, str]


def measure(run: Callable[[], Any]) -> tuple[float, float]:
    """Wall time (s) and peak traced memory (MiB) of one call."""
    tracemalloc.start()
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return elapsed, peak


def row(case: str, n: int | None, elapsed: float, peak: float) -> Row:
    per = f"{elapsed / n * 1e3:.4f}" if n else "-"
    return (case, f"{n:,}" if n else "-", f"{elapsed:.3f}", per, f"{peak:.1f}")


def ua_rows(
    case: str, spec: PipelineSpec, data: IndexData, inputs: UncertaintySpec, samples: list[int]
) -> list[Row]:
    out = [row(f"{case}: build", None, *measure(lambda: build(spec, data)))]
    for n in samples:
        rng = np.random.default_rng(1)
        out.append(
            row(
                f"{case}: uncertainty",
                n,
                *measure(lambda n=n, rng=rng: run_uncertainty(spec, data, inputs, n, rng)),
            )
        )
    return out


def synthetic(units: int = 200, indicators: int = 100, pillars: int = 10) -> IndexData:
    """Lognormal indicators (so treatment has outliers to work on), 2 % missing, pillars of
    equal size, two sub-indices, one index."""
    rng = np.random.default_rng(2024)
    per = indicators // pillars
    rows: list[dict[str, object]] = []
    for j in range(indicators):
        rows.append({"iCode": f"x{j}", "Level": 1, "Parent": f"P{j // per}", "Weight": 1,
                     "Direction": 1 if j % 4 else -1, "Type": "Indicator"})  # fmt: skip
    for p in range(pillars):
        rows.append({"iCode": f"P{p}", "Level": 2, "Parent": f"S{p % 2}", "Weight": 1,
                     "Direction": 1, "Type": "Aggregate"})  # fmt: skip
    rows += [{"iCode": f"S{s}", "Level": 3, "Parent": "Index", "Weight": 1, "Direction": 1,
              "Type": "Aggregate"} for s in range(2)]  # fmt: skip
    rows.append({"iCode": "Index", "Level": 4, "Parent": "", "Weight": 1, "Direction": 1,
                 "Type": "Aggregate"})  # fmt: skip
    values = rng.lognormal(0.0, 1.0, size=(units, indicators))
    values[rng.random(values.shape) < 0.02] = np.nan
    return IndexData.from_array(values, read_imeta(rows), [f"U{i:03d}" for i in range(units)])


def adm2025(csv_path: Path, imeta_path: Path) -> IndexData:
    """Member states' latest values from a long CSV (country, indicator, year, value), framed by
    an iMeta CSV read as a plan."""
    with imeta_path.open(newline="", encoding="utf-8-sig") as handle:
        plan = plan_from_imeta(list(csv.DictReader(handle)), "adm2025-csv", "ADM2025 (CSV)")
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        observations = [
            Observation(
                r["indicator"], r["country"], int(float(r["year"])), float(r["value"]), "csv"
            )
            for r in csv.DictReader(handle)
            if r.get("value")
        ]
    return plan_index_data(plan, observations, COUNTRIES, year=2025).data


def adm2025_bundled() -> IndexData:
    """The 11 member states' latest values up to 2025 for admtrack's ADM2025 indicator set, from
    the bundled snapshot, framed by the built-in plan."""
    return plan_index_data(builtin_plans()[0], read_snapshot(bundled_data_dir()), COUNTRIES).data


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--asem", type=Path, default=ASEM_DEFAULT)
    parser.add_argument("--adm2025-csv", type=Path, default=None)
    parser.add_argument("--adm2025-imeta", type=Path, default=None)
    parser.add_argument("--max-samples", type=int, default=100_000)
    args = parser.parse_args()
    samples = [n for n in SAMPLES if n <= args.max_samples]
    inputs = uncertainty_from_mapping(load_yaml(EXAMPLES / "uncertainty.yaml"))
    asem_spec = spec_from_mapping(load_yaml(EXAMPLES / "spec.yaml"))
    adm_spec = spec_from_mapping(load_yaml(ADM_EXAMPLES / "spec.yaml"))
    adm_inputs = uncertainty_from_mapping(load_yaml(ADM_EXAMPLES / "uncertainty.yaml"))
    rows: list[Row] = []
    idata, imeta = args.asem / "ASEM_iData.csv", args.asem / "ASEM_iMeta.csv"
    if idata.is_file() and imeta.is_file():
        rows += ua_rows("ASEM 51 x 49", asem_spec, read_coinr(idata, imeta), inputs, samples)
    else:
        rows.append(("ASEM 51 x 49", "-", "not available", "-", "-"))
    rows += ua_rows("synthetic 200 x 100", adm_spec, synthetic(), inputs, samples[:3])
    csv_file, imeta_file = args.adm2025_csv, args.adm2025_imeta
    if csv_file and imeta_file and csv_file.is_file() and imeta_file.is_file():
        adm_data = adm2025(csv_file, imeta_file)
    else:
        adm_data = adm2025_bundled()
    label = f"ADM2025 {len(adm_data.unit_codes)} x {adm_data.tree.n_indicators}"
    rows += ua_rows(label, adm_spec, adm_data, adm_inputs, samples)
    print("| case | replications | time (s) | ms per replication | peak memory (MiB) |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
