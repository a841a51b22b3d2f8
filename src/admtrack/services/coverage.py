"""Data coverage of a plan: per indicator, how many member states have a value in the baseline
year, in each of the last three years of the plan period, in the indicator's latest year and at
all inside the plan period (the evaluation window, 2021-2025 for ADM2025).

Per outcome, :func:`outcome_summary` counts the indicators *well covered* in the window: with a
value in the period for at least :data:`WELL_COVERED_STATES` of the 11 member states."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from admtrack.domain.framework import Plan
from admtrack.domain.geography import ASEAN_MEMBERS
from admtrack.domain.observations import Observation

#: An indicator is well covered in the evaluation window with data for this many member states.
WELL_COVERED_STATES = 9


@dataclass(frozen=True, slots=True)
class CoverageRow:
    outcome: str
    indicator: str
    name: str
    source: str
    countries_by_year: dict[int, int]  # baseline year and the last three years of the period
    latest_year: int | None
    countries_in_latest_year: int
    latest_year_in_period: int | None  # the results of the plan use values up to its last year
    countries_with_any_value: int
    window_states: frozenset[str]  # member states with a value in any year of the plan period
    thin: bool  # the outcome's own note says it is thinly measured

    @property
    def countries_in_window(self) -> int:
        return len(self.window_states)

    def as_dict(self, member_count: int) -> dict[str, object]:
        row: dict[str, object] = {
            "outcome": self.outcome,
            "indicator": self.indicator,
            "name": self.name,
        }
        for year, n in self.countries_by_year.items():
            row[f"n_{year}"] = n
        row |= {
            "latest_year": self.latest_year,
            "n_latest": self.countries_in_latest_year,
            "latest_in_period": self.latest_year_in_period,
            "n_any": self.countries_with_any_value,
            "n_window": self.countries_in_window,
            "of": member_count,
            "source": self.source,
        }
        return row


def coverage_years(plan: Plan) -> tuple[int, ...]:
    """The baseline year, then the last three years of the period (or of 2023-2025 if none)."""
    end = plan.period[1] if plan.period else 2025
    baseline = plan.baseline_year if plan.baseline_year is not None else end - 5
    return (baseline, end - 2, end - 1, end)


def evaluation_window(plan: Plan) -> tuple[int, int]:
    """The plan period (the years whose values the end-of-term results use)."""
    if plan.period:
        return plan.period
    end = coverage_years(plan)[-1]
    return (end - 4, end)


def plan_coverage(
    plan: Plan, observations: list[Observation], members: tuple[str, ...] = ASEAN_MEMBERS
) -> list[CoverageRow]:
    """Count member states with a value per indicator and year (observations of any release)."""
    member_set = set(members)
    countries: dict[tuple[str, int], set[str]] = defaultdict(set)
    any_value: dict[str, set[str]] = defaultdict(set)
    in_window: dict[str, set[str]] = defaultdict(set)
    first, last = evaluation_window(plan)
    for obs in observations:
        if obs.country in member_set:
            countries[(obs.indicator, obs.year)].add(obs.country)
            any_value[obs.indicator].add(obs.country)
            if first <= obs.year <= last:
                in_window[obs.indicator].add(obs.country)
    years = coverage_years(plan)
    rows = []
    for outcome in plan.outcomes:
        thin = "thinly measured" in outcome.measurement_note.lower()
        for ind in outcome.indicators:
            observed_years = [y for (code, y) in countries if code == ind.code]
            latest = max(observed_years) if observed_years else None
            in_period = [y for y in observed_years if y <= years[-1]]
            rows.append(
                CoverageRow(
                    outcome=outcome.id,
                    indicator=ind.code,
                    name=ind.name,
                    source=ind.source.publisher if ind.source else "",
                    countries_by_year={y: len(countries.get((ind.code, y), ())) for y in years},
                    latest_year=latest,
                    countries_in_latest_year=len(countries.get((ind.code, latest), ()))
                    if latest
                    else 0,
                    countries_with_any_value=len(any_value.get(ind.code, ())),
                    window_states=frozenset(in_window.get(ind.code, ())),
                    latest_year_in_period=max(in_period) if in_period else None,
                    thin=thin,
                )
            )
    return rows


def outcome_summary(
    plan: Plan,
    rows: list[CoverageRow],
    member_count: int,
    well_covered: int = WELL_COVERED_STATES,
    scored: Mapping[str, int] | None = None,
) -> list[dict[str, object]]:
    """Per outcome: indicators, how many have any baseline-year data, how many are well covered
    in the evaluation window (data in the plan period for ``well_covered`` or more member states),
    how many states any indicator covers there, and the best latest-year count. With ``scored``
    (outcome -> member states that pass the plan's coverage rule, from the scoring service), also
    those states and whether that is enough for the outcome to be ranked."""
    baseline = coverage_years(plan)[0]
    first, last = evaluation_window(plan)
    out = []
    for outcome in plan.outcomes:
        mine = [r for r in rows if r.outcome == outcome.id]
        out.append(
            {
                "outcome": outcome.id,
                "indicators": len(mine),
                "with_baseline_data": sum(1 for r in mine if r.countries_by_year[baseline] > 0),
                "window": f"{first}-{last}",
                f"well_covered_{well_covered}_of_{member_count}": sum(
                    1 for r in mine if r.countries_in_window >= well_covered
                ),
                "states_in_window": len(frozenset().union(*(r.window_states for r in mine))),
                "max_countries_latest": max((r.countries_in_latest_year for r in mine), default=0),
                "of": member_count,
                "thinly_measured": any(r.thin for r in mine) or not mine,
                **(
                    {
                        "scored_states": scored.get(outcome.id, 0),
                        "ranked": scored.get(outcome.id, 0) >= plan.evaluation.min_states_ranked,
                    }
                    if scored is not None
                    else {}
                ),
            }
        )
    return out
