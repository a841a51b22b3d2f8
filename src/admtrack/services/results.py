"""Results of a plan for one data release: the composite index per outcome with ranks and rank
intervals, progress verdicts, status counts, strengths and weaknesses and the audit summary.

:func:`compute_results` is pure given its inputs (the same observations, countries, samples and
seed give the same results). Rank intervals come from the engine's uncertainty analysis
(:mod:`admtrack.analytics.uncertainty`) with the uncertain inputs of :func:`uncertain_inputs`.
:class:`ResultsCache` computes once per (plan, release, method) and
keeps the result in memory and, when given a directory, in a pickle file there, so a page
request never recomputes the index. Method choices are listed on :class:`IndexMethod`.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.audit import (
    correlations,
    cronbach_alpha,
    cronbach_per_aggregate,
    strengths_weaknesses,
)
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.normalise import normalise
from admtrack.analytics.ranking import rank_descending
from admtrack.analytics.spec import (
    AggregateStage,
    LevelAggregation,
    NormaliseOverride,
    NormaliseStage,
    PipelineSpec,
)
from admtrack.analytics.uncertain_inputs import (
    AggregationInput,
    ExclusionInput,
    NormalisationInput,
    UncertainInput,
    UncertaintySpec,
    WeightsInput,
    decode_column,
)
from admtrack.analytics.uncertainty import evaluate, summarise
from admtrack.domain.framework import Plan
from admtrack.domain.geography import ASEAN, ASEAN_MEMBERS, Country
from admtrack.domain.imeta import plan_to_imeta
from admtrack.domain.observations import Observation
from admtrack.errors import MethodError
from admtrack.services.results_model import (
    NORMALISATIONS,
    AuditSummary,
    IndexMethod,
    LatestValue,
    Normalisation,
    PlanResults,
    RankInterval,
)
from admtrack.services.results_progress import plan_progress

F64 = NDArray[np.float64]
CACHE_VERSION = 2


def member_units(countries: Iterable[Country], on: date) -> tuple[str, ...]:
    """ISO3 codes of the ASEAN member states on ``on``, in the Secretariat's order."""
    members = {c.iso3 for c in countries if c.is_member(ASEAN, on)}
    order = {code: i for i, code in enumerate(ASEAN_MEMBERS)}
    return tuple(sorted(members, key=lambda c: (order.get(c, len(order)), c)))


def plan_tree(plan: Plan) -> FrameworkTree:
    """The plan as the engine's framework tree (indicators, outcomes, index)."""
    return read_imeta(plan_to_imeta(plan), source=f"plan {plan.id}")


def _panel(observations: Iterable[Observation]) -> dict[tuple[str, str], list[tuple[int, float]]]:
    panel: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for o in observations:
        panel.setdefault((o.indicator, o.country), []).append((o.year, o.value))
    for series in panel.values():
        series.sort()
    return panel


def latest_matrix(
    observations: Iterable[Observation],
    indicators: Sequence[str],
    units: Sequence[str],
    first: int,
    last: int,
) -> tuple[F64, list[LatestValue]]:
    """Units x indicators matrix of each unit's latest value of each indicator with a year in
    [first, last] (NaN where there is none), and those values with their years and sources."""
    col = {c: j for j, c in enumerate(indicators)}
    row = {u: i for i, u in enumerate(units)}
    best: dict[tuple[int, int], Observation] = {}
    for o in observations:
        i, j = row.get(o.country), col.get(o.indicator)
        if i is None or j is None or not first <= o.year <= last:
            continue
        kept = best.get((i, j))
        if kept is None or o.year > kept.year:
            best[(i, j)] = o
    x = np.full((len(units), len(indicators)), np.nan)
    latest: list[LatestValue] = []
    for (i, j), o in sorted(best.items()):
        x[i, j] = o.value
        latest.append(LatestValue(o.indicator, o.country, o.year, o.value, o.source))
    return x, latest


def normalised_matrix(
    x: F64, tree: FrameworkTree, plan: Plan, how: Normalisation, units: Sequence[str]
) -> F64:
    """Normalise (..., units, indicators) by min-max or goalposts (see IndexMethod)."""
    overrides: dict[str, NormaliseOverride] = {}
    if how == "goalposts":
        for ind in plan.indicators:
            if ind.goalposts is not None:
                lower, upper = ind.goalposts
                overrides[ind.code] = NormaliseOverride(
                    method="goalposts", params={"lower": lower, "upper": upper}
                )
    return normalise(x, tree, "minmax", {"l_u": [0.0, 100.0]}, overrides, unit_codes=list(units))


