"""Progress to target per indicator x country (docs/methodology/progress.md, index-methods §3).

Inputs are panels ``values[..., units, years]`` (NaN = missing) over a strictly increasing
``years`` vector; leading axes are batch axes (e.g. indicators) and every per-series parameter
(direction d, target x_T, target year T, baseline year, current year, thresholds) broadcasts to
``values.shape[:-1]``. Notation: x0 at t0 is the baseline observation, xc at tc the latest.

* Baseline: the observation nearest the plan's baseline year within +-``baseline_window`` years;
  on equal distance the earlier year wins. Latest: the last observation in a year <= current year.
* CAGR family (open-sdg): CAGR_a = (xc/x0)^(1/(tc-t0)) - 1, CAGR_r = (x_T/x0)^(1/(T-t0)) - 1,
  R = CAGR_a / CAGR_r; achieved / R >= 0.95 on track / >= 0.60 acceleration needed / >= 0 limited
  progress / < 0 deterioration. Without a target, d*CAGR_a is compared with 1.5 % C and 0.5 % C.
* ESCAP Current Status Index CS = min(10, 10 d (xc - x0)/|x_T - x0|), expected 10 (tc-t0)/(T-t0).
* ESCAP Anticipated Progress AP = (x̂_T - x0)/(x_T - x0), x̂_T from a time-weighted least-squares
  line (weights t - t_first + 1); AP >= 1 maintain progress, 0 <= AP < 1 accelerate, < 0 reverse.
* Distance to target P = clip((xc - x0)/(x_T - x0), 0, 1).
* SDSN: annual change (xc - x0)/(tc - t0) over the required (g - x0)/(T - t0), g the green
  threshold (default x_T): on track >= 1, moderately improving > 0.5, stagnating >= 0, decreasing;
  traffic light green / yellow / orange / red against the green and red thresholds.

* Ceilings: a series with a natural ``bound`` (100 for % access or coverage) whose latest value
  is within ``ceiling_distance`` of it, d (bound - xc) <= distance, is "at ceiling" (unless the
  target is achieved): it cannot keep growing at the no-target rates.
* Relative indices (rescaled each edition, e.g. the UN EGDI): without a target, the relative
  change r = d (xc/x0 - 1) is judged against a tolerance band t: r >= t improved beyond
  tolerance, r <= -t fell beyond tolerance, else within tolerance.

Missing-data rules (each leaves a reason string; one observation only reads "one year only"): no baseline observation in the window; no
observation after the baseline; no target; target met at baseline (CAGR_r, CS, AP undefined, so
the status is judged on whether the target is still met); x0 <= 0 or xc < 0 or x_T < 0 (CAGR
undefined); fewer than two observations for the projection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import polars as pl
from numpy.typing import ArrayLike, NDArray

from admtrack.errors import MethodError
from admtrack.i18n import N_

F64 = NDArray[np.float64]

ACHIEVED, ON_TRACK, ACCELERATE, LIMITED, DETERIORATION, INSUFFICIENT = (
    "target achieved", "on track", "acceleration needed", "limited progress", "deterioration",
    "insufficient data",
)  # fmt: skip
MAINTAIN, ACCELERATE_TREND, REVERSE = "maintain progress", "accelerate progress", "reverse trend"
TREND_ON_TRACK, TREND_MODERATE, TREND_STAGNATING, TREND_DECREASING = (
    "on track", "moderately improving", "stagnating", "decreasing",
)  # fmt: skip
LIGHTS = ("red", "orange", "yellow", "green")  # ordinal 0..3
AT_CEILING = "at ceiling"
ROSE, WITHIN_TOLERANCE, FELL = (
    "improved beyond tolerance", "within tolerance", "fell beyond tolerance",
)  # fmt: skip
#: Every category of the CAGR family (the verdict's ``category``).
CATEGORIES = (
    ACHIEVED, ON_TRACK, ACCELERATE, LIMITED, DETERIORATION, AT_CEILING, ROSE, WITHIN_TOLERANCE,
    FELL, INSUFFICIENT,
)  # fmt: skip
# The reasons a verdict or a summary gives, each a message of the catalogues with named
# parameters: the engine's ``reason`` is the English text (``template % params``), and
# admtrack.services.scoring.reasons renders the same template in the language in force.
NO_LATEST = N_("no observation up to the current year")
ONE_YEAR_ONLY = N_("one year only")
NO_BASELINE = N_("no observation within %(window)s years of the baseline year")
NO_CHANGE = N_("no observation after the baseline")
NO_TARGET = N_("no target: CAGR compared with fixed rates; no CS, AP or distance")
MET_NO_LONGER = N_("target met at baseline but no longer met")
MET_AT_BASELINE = N_("target met at baseline: CAGR ratio, CS and AP undefined")
CAGR_UNDEFINED = N_("baseline <= 0 or latest < 0: CAGR undefined")
REQUIRED_UNDEFINED = N_("target < 0 or baseline at/after target year: required CAGR undefined")
NO_PROJECTION = N_("fewer than two observations for the projection")
RELATIVE_BAND = N_("relative index: change judged against the tolerance band")
NEAR_BOUND = N_("within the ceiling distance of its natural bound")
NO_TARGET_NO_TREND = N_("no target and no trend test")
NO_INDICATOR = N_("no indicator with data")
#: An outcome's "no verdict": how many indicators have a verdict, and each missing one's
#: reason (``MISSING_VERDICT`` per indicator, joined by ``REASON_SEPARATOR``).
TOO_FEW_VERDICTS = N_("verdicts for %(assessed)s of %(total)s indicators (%(missing)s)")
MISSING_VERDICT = N_("%(indicator)s: %(reason)s")
REASON_SEPARATOR = "; "
#: Every reason of one verdict (the flat templates; NO_BASELINE takes ``window``).
VERDICT_REASONS = (
    NO_LATEST, ONE_YEAR_ONLY, NO_BASELINE, NO_CHANGE, NO_TARGET, MET_NO_LONGER, MET_AT_BASELINE,
    CAGR_UNDEFINED, REQUIRED_UNDEFINED, NO_PROJECTION, RELATIVE_BAND, NEAR_BOUND,
    NO_TARGET_NO_TREND, INSUFFICIENT,
)  # fmt: skip


def _same(message: str) -> str:
    return message


def too_few_verdicts(
    assessed: int,
    total: int,
    missing: list[tuple[str, str]] | tuple[tuple[str, str], ...],
    gettext: Callable[[str], str] = _same,
    reason_text: Callable[[str], str] = _same,
) -> str:
    """The reason of an outcome's "no verdict" from its parts: ``missing`` (indicator, reason)
    of each indicator without a verdict. ``gettext`` translates the templates and
    ``reason_text`` each indicator's reason; by default both leave the English."""
    parts = [
        gettext(MISSING_VERDICT) % {"indicator": code, "reason": reason_text(why)}
        for code, why in missing
    ]
    return gettext(TOO_FEW_VERDICTS) % {
        "assessed": assessed,
        "total": total,
        "missing": REASON_SEPARATOR.join(parts),
    }


