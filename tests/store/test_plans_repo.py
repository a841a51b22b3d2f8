"""Plans and enabling actions: round trips, replacement, audit and validation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from store_specimens import ACTIONS, make_plan

import admtrack.plans
from admtrack.domain.framework import EnablingAction
from admtrack.domain.plan_mapping import plan_from_mapping
from admtrack.errors import NotFound, ValidationError
from admtrack.store import ChangeCounts, Store
from admtrack.store.tables import indicators, outcomes, plans


def test_a_plan_with_its_enabling_actions_round_trips(store: Store) -> None:
    plan = make_plan().with_enabling_actions(ACTIONS)
    with store.transaction(actor="cli:init") as tx:
        assert tx.save_plan(plan) == ChangeCounts(inserted=1)
    with store.reader() as r:
        assert r.get_plan("demo") == plan
        assert r.list_plans() == [plan]


def test_outcomes_and_indicators_are_queryable_columns(store: Store) -> None:
    with store.transaction(actor="cli:init") as tx:
        tx.save_plan(make_plan())
    with store.engine.connect() as c:
        plan_row = c.execute(sa.select(plans)).one()
        outcome_rows = c.execute(sa.select(outcomes.c.id, outcomes.c.weight).order_by(outcomes.c.position)).all()  # fmt: skip
        indicator_rows = c.execute(
            sa.select(
                indicators.c.code,
                indicators.c.outcome,
                indicators.c.direction,
                indicators.c.weight,
                indicators.c.source_publisher,
            ).order_by(indicators.c.position)  # fmt: skip
        ).all()
    assert (plan_row.status, plan_row.period_start, plan_row.period_end) == (
        "provisional",
        2021,
        2025,
    )
    assert plan_row.baseline_year == 2020
    assert [tuple(r) for r in outcome_rows] == [("DO1", 1.0), ("DO2", 0.5)]
    assert [tuple(r) for r in indicator_rows] == [
        ("NET", "DO1", 1, 2.0, "World Bank"),
        ("PRICE", "DO1", -1, 1.0, None),
        ("SKILLS", "DO2", 1, 1.0, None),
    ]


def test_list_plans_is_ordered_by_id(store: Store) -> None:
    with store.transaction(actor="cli:init") as tx:
        for plan_id in ("zeta", "adm2030", "adm2025"):
            tx.save_plan(make_plan(plan_id))
    with store.reader() as r:
        assert [p.id for p in r.list_plans()] == ["adm2025", "adm2030", "zeta"]


def test_saving_the_same_plan_again_writes_nothing(store: Store) -> None:
    with store.transaction(actor="cli:init") as tx:
        tx.save_plan(make_plan().with_enabling_actions(ACTIONS))
    with store.reader() as r:
        audit_before = r.audit_entries()
    with store.transaction(actor="cli:init") as tx:
        assert tx.save_plan(make_plan()) == ChangeCounts(unchanged=1)
        assert tx.save_enabling_actions("demo", ACTIONS) == ChangeCounts(unchanged=2)
    with store.reader() as r:
        assert r.audit_entries() == audit_before
        assert r.get_plan("demo").enabling_actions == ACTIONS  # kept by save_plan


def test_replacing_a_plan_audits_old_and_new_documents(store: Store) -> None:
    with store.transaction(actor="cli:init") as tx:
        tx.save_plan(make_plan())
    with store.transaction(actor="cli:plans import") as tx:
        assert tx.save_plan(make_plan(internet_name="Internet use")) == ChangeCounts(updated=1)
    with store.reader() as r:
        assert r.get_plan("demo").indicator("NET").name == "Internet use"
        entries = r.audit_entries(entity="plan", key="demo")
    assert [(e.action, e.actor) for e in entries] == [
        ("insert", "cli:init"),
        ("update", "cli:plans import"),
    ]
    old_net = entries[1].old_value["outcomes"][0]["indicators"][0]
    new_net = entries[1].new_value["outcomes"][0]["indicators"][0]
    assert (old_net["name"], new_net["name"]) == ("Internet users", "Internet use")
    with store.engine.connect() as c:
        assert c.scalar(sa.select(sa.func.count()).select_from(indicators)) == 3


def test_get_plan_of_an_unknown_id_raises_not_found(store: Store) -> None:
    with store.reader() as r, pytest.raises(NotFound, match="nope"):
        r.get_plan("nope")


def test_enabling_actions_are_replaced_as_a_set_with_an_audit_row_per_change(
    store: Store,
) -> None:
    with store.transaction(actor="cli:init") as tx:
        tx.save_plan(make_plan())
        assert tx.save_enabling_actions("demo", ACTIONS) == ChangeCounts(inserted=2)
    renamed = dataclasses.replace(ACTIONS[0], status=((2021, "started"), (2022, "delayed")))
    added = EnablingAction("EA2.2", "Certify trainers", "DO2")
    with store.transaction(actor="cli:actions import") as tx:
        counts = tx.save_enabling_actions("demo", [renamed, added])
    assert counts == ChangeCounts(inserted=1, updated=1, deleted=1, unchanged=0)
    with store.reader() as r:
        assert r.get_plan("demo").enabling_actions == (renamed, added)
        entries = [e for e in r.audit_entries(entity="enabling_action") if e.actor != "cli:init"]
    assert sorted((e.action, e.key) for e in entries) == [
        ("delete", "demo/EA2.1"),
        ("insert", "demo/EA2.2"),
        ("update", "demo/EA1.1"),
    ]
    update = next(e for e in entries if e.action == "update")
    assert update.old_value["status"] == [[2021, "started"], [2022, "done"]]
    assert update.new_value["status"] == [[2021, "started"], [2022, "delayed"]]


def test_reordering_enabling_actions_is_stored_without_audit_rows(store: Store) -> None:
    with store.transaction(actor="cli:init") as tx:
        tx.save_plan(make_plan().with_enabling_actions(ACTIONS))
    with store.transaction(actor="cli:actions import") as tx:
        assert tx.save_enabling_actions("demo", ACTIONS[::-1]) == ChangeCounts(unchanged=2)
    with store.reader() as r:
        assert r.get_plan("demo").enabling_actions == ACTIONS[::-1]
        assert {e.actor for e in r.audit_entries()} == {"cli:init"}


def test_enabling_actions_need_a_stored_plan_and_known_outcomes(store: Store) -> None:
    with pytest.raises(NotFound), store.transaction(actor="t") as tx:
        tx.save_enabling_actions("demo", ACTIONS)
    with store.transaction(actor="t") as tx:
        tx.save_plan(make_plan())
    stray = EnablingAction("EA9", "Orphan", "DO9")
    with pytest.raises(ValidationError, match="DO9"), store.transaction(actor="t") as tx:
        tx.save_enabling_actions("demo", [stray])
    with store.reader() as r:
        assert r.get_plan("demo").enabling_actions == ()


def test_a_new_plan_version_must_keep_the_outcomes_its_actions_use(store: Store) -> None:
    with store.transaction(actor="t") as tx:
        tx.save_plan(make_plan().with_enabling_actions(ACTIONS))
    original = make_plan()
    without_do2 = dataclasses.replace(original, outcomes=original.outcomes[:1])
    with pytest.raises(ValidationError, match="DO2"), store.transaction(actor="t") as tx:
        tx.save_plan(without_do2)
    with store.reader() as r:
        assert r.get_plan("demo") == original.with_enabling_actions(ACTIONS)


@pytest.mark.parametrize("plan_id", ["adm2025", "adm2030"])
def test_the_bundled_plans_round_trip(store: Store, plan_id: str) -> None:
    text = (Path(admtrack.plans.__file__).parent / f"{plan_id}.yaml").read_text("utf-8")
    plan = plan_from_mapping(yaml.safe_load(text), where=f"{plan_id}.yaml")
    with store.transaction(actor="cli:init") as tx:
        tx.save_plan(plan)
    with store.reader() as r:
        assert r.get_plan(plan.id) == plan
    with store.engine.connect() as c:
        stored_codes = c.scalars(
            sa.select(indicators.c.code)
            .where(indicators.c.plan == plan.id)
            .order_by(indicators.c.position)
        ).all()
    assert stored_codes == [i.code for i in plan.indicators]