def aggregation_stage(method: IndexMethod, tree: FrameworkTree) -> AggregateStage:
    """Arithmetic means with the outcome and index data thresholds of ``method``."""
    levels = {2: LevelAggregation(dat_thresh=method.outcome_dat_thresh)}
    for level in range(3, tree.max_level + 1):
        levels[level] = LevelAggregation(dat_thresh=method.index_dat_thresh)
    return AggregateStage(levels=levels)


def _opt(v: float) -> float | None:
    return None if not np.isfinite(v) else float(v)


def _column(values: F64) -> tuple[float | None, ...]:
    return tuple(_opt(float(v)) for v in values)


def _rank_column(values: F64) -> tuple[int | None, ...]:
    ranks = rank_descending(values)
    return tuple(None if not np.isfinite(r) else int(r) for r in ranks)


def goalposts_bounds(
    x: F64, tree: FrameworkTree, plan: Plan
) -> tuple[dict[str, float], dict[str, float]]:
    """Goalposts (L, U) per indicator in its own units: the plan's where it gives them, else the
    member states' observed minimum and maximum (goalposts there are exactly min-max), else
    (0, 1) for an indicator no member state reports (its scores are NaN either way)."""
    given = {i.code: i.goalposts for i in plan.indicators if i.goalposts is not None}
    seen = np.isfinite(x)
    low = np.min(np.where(seen, x, np.inf), axis=0, initial=np.inf)
    high = np.max(np.where(seen, x, -np.inf), axis=0, initial=-np.inf)
    lower: dict[str, float] = {}
    upper: dict[str, float] = {}
    for j, code in enumerate(tree.indicator_codes):
        bounds = given.get(code)
        if bounds is None:
            bounds = (float(low[j]), float(high[j])) if seen[:, j].any() else (0.0, 1.0)
        lower[code], upper[code] = float(bounds[0]), float(bounds[1])
    return lower, upper


def _threshold(method: IndexMethod, level: int) -> float:
    return method.outcome_dat_thresh if level == 2 else method.index_dat_thresh


def uncertain_inputs(
    plan: Plan,
    tree: FrameworkTree,
    x: F64,
    method: IndexMethod,
    samples: int,
    rng: np.random.Generator,
) -> UncertaintySpec:
    """The engine's uncertain inputs for the rank intervals, as listed on :class:`IndexMethod`:
    normalisation (min-max or goalposts), aggregation (arithmetic or geometric mean with
    offset ``gmean_offset``), indicator weights and outcome weights (each x U(1 - f, 1 + f),
    f = ``weight_noise``; ``samples`` weight sets per input, seeded from ``rng``) and, when
    ``exclude_one_indicator``, one indicator left out at a time. ``x`` is the units x indicators
    matrix whose observed ranges complete the goalposts."""
    lower, upper = goalposts_bounds(x, tree, plan)
    by_name = {
        "minmax": NormaliseOverride(method="minmax", params={"l_u": [0.0, 100.0]}),
        "goalposts": NormaliseOverride(method="goalposts", params={"lower": lower, "upper": upper}),
    }
    levels = [
        lv
        for lv in range(2, tree.max_level + 1)
        if _threshold(method, lv) == method.index_dat_thresh
    ]
    means = [
        LevelAggregation(method="amean", dat_thresh=method.index_dat_thresh),
        LevelAggregation(
            method="gmean", offset=method.gmean_offset, dat_thresh=method.index_dat_thresh
        ),
    ]
    seeds = rng.integers(0, 2**31, size=2)
    noise = method.weight_noise
    items: list[UncertainInput] = [
        NormalisationInput(alternatives=[by_name[n] for n in NORMALISATIONS]),
        AggregationInput(alternatives=means, levels=levels),
        WeightsInput(name="indicator weights", noise={1: noise}, sets=samples,
                     seed=int(seeds[0])),
    ]  # fmt: skip
    inner = range(2, tree.max_level)
    if inner:
        items.append(WeightsInput(name="outcome weights", noise=dict.fromkeys(inner, noise),
                                  sets=samples, seed=int(seeds[1])))  # fmt: skip
    parents = tree.parents[: tree.n_indicators]
    siblings = np.bincount(parents[parents >= 0], minlength=len(tree.codes))
    droppable = [c for j, c in enumerate(tree.indicator_codes) if siblings[parents[j]] >= 2]
    if method.exclude_one_indicator and droppable:
        items.append(ExclusionInput(alternatives=[[], *([c] for c in droppable)]))
    return UncertaintySpec(inputs=items)


