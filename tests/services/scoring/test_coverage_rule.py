"""The coverage rule, the ranking threshold and the data gaps on a hand-made plan of two outcomes
and four member states, through the one scoring path (:func:`compute_results`)."""

from __future__ import annotations

from admtrack.domain.framework import Aggregate, EvaluationRules, Indicator, Outcome, Plan
from admtrack.domain.geography import COUNTRIES
from admtrack.domain.observations import Observation, ObservationStatus
from admtrack.services.scoring import PlanResults, compute_results, plan_verdicts
from admtrack.services.scoring.coverage_rule import required_indicators

UNITS = ("BRN", "KHM", "IDN", "LAO")
MEMBERS = [c for c in COUNTRIES if c.iso3 in UNITS]


def _ind(code: str, outcome: str) -> Indicator:
    return Indicator(code=code, name=f"indicator {code}", unit="%", direction=1, outcome=outcome)


PLAN = Plan(
    id="toy",
    name="Toy plan",
    period=(2021, 2025),
    baseline_year=2020,
    aggregates=(Aggregate("IDX", "Index", 3),),
    outcomes=(
        Outcome("O1", "One", parent="IDX", indicators=tuple(_ind(c, "O1") for c in "abc")),
        Outcome("O2", "Two", parent="IDX", indicators=tuple(_ind(c, "O2") for c in "de")),
    ),
    evaluation=EvaluationRules(outcome_min_share=0.5, min_states_ranked=3),
)


def _obs(khm_a: float = 20.0) -> list[Observation]:
    rows = [
        *(Observation("a", u, 2020, 10.0 + k, "t") for k, u in enumerate(UNITS)),
        Observation("a", "BRN", 2023, 30.0, "t"),
        Observation("a", "KHM", 2023, khm_a, "t"),
        Observation("a", "IDN", 2023, 40.0, "t"),
        Observation("a", "LAO", 2023, 25.0, "t", status=ObservationStatus.IMPUTED),
        Observation("b", "BRN", 2022, 5.0, "t"),
        Observation("b", "KHM", 2018, 6.0, "t"),  # older than the window
        Observation("b", "IDN", 2023, 7.0, "t"),
        Observation("b", "LAO", 2023, 8.0, "t"),
        Observation("c", "BRN", 2024, 1.0, "t"),
        Observation("d", "BRN", 2023, 3.0, "t"),
        Observation("d", "IDN", 2016, 2.0, "t"),  # older than the window
        Observation("e", "BRN", 2016, 4.0, "t"),  # older than the window
        Observation("e", "IDN", 2024, 5.0, "t"),
    ]
    return rows


def _results(khm_a: float = 20.0) -> PlanResults:
    return compute_results(PLAN, _obs(khm_a), MEMBERS, "r", samples=8)


def test_required_indicators_round_up() -> None:
    assert [required_indicators(n, 0.5) for n in (1, 2, 3, 4, 5)] == [1, 1, 2, 2, 3]
    assert required_indicators(5, 0.8) == 4 and required_indicators(3, 0.0) == 1


def test_an_outcome_without_enough_window_data_is_not_measured_with_the_reason() -> None:
    r = _results()
    cov = r.coverage
    assert cov is not None and cov.window == (2021, 2025)
    # O1 needs 2 of 3: BRN a, b, c; IDN a, b; LAO a, b; KHM a only (b is from 2018)
    measured = {(c.outcome, c.country): (c.n_in_window, c.measured) for c in cov.outcomes}
    assert measured[("O1", "BRN")] == (3, True) and measured[("O1", "IDN")] == (2, True)
    assert measured[("O1", "KHM")] == (1, False) and measured[("O1", "LAO")] == (2, True)
    assert r.score("O1", "KHM") is None and r.rank("O1", "KHM") is None
    khm = r.status("O1", "KHM")
    assert khm is not None and khm.summary == "not measured"
    assert khm.reason == "1 of 3 indicators have 2021-2025 data; the plan needs 2"
    assert r.score("O1", "BRN") is not None and r.rank("O1", "BRN") in (1, 2, 3)


def test_values_of_an_unmeasured_outcome_do_not_enter_any_score() -> None:
    # KHM's value of a is not used, so changing it changes no score
    low, high = _results(khm_a=20.0), _results(khm_a=1000.0)
    assert low.scores == high.scores
    assert low.latest_value("a", "KHM") is not None  # still shown as the latest value


def test_an_outcome_scored_for_too_few_states_is_not_ranked() -> None:
    r = _results()
    # O2 needs 1 of 2 in the window: BRN (d 2023) and IDN (e 2024) only, fewer than 3
    assert [r.score("O2", u) is not None for u in UNITS] == [True, False, True, False]
    assert r.not_ranked == {
        "O2": "scored for 2 of 4 member states; the plan ranks an outcome scored for at least 3"
    }
    assert r.ranks["O2"] == (None,) * 4 and r.intervals["O2"] == (None,) * 4
    assert r.n_ranked("O1") == 3


def test_the_composite_says_how_many_outcomes_it_rests_on() -> None:
    r = _results()
    assert [r.outcomes_scored(u) for u in UNITS] == [2, 0, 2, 1]


def test_missing_imputed_and_older_values_are_listed_per_state() -> None:
    cov = _results().coverage
    assert cov is not None
    khm, brn, lao = cov.gaps["KHM"], cov.gaps["BRN"], cov.gaps["LAO"]
    assert khm.missing == ("c", "d", "e") and khm.older == (("b", 2018),)
    assert brn.missing == () and brn.older == (("e", 2016),)
    assert lao.imputed == ("a",) and lao.missing == ("c", "d", "e")
    assert cov.gaps["IDN"].older == (("d", 2016),)
    assert dict(khm.not_measured) == {
        "O1": "1 of 3 indicators have 2021-2025 data; the plan needs 2",
        "O2": "0 of 2 indicators have 2021-2025 data; the plan needs 1",
    }


def test_the_progress_command_uses_the_same_rule() -> None:
    _, statuses, regional = plan_verdicts(PLAN, _obs(), MEMBERS)
    full = _results()
    assert statuses == list(full.outcome_status) and regional == list(full.regional)
    o2 = next(s for s in regional if s.outcome == "O2")
    assert o2.not_measured == 2 and o2.total == 4
