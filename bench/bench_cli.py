"""CLI start-up: ``admtrack --help``, ``admtrack plans list`` and ``index uncertainty`` with 20
replications on the ASEM-sized example, timed with hyperfine (mean of 10 runs after 2 warm-ups).

    .venv/bin/python bench/bench_cli.py [--before SRC]

``--before SRC`` times an older checkout's ``src`` folder with the same interpreter. Needs
/usr/bin/hyperfine; skipped with a note without it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests" / "cli"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    hyperfine = shutil.which("hyperfine")
    if hyperfine is None:
        print("hyperfine is not installed: CLI start-up skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ADMTRACK_DATA_DIR=tmp)
        env.pop("ADMTRACK_DATABASE_URL", None)
        if args.before is not None:
            env["PYTHONPATH"] = str(args.before)
        admtrack = f"{sys.executable} -m admtrack"
        subprocess.run([sys.executable, "-m", "admtrack", "init"], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        sys.path.insert(0, str(TESTS))
        from test_index_uncertainty import IDATA, IMETA, INPUTS, SPEC

        files = {}
        for name, text in (("idata", IDATA), ("imeta", IMETA), ("spec", SPEC), ("ua", INPUTS)):
            files[name] = Path(tmp) / f"{name}.csv"
            files[name].write_text(text, encoding="utf-8")
        commands = {
            "admtrack --help": f"{admtrack} --help",
            "admtrack plans list": f"{admtrack} plans list",
            "admtrack index uncertainty --samples 20": (
                f"{admtrack} index uncertainty --idata {files['idata']} --imeta {files['imeta']} "
                f"--spec {files['spec']} --uncertainty {files['ua']} --samples 20"
            ),
        }
        report = Path(tmp) / "hyperfine.json"
        subprocess.run(
            [hyperfine, "-N", "-w", "2", "-r", str(args.runs), "--export-json", str(report),
             "--output", "null", *commands.values()],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        results = json.loads(report.read_text())["results"]
    label = f"before ({args.before})" if args.before else "this checkout"
    print(f"CLI start-up, {label}, hyperfine mean of {args.runs} runs\n")
    print("| command | mean s | sd s | user s |")
    print("|---|---:|---:|---:|")
    for name, r in zip(commands, results, strict=True):
        print(f"| `{name}` | {r['mean']:.3f} | {r['stddev']:.3f} | {r['user']:.3f} |")


if __name__ == "__main__":
    main()