def _descends_from(tree: FrameworkTree, node: int, ancestor: int) -> bool:
    while node >= 0:
        if node == ancestor:
            return True
        node = int(tree.parents[node])
    return False


def _seen_by(
    inputs: UncertaintySpec, design: F64, tree: FrameworkTree, node: int
) -> tuple[UncertaintySpec, F64]:
    """The inputs and design as aggregate ``node`` sees them: leaving out an indicator outside
    it is the same as leaving out nothing, so its exclusion input keeps only its own indicators
    and each design row is re-coded to the same exclusion (row by row the replications stay
    those of the full design; the engine then normalises and aggregates fewer distinct cases)."""
    kinds = [item.kind for item in inputs.inputs]
    if "exclusion" not in kinds:
        return inputs, design
    col = kinds.index("exclusion")
    item = inputs.inputs[col]
    assert isinstance(item, ExclusionInput)
    own = [
        alt
        for alt in item.alternatives
        if all(_descends_from(tree, tree.index_of(c), node) for c in alt)
    ]
    local = {
        i: own.index(alt) if alt in own and alt else 0 for i, alt in enumerate(item.alternatives)
    }
    choice = decode_column(item, design[:, col]).astype(np.int64)
    recoded = design.copy()
    recoded[:, col] = (np.array([local[int(k)] for k in choice]) + 0.5) / len(own)
    items = list(inputs.inputs)
    items[col] = ExclusionInput(name=item.name, alternatives=own)
    return UncertaintySpec(inputs=items), recoded


def _intervals(
    x: F64,
    nominal: F64,
    tree: FrameworkTree,
    plan: Plan,
    units: Sequence[str],
    method: IndexMethod,
    samples: int,
    seed: int,
) -> tuple[dict[str, tuple[RankInterval | None, ...]], int]:
    """Rank percentiles per aggregate (outcomes and index) from the engine's uncertainty
    analysis: one design of ``samples`` rows, evaluated for every aggregate, so all intervals
    come from the same replications. ``numpy.random.default_rng(seed)`` draws the weight sets'
    seeds, then the design ``random((samples, d))``. Returns the intervals and the number of
    replications that failed for at least one aggregate (the engine's ``failed`` flags)."""
    if samples < 1:
        raise MethodError(f"the number of replications must be at least 1, got {samples}")
    rng = np.random.default_rng(seed)
    inputs = uncertain_inputs(plan, tree, x, method, samples, rng)
    design = rng.random((samples, inputs.d))
    spec = PipelineSpec(name=plan.id, stages=[NormaliseStage(), aggregation_stage(method, tree)])
    data = IndexData.from_array(x, tree, list(units))
    failed = np.zeros(samples, dtype=bool)
    out: dict[str, tuple[RankInterval | None, ...]] = {}
    for node in range(tree.n_indicators, len(tree.codes)):
        seen, rows = _seen_by(inputs, design, tree, node)
        reps = evaluate(spec, data, seen, rows, code=tree.codes[node])
        failed |= reps.failed
        stats = summarise(reps, nominal[:, node])
        out[tree.codes[node]] = tuple(
            RankInterval(median=float(m), p05=float(lo), p95=float(hi)) if np.isfinite(m) else None
            for m, lo, hi in zip(stats.median_rank, stats.q05_rank, stats.q95_rank, strict=True)
        )
    return out, int(failed.sum())


def _audit(scores: F64, xn: F64, tree: FrameworkTree) -> AuditSummary:
    agg = list(range(tree.n_indicators, len(tree.codes)))
    r, _, n = correlations(scores[:, agg])
    full = np.concatenate([xn, scores[:, tree.n_indicators :]], axis=1)
    alpha = {code: _opt(a) for code, a in cronbach_per_aggregate(full, tree).items()}
    outcomes = tree.nodes_at(2)
    alpha_outcomes = _opt(cronbach_alpha(scores[:, outcomes]))
    root = tree.codes[int(np.flatnonzero(tree.parents == -1)[0])]
    alpha[root] = alpha_outcomes
    codes = tuple(tree.codes[i] for i in agg)
    return AuditSummary(
        codes=codes,
        correlations=tuple(tuple(_opt(float(v)) for v in row) for row in r),
        alpha=alpha,
        n_units={code: int(n[k, k]) for k, code in enumerate(codes)},
    )


