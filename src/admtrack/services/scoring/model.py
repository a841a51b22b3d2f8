"""What :func:`admtrack.services.scoring.compute_results` returns: plain, frozen values that the
web pages, the API and the CLI read without recomputing anything, and :class:`IndexMethod`, the
choices the plan's pipeline spec is made from (:mod:`admtrack.services.scoring.plan_spec`).

Scores are on 0-100 (higher is better after direction adjustment); ranks count from 1 (best)
among the member states with a score; ``None`` means "no value" (too little data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.services.scoring.coverage_rule import ScoreCoverage

Normalisation = Literal["minmax", "goalposts"]
NORMALISATIONS: tuple[Normalisation, ...] = ("minmax", "goalposts")
Aggregation = Literal["amean", "gmean"]
AGGREGATIONS: tuple[Aggregation, ...] = ("amean", "gmean")


@dataclass(frozen=True, slots=True)
class IndexMethod:
    """The documented choices of the composite index (see /methodology).

    * Data: per indicator and country, the latest observation in
      ``[reference_year - latest_window, reference_year]`` (panel-aware latest value, like
      COINr's ``impute_panel(imp_type = "latest")``); ``reference_year`` defaults to the plan's
      last year. An indicator with a denominator takes the latest year in that window that has
      both its value and the denominator's value of the same year; the engine's ``denominate``
      stage divides them and multiplies by ``denominator_scale`` (100: percent of GDP). A year
      whose denominator is missing is skipped, so an older year with both may be used; with no
      such year the cell is missing.
    * Normalisation: ``minmax`` ``100 (x - min) / (max - min)`` over the member states, or
      ``goalposts`` ``100 clip((x - lower) / (upper - lower), 0, 1)`` for indicators with
      goalposts (min-max for the others). Directions are applied first.
    * Aggregation: ``aggregation`` (weighted arithmetic mean; or geometric mean with offset
      ``gmean_offset``) of the available children (weights renormalised); an outcome needs a
      share ``outcome_dat_thresh`` of its indicators, the index a share ``index_dat_thresh`` of
      its outcomes, otherwise it is missing. The weights are the plan's.
    * Strengths and weaknesses: a member state's ``strengths_top`` best- and worst-ranked
      indicators.
    * Uncertainty (the rank intervals): the engine's uncertainty analysis
      (:func:`admtrack.analytics.uncertainty.rank_statistics`, one pass for every aggregate)
      over ``samples`` replications, one design row each, with these uncertain inputs (built by
      :func:`admtrack.services.scoring.intervals.uncertain_inputs`):

      1. ``normalisation``: min-max over the member states, or goalposts
         ``100 clip((x - L) / (U - L), 0, 1)`` with the plan's goalposts where it gives them
         (min-max elsewhere, written as goalposts at the member states' observed minimum and
         maximum, which is the same formula); equally likely.
      2. ``aggregation``: weighted arithmetic mean, or weighted geometric mean with offset
         ``gmean_offset``, ``exp(sum(w ln(s + c)) / sum(w)) - c`` (c = 1 by default, so a
         normalised score of 0 aggregates instead of failing the replication; the weights panel
         uses the same formula); equally likely, on the outcome and index levels together (on
         the index level only when ``outcome_dat_thresh`` and ``index_dat_thresh`` differ,
         because one aggregation input carries one data threshold).
      3. ``indicator weights``: every indicator weight (within its outcome) times its own
         ``U(1 - weight_noise, 1 + weight_noise)`` factor.
      4. ``outcome weights``: every outcome weight (within the index) times its own
         ``U(1 - weight_noise, 1 + weight_noise)`` factor.
      5. ``exclusion`` (when ``exclude_one_indicator``): no indicator left out, or one
         indicator of an outcome with at least two indicators left out (its weight shared by
         the others), each alternative equally likely.

      A rank interval is the 5th, 50th and 95th percentile (R type 7) of a member state's
      rank over the successful replications, for the index and every outcome (all from the
      same design rows); a replication that fails for any of them is counted in
      ``failed_replications``.
    * Sensitivity (which assumptions move ranks): first-order and total Sobol indices (SALib)
      of the index's mean absolute rank shift over these five assumptions plus imputation
      (none, mean or median), from SALib's Saltelli design with ``sensitivity_base_rows`` base
      rows (a power of two; N (d + 2) runs), see
      :mod:`admtrack.services.scoring.sensitivity`.
    """

    normalisation: Normalisation = "minmax"
    aggregation: Aggregation = "amean"
    latest_window: int = 10
    reference_year: int | None = None
    outcome_dat_thresh: float = 0.5
    index_dat_thresh: float = 0.5
    weight_noise: float = 0.25
    gmean_offset: float = 1.0
    exclude_one_indicator: bool = True
    denominator_scale: float = 100.0
    strengths_top: int = 3
    sensitivity_base_rows: int = 512


@dataclass(frozen=True, slots=True)
class LatestValue:
    """The value an index build used for one indicator x country."""

    indicator: str
    country: str
    year: int
    value: float
    source: str


@dataclass(frozen=True, slots=True)
class RankInterval:
    """Percentiles of a unit's rank over the uncertainty replications."""

    median: float
    p05: float
    p95: float


@dataclass(frozen=True, slots=True)
class Verdict:
    """Progress of one indicator x country against one target set (``target_set`` None: the
    trend test without a target). ``status`` is the coarse class used by the summaries.

    ``category`` is the CAGR-ratio category (open-sdg); the other families of
    docs/methodology/progress.md travel with it (x0, t0 baseline, xc, tc latest, x_T, T target,
    d direction, g the SDSN green threshold, which is x_T):

    * ``cagr_actual`` (xc/x0)^(1/(tc-t0)) - 1, ``cagr_required`` (x_T/x0)^(1/(T-t0)) - 1 and
      ``cagr_ratio`` their quotient;
    * ESCAP ``current_status`` min(10, 10 d (xc - x0)/|x_T - x0|) against ``expected_status``
      10 (tc - t0)/(T - t0); ``projected_value`` x̂_T of the time-weighted trend line,
      ``anticipated_progress`` (x̂_T - x0)/(x_T - x0) and its ``anticipated_category`` (maintain
      progress, accelerate progress, reverse trend, insufficient data);
    * ``distance_progress`` clip((xc - x0)/(x_T - x0), 0, 1);
    * SDSN ``annual_change`` (xc - x0)/(tc - t0), ``trend_ratio`` its quotient by the change
      needed to reach g by T, the ``trend`` arrow (on track, moderately improving, stagnating,
      decreasing, insufficient data) and the ``traffic_light`` (green, yellow, orange, red).

    None where a measure is undefined: a number that cannot be computed (every measure relative
    to the target, in a trend verdict), the anticipated category and the trend arrow of a trend
    verdict, and the traffic light when no SDSN red threshold is given (plans carry none today).
    ``projected_value`` of a trend verdict is the line's value at the plan's end year. The
    defaults keep CAGR-only constructors valid.
    """

    indicator: str
    country: str
    target_set: str | None
    target_value: float | None
    target_year: int | None
    baseline_year: int | None
    baseline_value: float | None
    latest_year: int | None
    latest_value: float | None
    category: str
    status: str
    reason: str
    target_met: bool | None
    cagr_actual: float | None = None
    cagr_required: float | None = None
    cagr_ratio: float | None = None
    current_status: float | None = None
    expected_status: float | None = None
    projected_value: float | None = None
    anticipated_progress: float | None = None
    anticipated_category: str | None = None
    distance_progress: float | None = None
    annual_change: float | None = None
    trend_ratio: float | None = None
    trend: str | None = None
    traffic_light: str | None = None


@dataclass(frozen=True, slots=True)
class OutcomeStatus:
    """A country's summary status on one outcome: the lower median of the statuses of the
    indicators in its outcome score; "no verdict" when too few of them have a verdict, "not
    measured" when the outcome has no score for the country (the coverage rule); ``reason``
    says why in both cases ("" otherwise), in English; for "no verdict", ``missing`` holds its
    parts, (indicator, English reason) of each indicator without a verdict, from which
    :func:`admtrack.services.scoring.reasons.reason_label` renders it in another language.
    The counts are over the indicators of the score."""

    outcome: str
    country: str
    summary: str
    reason: str
    n_indicators: int
    n_assessed: int
    n_on_track: int
    n_at_ceiling: int
    n_stable: int
    n_needs_acceleration: int
    n_regressed: int
    n_no_verdict: int
    missing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RegionalStatus:
    """How many member states have each summary status on one outcome."""

    outcome: str
    on_track: int
    at_ceiling: int
    stable: int
    needs_acceleration: int
    regressed: int
    no_verdict: int
    not_measured: int

    @property
    def total(self) -> int:
        return (
            self.on_track + self.at_ceiling + self.stable + self.needs_acceleration
            + self.regressed + self.no_verdict + self.not_measured
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """Pearson correlations between the outcome scores and the index (pairwise complete), and
    Cronbach's alpha of each outcome's normalised indicators and of the outcomes."""

    codes: tuple[str, ...]
    correlations: tuple[tuple[float | None, ...], ...]
    alpha: dict[str, float | None]
    n_units: dict[str, int]


@dataclass(frozen=True, slots=True)
class AssumptionSensitivity:
    """Sobol indices of one assumption: S_i (alone) and S_Ti (with its interactions), each with
    its confidence half-width; None when the output never varies."""

    assumption: str
    varies: str  # what the assumption lets vary, in words
    first_order: float | None
    first_order_conf: float | None
    total: float | None
    total_conf: float | None


@dataclass(frozen=True, slots=True)
class PlanSensitivity:
    """The variance-based sensitivity analysis of the index's ranks (SALib's Sobol indices)."""

    output: str
    base_rows: int
    runs: int
    failed_runs: int
    used_rows: int  # base rows whose d + 2 runs all succeeded
    confidence: float
    seed: int
    mean_shift: float | None  # mean over runs of the output (places)
    assumptions: tuple[AssumptionSensitivity, ...]


@dataclass(frozen=True)
class PlanResults:
    """Everything the dashboard shows about one plan and one data release."""

    plan_id: str
    release_id: str
    method: IndexMethod
    samples: int
    seed: int
    units: tuple[str, ...]
    indicators: tuple[str, ...]
    outcomes: tuple[str, ...]
    index_code: str
    latest: tuple[LatestValue, ...]
    #: per normalisation: units x indicators normalised scores
    normalised: dict[str, tuple[tuple[float | None, ...], ...]]
    #: per normalisation: outcome id -> one score per unit (the input of the weights panel)
    outcome_scores: dict[str, dict[str, tuple[float | None, ...]]]
    #: nominal build (``method.normalisation``): code (indicator, outcome, index) -> per unit
    scores: dict[str, tuple[float | None, ...]]
    ranks: dict[str, tuple[int | None, ...]]
    intervals: dict[str, tuple[RankInterval | None, ...]]
    failed_replications: int
    verdicts: tuple[Verdict, ...]
    outcome_status: tuple[OutcomeStatus, ...]
    regional: tuple[RegionalStatus, ...]
    strengths: dict[str, tuple[str, ...]]
    weaknesses: dict[str, tuple[str, ...]]
    audit: AuditSummary
    outcome_weights: dict[str, float] = field(default_factory=dict)
    #: the pipeline spec of the nominal build (JSON-ready), so the build can be replayed
    spec: dict[str, Any] = field(default_factory=dict)
    #: the framework the spec was built on (what the weights panel re-aggregates)
    tree: FrameworkTree | None = None
    #: latest values were taken from (reference_year - method.latest_window) to this year
    reference_year: int | None = None
    #: outcome id -> why it is not in the index (e.g. "not measured yet: no indicator in the plan")
    not_measured: dict[str, str] = field(default_factory=dict)
    #: the coverage rule and the data gaps per member state (None: results built without them)
    coverage: ScoreCoverage | None = None
    #: outcome id -> why it has no ranks (scored for fewer states than the plan's minimum)
    not_ranked: dict[str, str] = field(default_factory=dict)
    #: which assumptions move the index's ranks (Sobol indices through SALib)
    sensitivity: PlanSensitivity | None = None

    def outcomes_scored(self, iso3: str) -> int:
        """How many outcomes the member state's composite rests on (those with a score)."""
        i = self._unit(iso3)
        return sum(self.scores[o][i] is not None for o in self.outcomes)

    def status(self, outcome: str, iso3: str) -> OutcomeStatus | None:
        for s in self.outcome_status:
            if s.outcome == outcome and s.country == iso3:
                return s
        return None

    def _unit(self, iso3: str) -> int:
        try:
            return self.units.index(iso3)
        except ValueError:
            raise KeyError(f"{iso3!r} is not a unit of these results") from None

    def score(self, code: str, iso3: str) -> float | None:
        return self.scores[code][self._unit(iso3)]

    def rank(self, code: str, iso3: str) -> int | None:
        return self.ranks[code][self._unit(iso3)]

    def interval(self, code: str, iso3: str) -> RankInterval | None:
        return self.intervals[code][self._unit(iso3)]

    def latest_value(self, indicator: str, iso3: str) -> LatestValue | None:
        for lv in self.latest:
            if lv.indicator == indicator and lv.country == iso3:
                return lv
        return None

    def verdicts_for(
        self, *, indicator: str | None = None, country: str | None = None
    ) -> list[Verdict]:
        return [
            v
            for v in self.verdicts
            if (indicator is None or v.indicator == indicator)
            and (country is None or v.country == country)
        ]

    def n_ranked(self, code: str) -> int:
        return sum(r is not None for r in self.ranks[code])
