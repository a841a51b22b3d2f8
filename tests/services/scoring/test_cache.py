"""The results cache keys on the plan's content: an edited plan with the same id is recomputed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from admtrack.domain.framework import Plan
from admtrack.domain.geography import COUNTRIES, Country
from admtrack.domain.observations import Observation
from admtrack.ingest.plan_files import builtin_plans
from admtrack.ingest.snapshot import read_snapshot
from admtrack.services.scoring.cache import Loader, ResultsCache, plan_fingerprint
from admtrack.services.setup import bundled_data_dir


def test_an_edited_plan_is_computed_afresh(tmp_path: Path) -> None:
    plan = builtin_plans()[0]
    observations = read_snapshot(bundled_data_dir())
    edited = replace(plan, outcomes=(replace(plan.outcomes[0], weight=3.0), *plan.outcomes[1:]))
    assert plan_fingerprint(plan) == plan_fingerprint(builtin_plans()[0])
    assert plan_fingerprint(plan) != plan_fingerprint(edited)

    def loader(p: Plan) -> Loader:
        def load() -> tuple[Plan, list[Observation], list[Country]]:
            return p, observations, list(COUNTRIES)

        return load

    cache = ResultsCache(tmp_path, samples=20, seed=1)
    first = cache.get(plan.id, "r", loader(plan), fingerprint=plan_fingerprint(plan))
    again = cache.get(plan.id, "r", loader(plan), fingerprint=plan_fingerprint(plan))
    assert again is first and cache.computations == 1
    changed = cache.get(plan.id, "r", loader(edited), fingerprint=plan_fingerprint(edited))
    assert cache.computations == 2
    assert changed.outcome_weights["DO1"] == 3.0 and first.outcome_weights["DO1"] == 1.0