@dataclass(frozen=True)
class ProgressRules:
    """Thresholds and windows, with the published defaults."""

    baseline_window: int = 2
    on_track_ratio: float = 0.95
    acceleration_ratio: float = 0.60
    no_target_on_track_rate: float = 0.015
    no_target_acceleration_rate: float = 0.005
    limit_factor: float = 1.0  # open-sdg's C, scales the no-target rates down near a limit
    trend_weighting: str = "linear"  # "linear" (t - t_first + 1) or "equal"
    trend_start: int | None = None  # first year used by the projection (None: all years)


@dataclass(frozen=True, eq=False)
class IndicatorProgress:
    """Per-series results, every field of shape ``values.shape[:-1]``."""

    baseline_year: F64
    baseline_value: F64
    latest_year: F64
    latest_value: F64
    n_observations: NDArray[np.int64]
    cagr_actual: F64
    cagr_required: F64
    cagr_ratio: F64
    cagr_category: NDArray[np.str_]
    current_status: F64
    expected_status: F64
    projected_value: F64
    anticipated_progress: F64
    anticipated_category: NDArray[np.str_]
    distance_progress: F64
    annual_change: F64
    required_change: F64
    trend_ratio: F64
    trend: NDArray[np.str_]
    traffic_light: NDArray[np.str_]
    reason: NDArray[np.str_]

    def frame(self, units: tuple[str, ...] | list[str]) -> pl.DataFrame:
        """One row per unit (``uCode``) for a result without batch axes."""
        if self.baseline_year.ndim != 1 or len(units) != self.baseline_year.shape[0]:
            raise MethodError("frame() needs a result over one axis of units matching `units`")
        columns: dict[str, object] = {"uCode": list(units)}
        for f in fields(self):
            columns[f.name] = getattr(self, f.name).tolist()
        return pl.DataFrame(columns)


