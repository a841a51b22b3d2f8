"""The unit of work: one transaction per ``with`` block, rolled back entirely on any error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from store_specimens import BATCH, COUNTRIES, RELEASE, SOURCES, make_plan

from admtrack.store import Store


def test_an_error_inside_a_transaction_leaves_nothing_written(store: Store) -> None:
    with pytest.raises(ZeroDivisionError), store.transaction(actor="cli:init") as tx:
        tx.save_plan(make_plan())
        tx.save_countries(COUNTRIES)
        tx.save_sources(SOURCES)
        tx.create_release(RELEASE)
        tx.upsert_observations(BATCH, RELEASE.id)
        assert len(tx.observations()) == 4  # visible inside the transaction
        _ = 1 / 0
    with store.reader() as r:
        assert r.list_plans() == []
        assert r.countries() == []
        assert r.sources() == []
        assert r.releases() == []
        assert r.observations(release=RELEASE.id) == []
        assert r.audit_entries() == []


def test_a_failing_write_rolls_back_the_earlier_writes_of_the_same_transaction(
    store: Store,
) -> None:
    with pytest.raises(Exception, match="no release"), store.transaction(actor="t") as tx:
        tx.save_countries(COUNTRIES)
        tx.upsert_observations(BATCH, "missing")
    with store.reader() as r:
        assert r.countries() == []


def test_audit_rows_carry_the_actor_and_the_transaction_time_in_utc(store: Store) -> None:
    at = datetime(2025, 7, 1, 9, 15, 30, tzinfo=UTC)
    clocked = Store(store.engine, clock=lambda: at)
    with clocked.transaction(actor="user:ana") as tx:
        assert tx.actor == "user:ana"
        tx.save_countries(COUNTRIES[:2])
    with clocked.reader() as r:
        entries = r.audit_entries()
    assert [(e.actor, e.at, e.action, e.entity, e.key) for e in entries] == [
        ("user:ana", at, "insert", "country", "IDN"),
        ("user:ana", at, "insert", "country", "TLS"),
    ]
    assert entries[0].id < entries[1].id


def test_a_transaction_needs_an_actor(store: Store) -> None:
    with pytest.raises(ValueError, match="actor"), store.transaction(actor=" "):
        pass
