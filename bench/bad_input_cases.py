"""Every malformed-file case of tests/cli/test_bad_input.py run as a user runs it: `python -m
admtrack ...` in its own process, limited to 1 GB of address space, on a copy of an initialised
SQLite database. Prints each case's exit code, time, peak memory, whether the store's digest is
unchanged, and the first line of the error. Exit code 1 if any case is not refused with exit 2
and an unchanged store (or a valid edge case is not accepted)."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "cli"))

from test_bad_input import ACCEPTED, REFUSED, Case, _arguments, digest  # noqa: E402

GIGABYTE = 1024**3


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GIGABYTE, GIGABYTE))


def _run(case: Case, template: Path, folder: Path) -> tuple[int, float, float, bool, str]:
    db_file = folder / "admtrack.sqlite"
    shutil.copy(template, db_file)
    url = f"sqlite:///{db_file}"
    args = _arguments(case, folder / "in", url)
    before = digest(url)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "admtrack", *args],
        capture_output=True, text=True, timeout=60, preexec_fn=_limit, env=env, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    lines = [line.strip() for line in result.stderr.splitlines() if line.strip()]
    located = next((line for line in lines if line.startswith("- ")), lines[0] if lines else "")
    return result.returncode, seconds, peak_mb, digest(url) == before, located[:150]


def main() -> int:
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        template = root / "template.sqlite"
        subprocess.run(
            [sys.executable, "-m", "admtrack", "init", "--db", f"sqlite:///{template}"],
            check=True, capture_output=True,
        )  # fmt: skip
        print("| case | exit | seconds | peak MB (max so far) | store unchanged | message |")
        print("| --- | ---: | ---: | ---: | --- | --- |")
        for n, case in enumerate([*REFUSED, *ACCEPTED]):
            folder = root / f"case{n}"
            folder.mkdir()
            code, seconds, peak, unchanged, message = _run(case, template, folder)
            expected = 0 if case in ACCEPTED else 2
            if code != expected or unchanged != (expected == 2):
                bad += 1
            shown = message.replace("|", "\\|")
            print(
                f"| {case.name} | {code} | {seconds:.1f} | {peak:.0f} | "
                f"{'yes' if unchanged else 'no (written)'} | {shown} |",
                flush=True,
            )
    print(f"\n{len(REFUSED)} malformed cases, {len(ACCEPTED)} valid edge cases, {bad} unexpected")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
