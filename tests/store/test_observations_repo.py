"""Observations: round trips, stable order, filters, idempotent upserts, audit, constraints."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest
import sqlalchemy as sa
from store_specimens import BATCH, RELEASE, obs

from admtrack.domain.observations import ObservationStatus, Release
from admtrack.errors import NotFound, ValidationError
from admtrack.store import ChangeCounts, Store
from admtrack.store.tables import observations

ORDERED = [BATCH[2], BATCH[0], BATCH[1], BATCH[3]]  # by indicator, country, year


def test_observations_round_trip_in_a_stable_order(reference_store: Store) -> None:
    with reference_store.transaction(actor="cli:data import") as tx:
        assert tx.upsert_observations(BATCH, RELEASE.id) == ChangeCounts(inserted=4)
    with reference_store.reader() as r:
        assert r.observations() == ORDERED
        assert r.observations(release=RELEASE.id) == ORDERED
        assert r.observation_counts() == {"NET": 3, "PRICE": 1}


def test_order_does_not_depend_on_insertion_order(reference_store: Store) -> None:
    shuffled = list(BATCH)
    random.Random(7).shuffle(shuffled)
    with reference_store.transaction(actor="t") as tx:
        tx.upsert_observations(shuffled[:2], RELEASE.id)
        tx.upsert_observations(shuffled[2:], RELEASE.id)
    with reference_store.reader() as r:
        assert r.observations() == ORDERED


def test_filters_combine(reference_store: Store) -> None:
    with reference_store.transaction(actor="t") as tx:
        tx.upsert_observations(BATCH, RELEASE.id)
    with reference_store.reader() as r:
        assert r.observations(indicator="PRICE") == [BATCH[3]]
        assert r.observations(indicator=["NET", "PRICE"], countries=["TLS"]) == [BATCH[1]]
        assert r.observations(year_from=2021) == [BATCH[0], BATCH[1], BATCH[3]]
        assert r.observations(year_to=2020) == [BATCH[2]]
        assert r.observations(indicator="NET", year_from=2021, year_to=2021) == list(BATCH[:2])
        assert r.observations(countries=[]) == []


def test_a_second_identical_import_changes_nothing_and_audits_nothing(
    reference_store: Store,
) -> None:
    with reference_store.transaction(actor="cli:data import") as tx:
        tx.upsert_observations(BATCH, RELEASE.id)
    with reference_store.reader() as r:
        audit_before = r.audit_entries()
    with reference_store.transaction(actor="cli:data import") as tx:
        assert tx.upsert_observations(BATCH, RELEASE.id) == ChangeCounts(unchanged=4)
    with reference_store.reader() as r:
        assert r.audit_entries() == audit_before
        assert r.observations() == ORDERED


def test_every_new_row_is_audited_with_its_key_and_values(reference_store: Store) -> None:
    with reference_store.transaction(actor="cli:data import") as tx:
        tx.upsert_observations(BATCH, RELEASE.id)
    with reference_store.reader() as r:
        entries = r.audit_entries(entity="observation")
    assert [e.key for e in entries] == [
        "2025-06/NET/IDN/2021", "2025-06/NET/TLS/2021", "2025-06/NET/IDN/2020", "2025-06/PRICE/IDN/2021",
    ]  # fmt: skip
    assert {(e.action, e.actor, e.old_value is None) for e in entries} == {
        ("insert", "cli:data import", True)
    }
    assert entries[0].new_value == {
        "value": 62.1, "status": "observed", "source": "wdi", "provenance_file": "wdi.csv",
        "provenance_row": 4, "provenance_column": "2021", "provenance_retrieved": "2025-05-01",
        "provenance_note": None,
    }  # fmt: skip


def test_a_changed_value_is_updated_and_audited_old_to_new(reference_store: Store) -> None:
    with reference_store.transaction(actor="cli:data import") as tx:
        tx.upsert_observations(BATCH, RELEASE.id)
    revised = dataclasses.replace(BATCH[0], value=63.0, status=ObservationStatus.ESTIMATED)
    with reference_store.transaction(actor="cli:data import") as tx:
        counts = tx.upsert_observations([revised, *BATCH[1:]], RELEASE.id)
    assert counts == ChangeCounts(updated=1, unchanged=3)
    with reference_store.reader() as r:
        assert r.observations(indicator="NET", countries=["IDN"], year_from=2021) == [revised]
        (entry,) = [e for e in r.audit_entries(entity="observation") if e.action == "update"]
    assert entry.key == "2025-06/NET/IDN/2021"
    assert (entry.old_value["value"], entry.new_value["value"]) == (62.1, 63.0)
    assert (entry.old_value["status"], entry.new_value["status"]) == ("observed", "estimated")
    assert entry.new_value["provenance_retrieved"] == "2025-05-01"


def test_the_current_view_takes_each_key_from_the_newest_release(reference_store: Store) -> None:
    later = Release("2025-12", date(2025, 12, 31))
    with reference_store.transaction(actor="t") as tx:
        tx.create_release(later)
        tx.upsert_observations(BATCH, RELEASE.id)
        tx.upsert_observations([dataclasses.replace(BATCH[0], value=64.0)], later.id)
    with reference_store.reader() as r:
        current = r.observations()
        # the revised value from the newer release, the others still from the older one
        by_key = {o.key: o for o in current}
        assert len(current) == 4
        assert by_key[BATCH[0].key].value == 64.0 and by_key[BATCH[0].key].release == later.id
        assert {o.release for k, o in by_key.items() if k != BATCH[0].key} == {RELEASE.id}
        assert r.observations(release=RELEASE.id) == ORDERED
        assert r.observation_counts(RELEASE.id) == {"NET": 3, "PRICE": 1}
        assert r.observation_counts(later.id) == {"NET": 1}
        assert r.observation_counts() == {"NET": 3, "PRICE": 1}


def test_a_batch_with_a_key_twice_is_refused(reference_store: Store) -> None:
    twice = [BATCH[0], dataclasses.replace(BATCH[0], value=1.0)]
    with pytest.raises(ValidationError, match="NET/IDN/2021"):
        with reference_store.transaction(actor="t") as tx:
            tx.upsert_observations(twice, RELEASE.id)


def test_an_unknown_release_is_refused(reference_store: Store) -> None:
    with pytest.raises(NotFound, match="2099"), reference_store.transaction(actor="t") as tx:
        tx.upsert_observations(BATCH, "2099")


@pytest.mark.parametrize(
    "bad", [obs("NET", "XXX", 2021, 1.0), dataclasses.replace(BATCH[0], source="nowhere")]
)
def test_unknown_countries_and_sources_break_foreign_keys(
    reference_store: Store, bad: object
) -> None:
    with pytest.raises(sa.exc.IntegrityError), reference_store.transaction(actor="t") as tx:
        tx.upsert_observations([bad], RELEASE.id)  # type: ignore[list-item]
    with reference_store.reader() as r:
        assert r.observations() == []


def test_the_table_refuses_a_second_row_for_the_same_key_and_release(
    reference_store: Store,
) -> None:
    row = {"indicator": "NET", "country": "IDN", "year": 2021, "value": 1.0,
           "status": "observed", "source": "wdi", "release": RELEASE.id}  # fmt: skip
    with reference_store.engine.begin() as c:
        c.execute(sa.insert(observations), row)
    with pytest.raises(sa.exc.IntegrityError), reference_store.engine.begin() as c:
        c.execute(sa.insert(observations), {**row, "value": 2.0})


def test_reads_without_any_release_are_empty(store: Store) -> None:
    with store.reader() as r:
        assert r.observations() == []
        assert r.observation_counts() == {}


@pytest.mark.slow
def test_twenty_thousand_observations_insert_then_re_run_as_a_no_op(
    reference_store: Store,
) -> None:
    batch = [
        obs(f"I{i:02d}", country, year, i + year / 1000)
        for i in range(50)
        for country in ("IDN", "TLS")
        for year in range(1823, 2023)
    ]
    assert len(batch) == 20_000
    with reference_store.transaction(actor="bench") as tx:
        assert tx.upsert_observations(batch, RELEASE.id) == ChangeCounts(inserted=len(batch))
    with reference_store.transaction(actor="bench") as tx:
        assert tx.upsert_observations(batch, RELEASE.id) == ChangeCounts(unchanged=len(batch))
    with reference_store.reader() as r:
        assert sum(r.observation_counts().values()) == len(batch)
        # setup: 3 countries, 2 sources, 1 release; then one entry per new row, none for the re-run
        assert len(r.audit_entries()) == 6 + len(batch)


def test_the_view_as_of_a_release_ignores_later_releases(reference_store: Store) -> None:
    later = Release("2025-12", date(2025, 12, 31))
    with reference_store.transaction(actor="t") as tx:
        tx.create_release(later)
        tx.upsert_observations(BATCH, RELEASE.id)
        tx.upsert_observations([dataclasses.replace(BATCH[0], value=64.0)], later.id)
    with reference_store.reader() as r:
        as_of_first = {o.key: o.value for o in r.observations(as_of=RELEASE.id)}
        as_of_later = {o.key: o.value for o in r.observations(as_of=later.id)}
        assert as_of_first[BATCH[0].key] == BATCH[0].value
        assert as_of_later[BATCH[0].key] == 64.0
        assert len(as_of_first) == len(as_of_later) == 4
        with pytest.raises(NotFound, match="2099"):
            r.observations(as_of="2099")