def compute_results(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    release_id: str,
    *,
    method: IndexMethod | None = None,
    samples: int = 1000,
    seed: int = 20250101,
) -> PlanResults:
    """Every result of ``plan`` over the ASEAN member states for one release's observations."""
    method = method or IndexMethod()
    period_end = plan.period[1] if plan.period else max((o.year for o in observations), default=0)
    ref_year = method.reference_year or period_end
    units = member_units(countries, date(ref_year, 12, 31))
    tree = plan_tree(plan)
    codes = tree.indicator_codes
    x, latest = latest_matrix(observations, codes, units, ref_year - method.latest_window, ref_year)
    xn: dict[str, F64] = {n: normalised_matrix(x, tree, plan, n, units) for n in NORMALISATIONS}
    spec = aggregation_stage(method, tree)
    built = {n: aggregate_tree(xn[n], tree, spec=spec) for n in NORMALISATIONS}
    nominal = built[method.normalisation]
    scores = {code: _column(nominal[:, k]) for k, code in enumerate(tree.codes)}
    ranks = {code: _rank_column(nominal[:, k]) for k, code in enumerate(tree.codes)}
    outcomes = tuple(o.id for o in plan.outcomes)
    outcome_scores: dict[str, dict[str, tuple[float | None, ...]]] = {
        n: {o: _column(built[n][:, tree.index_of(o)]) for o in outcomes} for n in NORMALISATIONS
    }
    intervals, failed = _intervals(x, nominal, tree, plan, units, method, samples, seed)
    baseline = plan.baseline_year or (plan.period[0] - 1 if plan.period else ref_year - 5)
    verdicts, outcome_status, regional = plan_progress(
        plan, _panel(observations), units, {c.iso3: c for c in countries},
        baseline_year=baseline, end_year=period_end if period_end > baseline else baseline + 1,
        current_year=ref_year,
    )  # fmt: skip
    sw = strengths_weaknesses(xn[method.normalisation], codes, units, top=3, bottom=3)
    strengths = {u: tuple(sw.filter((sw["uCode"] == u) & (sw["kind"] == "strength"))["iCode"])
                 for u in units}  # fmt: skip
    weaknesses = {u: tuple(sw.filter((sw["uCode"] == u) & (sw["kind"] == "weakness"))["iCode"])
                  for u in units}  # fmt: skip
    index_code = tree.codes[int(np.flatnonzero(tree.parents == -1)[0])]
    return PlanResults(
        plan_id=plan.id, release_id=release_id, method=method, samples=samples, seed=seed,
        units=units, indicators=codes, outcomes=outcomes, index_code=index_code,
        latest=tuple(latest),
        normalised={n: tuple(_column(row) for row in xn[n]) for n in NORMALISATIONS},
        outcome_scores=outcome_scores, scores=scores, ranks=ranks, intervals=intervals,
        failed_replications=failed, verdicts=tuple(verdicts),
        outcome_status=tuple(outcome_status), regional=tuple(regional),
        strengths=strengths, weaknesses=weaknesses,
        audit=_audit(nominal, xn[method.normalisation], tree),
        outcome_weights={o.id: o.weight for o in plan.outcomes},
    )  # fmt: skip


Loader = Callable[[], tuple[Plan, Sequence[Observation], Sequence[Country]]]


class ResultsCache:
    """Results by (plan id, release id, method), computed once; optionally persisted as pickle
    files under ``directory`` (``results-<plan>-<release>-<hash>.pickle``), which only admtrack
    writes. ``computations`` counts the builds actually run (for tests and logs)."""

    def __init__(
        self, directory: Path | None = None, *, samples: int = 1000, seed: int = 20250101
    ) -> None:
        self.directory = directory
        self.samples = samples
        self.seed = seed
        self.computations = 0
        self._memory: dict[tuple[str, str, str], PlanResults] = {}
        self._lock = threading.Lock()

    def _key(self, plan_id: str, release_id: str, method: IndexMethod) -> tuple[str, str, str]:
        text = f"{CACHE_VERSION}|{sorted(asdict(method).items())}|{self.samples}|{self.seed}"
        return plan_id, release_id, hashlib.sha256(text.encode()).hexdigest()[:12]

    def _path(self, key: tuple[str, str, str]) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / f"results-{key[0]}-{key[1]}-{key[2]}.pickle"

    def get(
        self, plan_id: str, release_id: str, load: Loader, method: IndexMethod | None = None
    ) -> PlanResults:
        """The cached results, or ``load()``'s inputs computed once (thread-safe)."""
        method = method or IndexMethod()
        key = self._key(plan_id, release_id, method)
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
