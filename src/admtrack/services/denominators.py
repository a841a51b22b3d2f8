"""Indicators measured relative to a size variable: a plan's indicator may name a denominator (a
``Denominator`` variable of the plan, e.g. GDP), as in COINr's iMeta. Ranking countries of very
different sizes on absolute amounts (US$ of investment) would reward size, not performance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from admtrack.domain.framework import Plan
from admtrack.domain.observations import Observation


def denominator_codes(plan: Plan) -> tuple[str, ...]:
    return tuple(v.code for v in plan.variables if v.kind == "Denominator")


def series_codes(plan: Plan) -> tuple[str, ...]:
    """Every series the plan's results need: its indicators, then its denominators."""
    return (*(i.code for i in plan.indicators), *denominator_codes(plan))


def per_denominator(plan: Plan, observations: Sequence[Observation]) -> list[Observation]:
    """The plan's indicator observations, those of indicators with a denominator replaced by
    ``100 * value / denominator`` of the same country and year (percent of it; dropped where that
    year has no denominator value). Denominator series themselves are left out."""
    by_key = {
        (o.indicator, o.country, o.year): o.value
        for o in observations
        if o.indicator in set(denominator_codes(plan))
    }
    denominator_of = {i.code: i.denominator for i in plan.indicators}
    out: list[Observation] = []
    for o in observations:
        if o.indicator not in denominator_of:
            continue
        denominator = denominator_of[o.indicator]
        if denominator is None:
            out.append(o)
            continue
        size = by_key.get((denominator, o.country, o.year))
        if size:
            out.append(replace(o, value=100.0 * o.value / size))
    return out
