"""The long fuzz run of every reader of a user's file (the short one is in the test suite):
mutated valid files, arbitrary bytes and a few hostile files (billion laughs, 20,000 nesting
levels, a 190 KB field behind a stray quote), each read under a 1 GB address-space limit.

Prints how many files each reader was given, how many crashed (anything other than a clean read
or a refusal with issues), the slowest file and the peak resident memory. Exit code 1 on any
crash. ``python bench/fuzz_readers.py [FILES_PER_READER] [SEED]`` (default 400, 1)."""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ingest"))

from fuzz_targets import TARGETS, Target, mutate, run  # noqa: E402

LIMIT_BYTES = 1024**3
HOSTILE = {
    "billion laughs": (
        b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + b"".join(
            f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]\n".encode()
            for n in range(8)
        )
    ),
    "20,000 levels": b"a: " + b"[" * 20_000 + b"]" * 20_000 + b"\n",
    "190 KB field": b'h1,h2,h3\n1,"2,3\n' + b"4,5,6\n" * 32_000,
    "Latin-1": "a,b\nHà,1\n".encode("latin-1", "replace"),
}


def _inputs(target: Target, count: int, rng: random.Random) -> list[bytes]:
    seed = target.seed()
    files = [seed, *HOSTILE.values()]
    while len(files) < count:
        if rng.random() < 0.25:
            files.append(rng.randbytes(rng.randint(0, 4096)))
        else:
            files.append(mutate(seed, rng))
    return files


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))
    print(f"## Fuzzing every reader ({count} files each, address space limited to 1 GB)\n")
    print("| reader | files | crashes | slowest file, s |")
    print("| --- | ---: | ---: | ---: |")
    total = crashed = 0
    examples: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for target in TARGETS:
            slowest = 0.0
            failures = 0
            for data in _inputs(target, count, rng):
                t0 = time.perf_counter()
                crash = run(target, data, Path(folder))
                slowest = max(slowest, time.perf_counter() - t0)
                if crash is not None:
                    failures += 1
                    examples.append(f"{target.name}: {crash} on {data[:80]!r}")
            total += count
            crashed += failures
            print(f"| {target.name} | {count} | {failures} | {slowest:.3f} |", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\n{total} files tried, {crashed} crashed; {time.perf_counter() - started:.1f} s in all; "
        f"peak resident memory {peak_mb:.0f} MB"
    )
    for example in examples[:20]:
        print(f"- {example}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
