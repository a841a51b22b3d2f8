"""The coverage rule and the data gaps: which outcomes are scored for which member state, and
which indicator values are missing, imputed or older than the evaluation window.

Coverage rule (the plan's :class:`~admtrack.domain.framework.EvaluationRules`, like the SDSN
index's 80 % rule): an outcome is scored and ranked for a member state only when at least
``outcome_min_share`` of its indicators (rounded up, at least one) have a value in the
evaluation window; otherwise the outcome is "not measured" for that state, with the reason, and
none of its indicators enters the engine for that state (so the status, which rests on the
indicators of the score, is "not measured" too). The index, the verdicts and ``admtrack
progress`` all read the same :class:`ScoreCoverage`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from admtrack.domain.framework import Plan
from admtrack.domain.observations import ObservationStatus
from admtrack.i18n import N_

#: Why an outcome is "not measured" for a member state (the English reason is this template
#: with its numbers; admtrack.services.scoring.reasons renders it in other languages).
TOO_FEW_WITH_DATA = N_(
    "%(n)s of %(total)s indicators have %(first)s-%(last)s data; the plan needs %(need)s"
)


@dataclass(frozen=True, slots=True)
class CellValue:
    """The value a member state's score takes for one indicator: its year and status."""

    year: int
    status: str


@dataclass(frozen=True, slots=True)
class OutcomeCoverage:
    """One outcome x member state under the coverage rule."""

    outcome: str
    country: str
    n_indicators: int
    n_in_window: int
    required: int
    measured: bool
    reason: str  # "" when measured


@dataclass(frozen=True, slots=True)
class DataGaps:
    """A member state's indicator values that are missing (no value in the latest-value
    window), imputed, or older than the evaluation window, and its outcomes not measured."""

    country: str
    n_indicators: int
    missing: tuple[str, ...]
    imputed: tuple[str, ...]
    older: tuple[tuple[str, int], ...]  # (indicator, year of the value used)
    not_measured: tuple[tuple[str, str], ...]  # (outcome, reason)

    @property
    def n_missing(self) -> int:
        return len(self.missing)

    @property
    def n_imputed(self) -> int:
        return len(self.imputed)

    @property
    def n_older(self) -> int:
        return len(self.older)


@dataclass(frozen=True)
class ScoreCoverage:
    """The coverage rule applied to one plan's latest values."""

    window: tuple[int, int]
    units: tuple[str, ...]
    outcomes: tuple[OutcomeCoverage, ...]
    #: (country, indicator) -> True when the value enters the country's outcome score
    in_score: dict[tuple[str, str], bool]
    gaps: dict[str, DataGaps]

    def outcome(self, outcome: str, country: str) -> OutcomeCoverage | None:
        for row in self.outcomes:
            if row.outcome == outcome and row.country == country:
                return row
        return None

    def not_measured(self, outcome: str) -> list[str]:
        """One reason per unit ("" where the outcome is measured)."""
        reasons = {r.country: r.reason for r in self.outcomes if r.outcome == outcome}
        return [reasons.get(u, "") for u in self.units]


def required_indicators(n_indicators: int, share: float) -> int:
    """Indicators with window data an outcome of ``n_indicators`` needs: ceil(share n), >= 1."""
    return max(1, math.ceil(share * n_indicators - 1e-9))


def score_coverage(
    plan: Plan,
    units: Sequence[str],
    values: Mapping[tuple[str, str], CellValue],
    window: tuple[int, int],
) -> ScoreCoverage:
    """Apply the coverage rule of ``plan`` to ``values`` ((country, indicator) -> the value
    each state's score would take, from the latest-value window) and list the data gaps."""
    first, last = window
    rules = plan.evaluation
    rows: list[OutcomeCoverage] = []
    in_score: dict[tuple[str, str], bool] = {}
    gaps: dict[str, DataGaps] = {}
    for unit in units:
        not_measured: list[tuple[str, str]] = []
        for outcome in plan.outcomes:
            codes = [i.code for i in outcome.indicators]
            if not codes:
                continue
            recent = [c for c in codes if (v := values.get((unit, c))) and first <= v.year <= last]
            need = required_indicators(len(codes), rules.outcome_min_share)
            measured = len(recent) >= need
            reason = (
                ""
                if measured
                else TOO_FEW_WITH_DATA
                % {"n": len(recent), "total": len(codes), "first": first, "last": last,
                   "need": need}
            )  # fmt: skip
            rows.append(
                OutcomeCoverage(outcome.id, unit, len(codes), len(recent), need, measured, reason)
            )
            if not measured:
                not_measured.append((outcome.id, reason))
            for c in codes:
                in_score[(unit, c)] = measured and (unit, c) in values
        codes = [i.code for i in plan.indicators]
        gaps[unit] = DataGaps(
            country=unit,
            n_indicators=len(codes),
            missing=tuple(c for c in codes if (unit, c) not in values),
            imputed=tuple(
                c
                for c in codes
                if (v := values.get((unit, c))) and v.status == ObservationStatus.IMPUTED.value
            ),
            older=tuple(
                (c, v.year) for c in codes if (v := values.get((unit, c))) and v.year < first
            ),
            not_measured=tuple(not_measured),
        )
    return ScoreCoverage(
        window=window, units=tuple(units), outcomes=tuple(rows), in_score=in_score, gaps=gaps
    )
