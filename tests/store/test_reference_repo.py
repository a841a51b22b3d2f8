"""Countries, sources and releases: round trips, idempotence, audit, immutability of releases."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from store_specimens import COUNTRIES, RELEASE, SOURCES, WDI

from admtrack.domain.geography import ASEAN, Membership, MembershipStatus
from admtrack.domain.observations import Release
from admtrack.errors import ValidationError
from admtrack.store import ChangeCounts, SourceRecord, Store


def test_countries_round_trip_ordered_by_iso3(store: Store) -> None:
    with store.transaction(actor="cli:init") as tx:
        assert tx.save_countries(reversed(COUNTRIES)) == ChangeCounts(inserted=3)
    with store.reader() as r:
        assert r.countries() == sorted(COUNTRIES, key=lambda c: c.iso3)
        assert r.countries(["TLS"]) == [COUNTRIES[1]]
        tls = r.countries(["TLS"])[0]
    assert tls.is_member(ASEAN, date(2025, 10, 26))
    assert not tls.is_member(ASEAN, date(2025, 10, 25))


def test_saving_countries_again_changes_nothing(reference_store: Store) -> None:
    with reference_store.reader() as r:
        before = r.audit_entries()
    with reference_store.transaction(actor="cli:init") as tx:
        assert tx.save_countries(COUNTRIES) == ChangeCounts(unchanged=3)
    with reference_store.reader() as r:
        assert r.audit_entries() == before


def test_a_changed_membership_is_replaced_and_audited(reference_store: Store) -> None:
    idn = COUNTRIES[0]
    suspended = Membership(ASEAN, MembershipStatus.OBSERVER, date(1966, 1, 1), date(1967, 8, 8))
    changed = dataclasses.replace(idn, memberships=(suspended, *idn.memberships))
    with reference_store.transaction(actor="cli:countries") as tx:
        assert tx.save_countries([changed]) == ChangeCounts(updated=1)
    with reference_store.reader() as r:
        assert r.countries(["IDN"]) == [changed]
        (entry,) = r.audit_entries(entity="country", key="IDN")[1:]
    assert entry.action == "update"
    assert len(entry.old_value["memberships"]) == 1
    assert entry.new_value["memberships"][0] == {
        "organisation": "ASEAN",
        "status": "observer",
        "start": "1966-01-01",
        "end": "1967-08-08",
    }


def test_sources_round_trip_and_changes_are_audited(reference_store: Store) -> None:
    with reference_store.reader() as r:
        assert r.sources() == sorted(SOURCES, key=lambda s: s.id)
    moved = SourceRecord("wdi", dataclasses.replace(WDI, url="https://new"), date(2025, 7, 1))
    with reference_store.transaction(actor="cli:data import") as tx:
        assert tx.save_sources(SOURCES[1:]) == ChangeCounts(unchanged=1)
        assert tx.save_sources([moved]) == ChangeCounts(updated=1)
    with reference_store.reader() as r:
        assert r.sources()[1] == moved
        (entry,) = r.audit_entries(entity="source", key="wdi")[1:]
    assert (entry.old_value["url"], entry.new_value["url"]) == ("https://wdi", "https://new")
    assert (entry.old_value["retrieved"], entry.new_value["retrieved"]) == (
        "2025-05-01",
        "2025-07-01",
    )


def test_releases_are_immutable(reference_store: Store) -> None:
    with reference_store.transaction(actor="t") as tx:
        assert tx.create_release(RELEASE) == ChangeCounts(unchanged=1)
    redated = dataclasses.replace(RELEASE, published=date(2025, 7, 1))
    with (
        pytest.raises(ValidationError, match="immutable"),
        reference_store.transaction(actor="t") as tx,
    ):
        tx.create_release(redated)
    with reference_store.reader() as r:
        assert r.releases() == [RELEASE]
        assert [e.action for e in r.audit_entries(entity="release")] == ["insert"]


def test_latest_release_is_the_newest_published(store: Store) -> None:
    with store.reader() as r:
        assert r.latest_release() is None
    later = Release("2026-01", date(2026, 1, 15))
    earlier = Release("2024-12", date(2024, 12, 1), "old")
    with store.transaction(actor="t") as tx:
        for release in (later, RELEASE, earlier):
            tx.create_release(release)
    with store.reader() as r:
        assert r.releases() == [earlier, RELEASE, later]
        assert r.latest_release() == later