def _param(value: ArrayLike | None, shape: tuple[int, ...], default: float) -> F64:
    arr = np.asarray(default if value is None else value, dtype=np.float64)
    return np.array(np.broadcast_to(arr, shape), dtype=np.float64)


def _pick(x: F64, index: NDArray[np.intp]) -> F64:
    return np.take_along_axis(x, index[..., None], axis=-1)[..., 0]


def _choose(conditions: list[ArrayLike], labels: list[str], default: str) -> NDArray[np.str_]:
    """The first label whose condition holds, per element (np.select on strings)."""
    masks = [np.asarray(c, dtype=bool) for c in conditions]
    out = np.full(masks[0].shape, default, dtype=object)
    for mask, label in zip(reversed(masks), reversed(labels), strict=True):
        out[mask] = label
    return out.astype(str)


def _ratio_category(score: F64, hi: F64 | float, lo: F64 | float) -> NDArray[np.str_]:
    return _choose(
        [np.isnan(score), score >= hi, score >= lo, score >= 0],
        [INSUFFICIENT, ON_TRACK, ACCELERATE, LIMITED],
        DETERIORATION,
    )


def _weighted_line(x: F64, years: F64, mask: NDArray[np.bool_], weighting: str) -> tuple[F64, F64]:
    """Weighted least-squares intercept at the weighted mean year and slope, per series."""
    t = np.broadcast_to(years, x.shape)
    first = np.min(np.where(mask, t, np.inf), axis=-1, keepdims=True)
    w = np.where(mask, (t - first + 1.0) if weighting == "linear" else 1.0, 0.0)
    sw = w.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        t_bar = (w * t).sum(axis=-1) / sw
        x_bar = (w * np.where(mask, x, 0.0)).sum(axis=-1) / sw
        dt = np.where(mask, t - t_bar[..., None], 0.0)
        dx = np.where(mask, x - x_bar[..., None], 0.0)
        slope = (w * dt * dx).sum(axis=-1) / (w * dt * dt).sum(axis=-1)
    return x_bar + slope * (0.0 - t_bar), slope  # intercept at year 0, slope


