"""The built-in plan files load, validate and round-trip through the mapping form."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from admtrack.domain.framework import EvaluationRules, PlanStatus
from admtrack.domain.plan_mapping import plan_from_mapping, plan_to_mapping
from admtrack.errors import ValidationError


def _load(name: str) -> dict[str, object]:
    text = resources.files("admtrack.plans").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_adm2025_has_the_eight_desired_outcomes_and_a_labelled_proposal() -> None:
    plan = plan_from_mapping(_load("adm2025.yaml"))
    assert plan.period == (2021, 2025) and plan.baseline_year == 2020
    assert [o.id for o in plan.outcomes] == [f"DO{n}" for n in range(1, 9)]
    assert plan.outcome("DO2").name.startswith("Increase in the quality and coverage")
    assert plan.indicators_proposed_by == "admtrack"
    assert all(i.proposed_by == "admtrack" for i in plan.indicators)
    assert plan.enabling_actions == ()
    # Reference targets are attributed and never presented as the plan's own.
    assert all(not t.is_plan_target for t in plan.target_sets)
    internet = plan.indicator("IT.NET.USER.ZS")
    assert sorted(t.value for t in internet.targets) == [35.0, 65.0, 75.0]
    assert "thinly measured" in plan.outcome("DO4").measurement_note.lower()
    assert all(o.indicators for o in plan.outcomes)
    assert sum(1 for i in plan.indicators if i.headline) == 8


def test_adm2030_is_provisional_with_eight_focus_areas() -> None:
    plan = plan_from_mapping(_load("adm2030.yaml"))
    assert plan.status is PlanStatus.PROVISIONAL
    assert plan.period == (2026, 2030)
    assert len(plan.outcomes) == 8
    assert plan.outcome("FA8").indicators == ()
    assert "Not measured" in plan.outcome("FA8").measurement_note


@pytest.mark.parametrize("name", ["adm2025.yaml", "adm2030.yaml"])
def test_plan_files_round_trip(name: str) -> None:
    plan = plan_from_mapping(_load(name))
    assert plan_from_mapping(plan_to_mapping(plan)) == plan


def test_structural_errors_name_their_path() -> None:
    data = _load("adm2025.yaml")
    outcomes = data["outcomes"]
    assert isinstance(outcomes, list)
    del outcomes[1]["indicators"][0]["unit"]
    outcomes[2]["indicators"][0]["direction"] = "up"
    with pytest.raises(ValidationError) as err:
        plan_from_mapping(data)
    assert "plan.outcomes[1].indicators[0].unit: required" in err.value.problems
    assert any(
        p.startswith("plan.outcomes[2].indicators[0].direction: expected int")
        for p in err.value.problems
    )


def test_rates_of_change_have_no_trend_verdict() -> None:
    plan = plan_from_mapping(_load("adm2025.yaml"))
    assert not plan.indicator("NY.GDP.MKTP.KD.ZG").trend_test
    assert not plan.indicator("BX.KLT.DINV.WD.GD.ZS").trend_test
    assert plan.indicator("IT.NET.USER.ZS").trend_test


def test_unknown_keys_are_refused_with_their_path() -> None:
    data = _load("adm2025.yaml")
    outcomes = data["outcomes"]
    assert isinstance(outcomes, list)
    outcomes[0]["indicators"][0]["sourse"] = {}
    outcomes[1]["indicators"][0]["source"]["2020 snapshot)"] = None  # a value split at a comma
    with pytest.raises(ValidationError) as err:
        plan_from_mapping(data)
    text = "\n".join(err.value.problems)
    assert "plan.outcomes[0].indicators[0]: unknown key 'sourse'" in text
    assert "plan.outcomes[1].indicators[0].source: unknown key '2020 snapshot)'" in text


def test_the_evaluation_rules_live_in_the_plan_file() -> None:
    plan = plan_from_mapping(_load("adm2025.yaml"))
    rules = plan.evaluation
    assert rules.window == (2021, 2025) and plan.evaluation_window == (2021, 2025)
    assert (rules.outcome_min_share, rules.min_states_ranked) == (0.5, 8)
    assert (rules.ceiling_distance, rules.relative_tolerance) == (1.0, 0.05)
    assert plan.indicator("EG.ELC.ACCS.ZS").bound == 100.0
    assert plan.indicator("CYBERLAW.COUNT").ceiling_distance == 0.0
    relative = {i.code for i in plan.indicators if i.relative}
    assert relative == {"EGOV.EGDI", "EGOV.OSI", "EGOV.EPI", "EGOV.HCI", "GCI.OVERALL"}


def test_a_plan_without_evaluation_rules_gets_the_defaults_and_bad_rules_are_named() -> None:
    data = _load("adm2025.yaml")
    del data["evaluation"]
    plan = plan_from_mapping(data)
    assert plan.evaluation == EvaluationRules() and plan.evaluation_window == plan.period
    assert "evaluation" not in plan_to_mapping(plan)
    data["evaluation"] = {"outcome_min_share": 1.5, "min_states_ranked": 0, "window": [2025]}
    with pytest.raises(ValidationError) as err:
        plan_from_mapping(data)
    text = str(err.value)
    assert "evaluation.window: expected [start, end]" in text
    data["evaluation"] = {"outcome_min_share": 1.5, "min_states_ranked": 0}
    with pytest.raises(ValidationError) as err:
        plan_from_mapping(data)
    text = str(err.value)
    assert "evaluation.outcome_min_share: 1.5 must be a share between 0 and 1" in text
    assert "evaluation.min_states_ranked: 0 must be >= 1" in text
    data["evaluation"] = {"coverage": 0.8}
    with pytest.raises(ValidationError, match="unknown key 'coverage'"):
        plan_from_mapping(data)
