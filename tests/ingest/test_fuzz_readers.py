"""Fuzzing every reader of a user's file: arbitrary bytes and mutated valid files give either a
clean read or a refusal with issues, never another exception, with memory bounded (tracemalloc
peak per file). The long run with figures is ``bench/fuzz_readers.py``."""

from __future__ import annotations

import random
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from fuzz_targets import TARGETS, Target, mutate, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

#: Most memory one small file (a few KB) may make a reader allocate.
PEAK_BYTES = 64 * 1024 * 1024

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(target: Target, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tracemalloc.start()
        try:
            crash = run(target, data, Path(folder))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert crash is None, f"{target.name} crashed on {data[:200]!r}: {crash}"
    assert peak < PEAK_BYTES, f"{target.name} allocated {peak:,} bytes for {len(data)} bytes"


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_every_seed_file_reads_without_a_crash(target: Target) -> None:
    _check(target, target.seed())


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@FUZZ
@given(data=st.binary(max_size=2048))
def test_arbitrary_bytes_are_read_or_refused(target: Target, data: bytes) -> None:
    _check(target, data)


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_valid_files_are_read_or_refused(target: Target, seed: int) -> None:
    _check(target, mutate(target.seed(), random.Random(seed)))