def indicator_progress(
    values: ArrayLike,
    years: ArrayLike,
    *,
    target: ArrayLike,
    target_year: ArrayLike,
    baseline_year: ArrayLike,
    direction: ArrayLike = 1,
    current_year: ArrayLike | None = None,
    green_threshold: ArrayLike | None = None,
    red_threshold: ArrayLike | None = None,
    rules: ProgressRules | None = None,
    bound: ArrayLike | None = None,
    ceiling_distance: ArrayLike = 0.0,
    relative: ArrayLike = False,
    relative_tolerance: ArrayLike = 0.0,
) -> IndicatorProgress:
    """Every progress measure of the module docstring, vectorised over all series.

    ``bound`` (NaN/None: none) and ``ceiling_distance`` give the ceiling rule; ``relative``
    (bool per series) and ``relative_tolerance`` the tolerance band of relative indices."""
    rules = rules or ProgressRules()
    x = np.asarray(values, dtype=np.float64)
    yrs = np.asarray(years, dtype=np.float64)
    if x.ndim < 1 or yrs.ndim != 1 or x.shape[-1] != yrs.shape[0]:
        raise MethodError("values must be (..., units, years) with one year per column")
    if yrs.size > 1 and np.any(np.diff(yrs) <= 0):
        raise MethodError("years must be strictly increasing")
    shape = x.shape[:-1]
    d = np.sign(_param(direction, shape, 1.0))
    if np.any(d == 0):
        raise MethodError("direction must be +1 or -1")
    x_t = _param(target, shape, np.nan)
    big_t = _param(target_year, shape, np.nan)
    base_year = _param(baseline_year, shape, np.nan)
    if np.any(big_t <= base_year):
        raise MethodError("the target year must come after the baseline year")
    cur = _param(current_year, shape, float(yrs.max()) if yrs.size else 0.0)
    green = np.where(
        np.isnan(_param(green_threshold, shape, np.nan)),
        x_t,
        _param(green_threshold, shape, np.nan),
    )
    red = _param(red_threshold, shape, np.nan)

    usable = ~np.isnan(x) & (yrs <= cur[..., None])
    dist = np.abs(yrs - base_year[..., None])
    key = np.where(
        usable & (dist <= rules.baseline_window), 2 * dist + (yrs > base_year[..., None]), np.inf
    )
    b_idx = np.argmin(key, axis=-1) if yrs.size else np.zeros(shape, dtype=np.intp)
    has_base = np.isfinite(_pick(key, b_idx)) if yrs.size else np.zeros(shape, bool)
    x0 = np.where(has_base, _pick(x, b_idx), np.nan)
    t0 = np.where(has_base, yrs[b_idx], np.nan)
    has_latest = usable.any(axis=-1)
    l_idx = x.shape[-1] - 1 - np.argmax(usable[..., ::-1], axis=-1)
    xc = np.where(has_latest, _pick(x, l_idx), np.nan)
    tc = np.where(has_latest, yrs[l_idx], np.nan)
    has_change = has_base & has_latest & (tc > t0)
    has_target = ~np.isnan(x_t)
    met_latest = has_latest & has_target & (d * (xc - x_t) >= 0)
    met_base = has_base & has_target & (d * (x0 - x_t) >= 0)
    open_gap = has_change & has_target & ~met_base

    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        cagr_ok = has_change & (x0 > 0) & (xc >= 0)
        cagr_a = np.where(cagr_ok, (xc / x0) ** (1.0 / (tc - t0)) - 1.0, np.nan)
        req_ok = open_gap & cagr_ok & (x_t >= 0) & (big_t > t0)
        cagr_r = np.where(req_ok, (x_t / x0) ** (1.0 / (big_t - t0)) - 1.0, np.nan)
        ratio = np.where(req_ok, cagr_a / cagr_r, np.nan)
        gap = np.abs(x_t - x0)
        csi = np.where(open_gap, np.minimum(10.0, 10.0 * d * (xc - x0) / gap), np.nan)
        csi = np.where(met_base & met_latest, 10.0, csi)
        expected = np.where(
            has_change & has_target, np.minimum(10.0, 10.0 * (tc - t0) / (big_t - t0)), np.nan
        )
        share = np.where(open_gap, np.clip((xc - x0) / (x_t - x0), 0.0, 1.0), np.nan)
        share = np.where(met_base & met_latest, 1.0, share)

        trend_mask = usable & (
            yrs >= (rules.trend_start if rules.trend_start is not None else -np.inf)
        )
        n_trend = trend_mask.sum(axis=-1)
        intercept, slope = _weighted_line(x, yrs, trend_mask, rules.trend_weighting)
        projected = np.where(n_trend >= 2, intercept + slope * big_t, np.nan)
        ap = np.where(open_gap & (n_trend >= 2), (projected - x0) / (x_t - x0), np.nan)

        annual = np.where(has_change, (xc - x0) / (tc - t0), np.nan)
        green_open = has_change & ~np.isnan(green) & (d * (green - x0) > 0)
        required = np.where(green_open, (green - x0) / (big_t - t0), np.nan)
        trend_ratio = np.where(green_open, annual / required, np.nan)

    no_target_score = np.where(~has_target, d * cagr_a, np.nan)
    c = rules.limit_factor
    cagr_cat = np.where(
        has_target,
        _ratio_category(ratio, rules.on_track_ratio, rules.acceleration_ratio),
        _ratio_category(
            no_target_score,
            rules.no_target_on_track_rate * c,
            rules.no_target_acceleration_rate * c,
        ),
    )
    is_relative = np.broadcast_to(np.asarray(relative, dtype=bool), shape)
    tol = _param(relative_tolerance, shape, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rel_change = np.where(has_change & (x0 > 0), d * (xc / x0 - 1.0), np.nan)
    rel_cat = _choose(
        [np.isnan(rel_change), rel_change >= tol, rel_change <= -tol],
        [INSUFFICIENT, ROSE, FELL],
        WITHIN_TOLERANCE,
    )
    cagr_cat = np.where(is_relative & ~has_target, rel_cat, cagr_cat)
    cagr_cat = np.where(met_latest, ACHIEVED, cagr_cat)
    cagr_cat = np.where(met_base & has_latest & ~met_latest, DETERIORATION, cagr_cat)
    upper = _param(bound, shape, np.nan)
    at_ceiling = (
        has_latest & ~np.isnan(upper) & (d * (upper - xc) <= _param(ceiling_distance, shape, 0.0))
    )
    cagr_cat = np.where(at_ceiling & ~met_latest, AT_CEILING, cagr_cat)

    ap_cat = _choose(
        [np.isnan(ap), ap >= 1, ap >= 0], [INSUFFICIENT, MAINTAIN, ACCELERATE_TREND], REVERSE
    )
    proj_meets = d * (projected - x_t) >= 0
    ap_cat = np.where(
        met_base & ~np.isnan(projected), np.where(proj_meets, MAINTAIN, REVERSE), ap_cat
    )

    at_green = has_latest & ~np.isnan(green) & (d * (xc - green) >= 0)
    trend = _choose(
        [
            ~has_change | np.isnan(green),
            at_green & (d * annual >= 0),
            np.isnan(trend_ratio),
            trend_ratio >= 1,
            trend_ratio > 0.5,
            trend_ratio >= 0,
        ],
        [
            INSUFFICIENT,
            TREND_ON_TRACK,
            TREND_DECREASING,
            TREND_ON_TRACK,
            TREND_MODERATE,
            TREND_STAGNATING,
        ],
        TREND_DECREASING,
    )

    mid = (green + red) / 2.0
    light = _choose(
        [
            ~has_latest | np.isnan(green) | np.isnan(red),
            d * (xc - green) >= 0,
            d * (xc - red) < 0,
            d * (xc - mid) >= 0,
        ],
        [INSUFFICIENT, "green", "red", "yellow"],
        "orange",
    )

    reason = _choose(
        [
            ~has_latest,
            usable.sum(axis=-1) == 1,
            ~has_base,
            ~has_change,
            ~has_target,
            met_base & ~met_latest,
            met_base,
            has_change & ~cagr_ok,
            open_gap & cagr_ok & ~req_ok,
            n_trend < 2,
        ],
        [
            NO_LATEST,
            ONE_YEAR_ONLY,
            NO_BASELINE % {"window": rules.baseline_window},
            NO_CHANGE,
            NO_TARGET,
            MET_NO_LONGER,
            MET_AT_BASELINE,
            CAGR_UNDEFINED,
            REQUIRED_UNDEFINED,
            NO_PROJECTION,
        ],
        "",
    )
    reason = np.where(
        is_relative & ~has_target & has_change & (x0 > 0),
        RELATIVE_BAND,
        reason,
    )
    reason = np.where(at_ceiling & ~met_latest, NEAR_BOUND, reason)
    return IndicatorProgress(
        baseline_year=t0, baseline_value=x0, latest_year=tc, latest_value=xc,
        n_observations=usable.sum(axis=-1).astype(np.int64),
        cagr_actual=cagr_a, cagr_required=cagr_r, cagr_ratio=ratio, cagr_category=cagr_cat,
        current_status=csi, expected_status=expected, projected_value=projected,
        anticipated_progress=ap, anticipated_category=ap_cat, distance_progress=share,
        annual_change=annual, required_change=required, trend_ratio=trend_ratio,
        trend=trend, traffic_light=light, reason=reason,
    )  # fmt: skip


#: Coarse status used by the outcome and regional summaries, per category of each family.
STATUS_OF: dict[str, str] = {
    ACHIEVED: "on track", ON_TRACK: "on track", MAINTAIN: "on track", ROSE: "on track",
    AT_CEILING: "at ceiling", WITHIN_TOLERANCE: "stable",
    ACCELERATE: "needs acceleration", LIMITED: "needs acceleration",
    ACCELERATE_TREND: "needs acceleration",
    DETERIORATION: "regressed", REVERSE: "regressed", FELL: "regressed",
    INSUFFICIENT: "no verdict",
}  # fmt: skip
NO_VERDICT, NOT_MEASURED = "no verdict", "not measured"
#: The statuses of one indicator's verdict.
INDICATOR_STATUSES = (
    "on track", "at ceiling", "stable", "needs acceleration", "regressed", NO_VERDICT,
)  # fmt: skip
#: The statuses of an outcome's summary: those of the indicators and "not measured" (the
#: outcome has no score for the unit: too few indicators with data, the coverage rule).
STATUSES = (*INDICATOR_STATUSES, NOT_MEASURED)
#: An outcome's summary status needs at least this share of its indicators assessed (the
#: default of a plan's ``verdict_min_share``).
OUTCOME_MIN_ASSESSED_SHARE = 0.5
#: Order of the assessed statuses for the lower median of an outcome's summary.
_ORDINAL = {"on track": 4, "at ceiling": 3, "stable": 2, "needs acceleration": 1, "regressed": 0}
_BY_ORDINAL = {v: k for k, v in _ORDINAL.items()}


def _key(status: str) -> str:
    return status.replace(" ", "_")


def outcome_progress(
    results: dict[str, IndicatorProgress],
    outcome_of: dict[str, str],
    units: tuple[str, ...] | list[str],
    measure: str = "cagr",
    *,
    no_verdict: dict[str, str] | None = None,
    in_score: dict[str, NDArray[np.bool_]] | None = None,
    not_measured: dict[str, list[str]] | None = None,
    min_assessed_share: float = OUTCOME_MIN_ASSESSED_SHARE,
) -> pl.DataFrame:
    """Per outcome x unit (every outcome named in ``outcome_of``): counts of indicators by
    status, the share on track, the mean distance progress and CS, a summary status with its
    ``reason`` (for "no verdict" also its parts: ``missing_indicators`` and
    ``missing_reasons``, see :func:`too_few_verdicts`) and the SDSN dashboard colour.

    The indicators counted for a unit are those of the outcome in ``results`` and in
    ``no_verdict`` (code -> why it has no verdict at all, e.g. no target and no trend test),
    restricted, when ``in_score`` is given (code -> bool per unit), to those in the unit's
    outcome score, so the status rests on the indicators of the score. ``not_measured``
    (outcome -> one reason per unit, "" where measured) marks the units whose outcome has no
    score: their summary is "not measured" with that reason; so is a unit with no indicator.

    ``measure`` picks the category family ("cagr" or "anticipated"). Summary: the lower median
    of the assessed indicators' statuses (on track > at ceiling > stable > needs acceleration >
    regressed), "no verdict" (with each missing verdict's reason) when fewer than
    ``min_assessed_share`` of the counted indicators have one. Dashboard colour (SDSN): the
    mean ordinal (red 0 .. green 3) of the unit's two worst lights, rounded down."""
    if measure not in ("cagr", "anticipated"):
        raise MethodError(f"unknown measure {measure!r}; use 'cagr' or 'anticipated'")
    no_verdict = no_verdict or {}
    rows: list[dict[str, object]] = []
    for outcome in sorted(set(outcome_of.values())):
        codes = [c for c in outcome_of if outcome_of[c] == outcome and c in results]
        silent = [c for c in outcome_of if outcome_of[c] == outcome and c in no_verdict]
        gaps = (not_measured or {}).get(outcome)
        for j, unit in enumerate(units):
            mine = [c for c in codes if in_score is None or bool(in_score[c][j])]
            quiet = [c for c in silent if in_score is None or bool(in_score[c][j])]
            if gaps is not None and gaps[j]:
                rows.append(_unassessed(outcome, unit, NOT_MEASURED, gaps[j]))
                continue
            if not mine and not quiet:
                rows.append(_unassessed(outcome, unit, NOT_MEASURED, NO_INDICATOR))
                continue
            rows.append(
                _summary(results, mine, quiet, no_verdict, outcome, unit, j, measure,
                         min_assessed_share)
            )  # fmt: skip
    return pl.DataFrame(rows, schema=_SCHEMA)


_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    "outcome": pl.String, "uCode": pl.String, "n_indicators": pl.Int64, "n_assessed": pl.Int64,
    **{f"n_{_key(s)}": pl.Int64 for s in INDICATOR_STATUSES},
    "share_on_track": pl.Float64, "mean_distance_progress": pl.Float64,
    "mean_current_status": pl.Float64, "summary": pl.String, "reason": pl.String,
    "dashboard_colour": pl.String,
    "missing_indicators": pl.List(pl.String), "missing_reasons": pl.List(pl.String),
}  # fmt: skip


