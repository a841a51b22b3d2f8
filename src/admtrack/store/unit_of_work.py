"""The store's unit of work: every write happens inside one database transaction.

::

    store = Store(engine)
    with store.transaction(actor="cli:data import") as tx:
        tx.create_release(release)
        tx.upsert_observations(batch, release.id)
    with store.reader() as r:
        r.observations(indicator="IT.NET.USER.ZS")

Leaving the ``with`` block normally commits; any exception rolls everything back and propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime

import sqlalchemy as sa

from admtrack.domain.framework import EnablingAction, Plan
from admtrack.domain.geography import Country
from admtrack.domain.observations import Observation, Release
from admtrack.store import observations_repo, plans_repo, reference_repo
from admtrack.store.audit import AuditLog, data_revision, data_stamp, read_audit
from admtrack.store.records import AuditEntry, ChangeCounts, SourceRecord


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Opens readers and transactions on an engine (see :func:`create_engine_for`)."""

    def __init__(self, engine: sa.Engine, clock: Callable[[], datetime] = _utc_now) -> None:
        self.engine = engine
        self._clock = clock

    @contextmanager
    def reader(self) -> Iterator[Reader]:
        """Read-only access inside one transaction (a consistent snapshot), rolled back at exit."""
        with self.engine.connect() as connection, connection.begin() as trans:
            yield Reader(connection)
            trans.rollback()

    @contextmanager
    def transaction(self, actor: str) -> Iterator[Transaction]:
        """One database transaction whose writes are audited as ``actor`` (e.g. ``"cli:init"``)."""
        with self.engine.begin() as connection:
            yield Transaction(connection, AuditLog(connection, actor, self._clock()))


class Reader:
    """Reads that return domain objects."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection

    def list_plans(self) -> list[Plan]:
        return plans_repo.list_plans(self.connection)

    def get_plan(self, plan_id: str) -> Plan:
        return plans_repo.get_plan(self.connection, plan_id)

    def countries(self, iso3: Collection[str] | None = None) -> list[Country]:
        return reference_repo.read_countries(self.connection, None if iso3 is None else list(iso3))

    def sources(self) -> list[SourceRecord]:
        return reference_repo.read_sources(self.connection)

    def releases(self) -> list[Release]:
        return reference_repo.read_releases(self.connection)

    def latest_release(self) -> Release | None:
        return reference_repo.latest_release(self.connection)

    def observations(
        self,
        indicator: str | Collection[str] | None = None,
        countries: Collection[str] | None = None,
        year_from: int | None = None,
        year_to: int | None = None,
        release: str | None = None,
        as_of: str | None = None,
    ) -> list[Observation]:
        """One release's values, or the current view (as of a release: see read_observations)."""
        return observations_repo.read_observations(
            self.connection, indicator, countries, year_from, year_to, release, as_of
        )

    def withdrawals(self) -> dict[str, dict[tuple[str, str, int], str | None]]:
        return observations_repo.read_withdrawals(self.connection)

    def reasons(self, release: str) -> dict[tuple[str, str, int], str]:
        return observations_repo.read_reasons(self.connection, release)

    def observation_counts(self, release: str | None = None) -> dict[str, int]:
        return observations_repo.observation_counts(self.connection, release)

    def audit_entries(self, entity: str | None = None, key: str | None = None) -> list[AuditEntry]:
        return read_audit(self.connection, entity, key)

    def data_revision(self) -> int:
        """Changes with every write (the newest audit entry's id): a key for derived caches."""
        return data_revision(self.connection)

    def data_stamp(self) -> str:
        """The data revision and when it was written (:func:`~admtrack.store.audit.data_stamp`)."""
        return data_stamp(self.connection)


class Transaction(Reader):
    """Reads plus audited writes, all in one database transaction."""

    def __init__(self, connection: sa.Connection, audit: AuditLog) -> None:
        super().__init__(connection)
        self.audit = audit

    @property
    def actor(self) -> str:
        return self.audit.actor

    def save_plan(self, plan: Plan) -> ChangeCounts:
        return plans_repo.save_plan(self.connection, self.audit, plan)

    def save_enabling_actions(
        self, plan_id: str, actions: Sequence[EnablingAction]
    ) -> ChangeCounts:
        return plans_repo.save_enabling_actions(self.connection, self.audit, plan_id, actions)

    def save_countries(self, countries: Iterable[Country]) -> ChangeCounts:
        return reference_repo.save_countries(self.connection, self.audit, countries)

    def save_sources(self, sources: Iterable[SourceRecord]) -> ChangeCounts:
        return reference_repo.save_sources(self.connection, self.audit, sources)

    def create_release(self, release: Release) -> ChangeCounts:
        return reference_repo.create_release(self.connection, self.audit, release)

    def upsert_observations(
        self,
        batch: Sequence[Observation],
        release: str,
        reason: str | None = None,
    ) -> ChangeCounts:
        """Write ``batch`` into the draft ``release``; ``reason`` (e.g. a review's) is kept on
        every value it adds or revises."""
        return observations_repo.upsert_observations(
            self.connection, self.audit, batch, release, reason
        )

    def withdraw_observations(
        self, keys: Sequence[tuple[str, str, int]], release: str, reason: str | None = None
    ) -> ChangeCounts:
        return observations_repo.withdraw_observations(
            self.connection, self.audit, keys, release, reason
        )

    def publish_release(self, release_id: str, on: date) -> Release:
        return reference_repo.publish_release(self.connection, self.audit, release_id, on)
