"""Results computed once per (plan content, release, method) and kept in memory and, when given a
directory, as pickle files there, so a page request never recomputes the index."""

from __future__ import annotations

import hashlib
import json
import pickle
import threading
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from admtrack import __version__
from admtrack.domain.framework import Plan
from admtrack.domain.geography import Country
from admtrack.domain.observations import Observation
from admtrack.domain.plan_mapping import plan_to_mapping
from admtrack.services.scoring.model import IndexMethod, PlanResults
from admtrack.services.scoring.results import compute_results

#: bump when PlanResults or its parts change shape (6: coverage, statuses, sensitivity; 7: the
#: parts of an outcome's "no verdict" reason)
CACHE_VERSION = 7


def plan_fingerprint(plan: Plan) -> str:
    """A short digest of the plan's content (its YAML mapping)."""
    text = json.dumps(plan_to_mapping(plan), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


Loader = Callable[[], tuple[Plan, Sequence[Observation], Sequence[Country]]]


class ResultsCache:
    """Results by (plan id, release id, method), computed once; optionally persisted as pickle
    files under ``directory`` (``results-<plan>-<release>-<hash>.pickle``), which only admtrack
    writes. The hash covers the method, samples, seed, admtrack's version and the caller's
    fingerprint, which must identify the plan's content and the data (the dashboard gives the
    plan's digest and the store's data stamp, so any write, or another database set up in the
    same data directory, computes afresh). ``computations`` counts the builds actually run (for
    tests and logs)."""

    def __init__(
        self, directory: Path | None = None, *, samples: int = 1000, seed: int = 20250101
    ) -> None:
        self.directory = directory
        self.samples = samples
        self.seed = seed
        self.computations = 0
        self._memory: dict[tuple[str, str, str], PlanResults] = {}
        self._lock = threading.Lock()

    def _key(
        self, plan_id: str, release_id: str, method: IndexMethod, fingerprint: str
    ) -> tuple[str, str, str]:
        text = (
            f"{CACHE_VERSION}|{__version__}|{sorted(asdict(method).items())}|{self.samples}|"
            f"{self.seed}|{fingerprint}"
        )
        return plan_id, release_id, hashlib.sha256(text.encode()).hexdigest()[:12]

    def _path(self, key: tuple[str, str, str]) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"results-{key[0]}-{key[1]}-{key[2]}.pickle"

    def get(
        self,
        plan_id: str,
        release_id: str,
        load: Loader,
        method: IndexMethod | None = None,
        *,
        fingerprint: str = "",
    ) -> PlanResults:
        """The cached results, or ``load()``'s inputs computed once (thread-safe).
        ``fingerprint`` identifies the plan's content (see :func:`plan_fingerprint`), so an
        edited plan with the same id is computed afresh."""
        method = method or IndexMethod()
        key = self._key(plan_id, release_id, method, fingerprint)
        with self._lock:
            if key in self._memory:
                return self._memory[key]
            path = self._path(key)
            if path is not None and path.is_file():
                with path.open("rb") as fh:
                    cached = pickle.load(fh)
                if isinstance(cached, PlanResults):
                    self._memory[key] = cached
                    return cached
            plan, observations, countries = load()
            results = compute_results(
                plan, observations, countries, release_id,
                method=method, samples=self.samples, seed=self.seed,
            )  # fmt: skip
            self.computations += 1
            self._memory[key] = results
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(results, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            return results

    def clear(self) -> None:
        with self._lock:
            self._memory.clear()
