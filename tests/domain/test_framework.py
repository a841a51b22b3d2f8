from __future__ import annotations

from dataclasses import replace

import pytest

from admtrack.domain.framework import (
    Aggregate,
    EnablingAction,
    Indicator,
    Outcome,
    Plan,
    Target,
    TargetSet,
)
from admtrack.errors import ValidationError


def _indicator(code: str = "I1", outcome: str = "DO1", **kw: object) -> Indicator:
    fields: dict[str, object] = {"name": code, "unit": "%", "direction": 1} | kw
    return Indicator(code=code, outcome=outcome, **fields)  # type: ignore[arg-type]


def _plan(**kw: object) -> Plan:
    base: dict[str, object] = {
        "id": "p",
        "name": "Plan",
        "outcomes": (Outcome("DO1", "One", indicators=(_indicator(),), parent="IDX"),),
        "aggregates": (Aggregate("IDX", "Index", 3),),
        "period": (2021, 2025),
        "baseline_year": 2020,
        "target_sets": (TargetSet("ref", "Reference", "Someone"),),
    }
    base.update(kw)
    return Plan(**base)  # type: ignore[arg-type]


def test_a_valid_plan_exposes_its_indicators_and_index() -> None:
    plan = _plan()
    assert [i.code for i in plan.indicators] == ["I1"]
    assert plan.index_code == "IDX"
    assert plan.outcome("DO1").name == "One"
    with pytest.raises(KeyError):
        plan.indicator("nope")


def test_every_problem_is_reported_at_once() -> None:
    bad = (
        _indicator("I1", direction=0),  # type: ignore[arg-type]
        _indicator("I1"),
        _indicator("I2", outcome="DO9"),
        _indicator("I3", targets=(Target(75, "ref", year=2030),)),
        _indicator("I4", targets=(Target(75, "unknown-set", year=2025),)),
    )
    with pytest.raises(ValidationError) as err:
        _plan(outcomes=(Outcome("DO1", "One", indicators=bad, parent="IDX"),))
    text = str(err.value)
    assert "direction 0 must be +1 or -1" in text
    assert "code 'I1' is used more than once" in text
    assert "says outcome 'DO9' but sits under 'DO1'" in text
    assert "target year 2030 is outside the period 2021-2025" in text
    assert "target set 'unknown-set' is not declared" in text
    assert len(err.value.problems) == 5


def test_period_and_baseline_are_checked() -> None:
    with pytest.raises(ValidationError, match="start is after end"):
        _plan(period=(2026, 2021), baseline_year=2020)
    with pytest.raises(ValidationError, match="baseline year 2022 is after the period start"):
        _plan(baseline_year=2022)


def test_enabling_actions_must_name_an_outcome_of_the_plan() -> None:
    plan = _plan()
    ok = plan.with_enabling_actions((EnablingAction("EA 1.1", "Title", "DO1"),))
    assert ok.enabling_actions[0].id == "EA 1.1"
    with pytest.raises(ValidationError, match="outcome 'DO7' is not in the plan"):
        plan.with_enabling_actions((EnablingAction("EA 7.1", "Title", "DO7"),))


def test_goalposts_and_denominators_are_checked() -> None:
    ind = replace(_indicator(), goalposts=(100.0, 0.0), denominator="GDP")
    with pytest.raises(ValidationError) as err:
        _plan(outcomes=(Outcome("DO1", "One", indicators=(ind,), parent="IDX"),))
    assert len(err.value.problems) == 2
