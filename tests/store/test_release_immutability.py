"""A published release's values are refused by the database itself, whatever writes them."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from store_specimens import BATCH, RELEASE, obs

from admtrack.domain.observations import Release, ReleaseStatus
from admtrack.errors import ValidationError
from admtrack.store import Store
from admtrack.store.immutability import is_immutability_error
from admtrack.store.tables import observations, releases, withdrawals


@pytest.fixture
def published(reference_store: Store) -> Store:
    with reference_store.transaction(actor="test") as tx:
        tx.upsert_observations(BATCH, RELEASE.id)
        tx.publish_release(RELEASE.id, date(2025, 7, 1))
    return reference_store


def _refused(store: Store, statement: sa.Executable) -> None:
    with pytest.raises(sa.exc.DBAPIError) as caught, store.engine.begin() as connection:
        connection.execute(statement)
    assert is_immutability_error(caught.value), caught.value


def test_a_new_release_is_a_draft_and_publishing_dates_it(reference_store: Store) -> None:
    with reference_store.reader() as r:
        assert r.releases()[0].status is ReleaseStatus.DRAFT
    with reference_store.transaction(actor="test") as tx:
        done = tx.publish_release(RELEASE.id, date(2025, 7, 1))
    assert done == Release(RELEASE.id, date(2025, 7, 1), RELEASE.description)
    with reference_store.reader() as r:
        (stored,) = r.releases()
    assert stored.is_published and stored.published == date(2025, 7, 1)


def test_raw_sql_cannot_insert_update_or_delete_published_values(published: Store) -> None:
    row = {"indicator": "NET", "country": "IDN", "year": 1999, "value": 1.0,
           "status": "observed", "source": "wdi", "release": RELEASE.id}  # fmt: skip
    _refused(published, sa.insert(observations).values(**row))
    _refused(published, sa.update(observations).values(value=99.0))
    _refused(published, sa.delete(observations))
    _refused(
        published,
        sa.insert(withdrawals).values(
            release=RELEASE.id, indicator="NET", country="IDN", year=2021
        ),
    )
    _refused(published, sa.update(releases).values(status="draft"))
    _refused(published, sa.delete(releases))
    with published.reader() as r:
        assert sorted(o.key for o in r.observations(release=RELEASE.id)) == sorted(
            o.key for o in BATCH
        )
        assert {o.key: o.value for o in r.observations(release=RELEASE.id)} == {
            o.key: o.value for o in BATCH
        }


def test_moving_a_value_out_of_a_published_release_is_refused(published: Store) -> None:
    with published.transaction(actor="test") as tx:
        tx.create_release(Release("draft", date(2026, 1, 1)))
    _refused(published, sa.update(observations).values(release="draft"))


def test_the_store_refuses_an_upsert_into_a_published_release_with_a_clear_error(
    published: Store,
) -> None:
    with pytest.raises(ValidationError, match="published and immutable"):
        with published.transaction(actor="test") as tx:
            tx.upsert_observations([obs("NET", "IDN", 2021, 70.0)], RELEASE.id)
    with pytest.raises(ValidationError, match="already published"):
        with published.transaction(actor="test") as tx:
            tx.publish_release(RELEASE.id, date(2025, 8, 1))


def test_drafts_stay_writable_and_withdrawals_hide_values_after_them(published: Store) -> None:
    with published.transaction(actor="test") as tx:
        tx.create_release(Release("r2", date(2026, 1, 1)))
        tx.upsert_observations([obs("NET", "IDN", 2021, 63.0)], "r2", reason="revised by WB")
        tx.withdraw_observations([("NET", "TLS", 2021)], "r2", reason="source retracted")
    with published.reader() as r:
        now = {o.key: o.value for o in r.observations()}
        before = {o.key: o.value for o in r.observations(as_of=RELEASE.id)}
        assert r.reasons("r2") == {("NET", "IDN", 2021): "revised by WB"}
    assert now[("NET", "IDN", 2021)] == 63.0 and ("NET", "TLS", 2021) not in now
    assert before[("NET", "IDN", 2021)] == 62.1 and before[("NET", "TLS", 2021)] == 39.5


def test_a_view_as_of_a_published_release_holds_no_earlier_draft(published: Store) -> None:
    with published.transaction(actor="test") as tx:
        tx.create_release(Release("early-draft", date(2025, 6, 1)))  # dated before RELEASE
        tx.upsert_observations([obs("NET", "IDN", 2021, 1.0)], "early-draft")
    with published.reader() as r:
        view = {o.key: o.value for o in r.observations(as_of=RELEASE.id)}
        draft = {o.key: o.value for o in r.observations(as_of="early-draft")}
    assert view[("NET", "IDN", 2021)] == 62.1
    assert draft[("NET", "IDN", 2021)] == 1.0