def _mean(x: list[float]) -> float | None:
    finite = [v for v in x if not np.isnan(v)]
    return float(np.mean(finite)) if finite else None


def _summary(
    results: dict[str, IndicatorProgress],
    codes: list[str],
    quiet: list[str],
    no_verdict: dict[str, str],
    outcome: str,
    unit: str,
    j: int,
    measure: str,
    min_share: float,
) -> dict[str, object]:
    cats = [
        str(
            results[c].cagr_category[j] if measure == "cagr" else results[c].anticipated_category[j]
        )
        for c in codes
    ]
    status = [STATUS_OF[c] for c in cats]
    missing = [(c, str(results[c].reason[j]) or INSUFFICIENT)
               for c, s in zip(codes, status, strict=True) if s == NO_VERDICT]  # fmt: skip
    missing += [(c, no_verdict[c]) for c in quiet]
    status += [NO_VERDICT] * len(quiet)
    assessed = sorted(_ORDINAL[s] for s in status if s in _ORDINAL)
    counts = {s: status.count(s) for s in INDICATOR_STATUSES}
    n = len(status)
    if not assessed or len(assessed) < min_share * n:
        summary = NO_VERDICT
        reason = too_few_verdicts(len(assessed), n, missing)
    else:
        summary = _BY_ORDINAL[assessed[(len(assessed) - 1) // 2]]
        reason = ""
        missing = []
    lights = sorted(
        LIGHTS.index(str(results[c].traffic_light[j]))
        for c in codes
        if str(results[c].traffic_light[j]) in LIGHTS
    )
    colour = LIGHTS[int(np.floor(np.mean(lights[:2])))] if lights else INSUFFICIENT
    return {
        "outcome": outcome, "uCode": unit, "n_indicators": n, "n_assessed": len(assessed),
        **{f"n_{_key(s)}": counts[s] for s in INDICATOR_STATUSES},
        "share_on_track": counts["on track"] / len(assessed) if assessed else None,
        "mean_distance_progress": _mean([float(results[c].distance_progress[j]) for c in codes]),
        "mean_current_status": _mean([float(results[c].current_status[j]) for c in codes]),
        "summary": summary, "reason": reason, "dashboard_colour": colour,
        "missing_indicators": [c for c, _ in missing], "missing_reasons": [r for _, r in missing],
    }  # fmt: skip


def _unassessed(outcome: str, unit: str, summary: str, reason: str) -> dict[str, object]:
    return {
        "outcome": outcome, "uCode": unit, "n_indicators": 0, "n_assessed": 0,
        **{f"n_{_key(s)}": 0 for s in INDICATOR_STATUSES},
        "share_on_track": None, "mean_distance_progress": None, "mean_current_status": None,
        "summary": summary, "reason": reason, "dashboard_colour": INSUFFICIENT,
        "missing_indicators": [], "missing_reasons": [],
    }  # fmt: skip


def regional_summary(outcome_frame: pl.DataFrame) -> pl.DataFrame:
    """Per outcome: how many units have each summary status of :func:`outcome_progress` (on
    track, at ceiling, stable, needs acceleration, regressed, no verdict, not measured)."""
    return (
        outcome_frame.group_by("outcome")
        .agg(
            pl.len().alias("n_units"),
            *[(pl.col("summary") == s).sum().cast(pl.Int64).alias(_key(s)) for s in STATUSES],
        )
        .sort("outcome")
    )
