"""Bulk inserts (COPY on PostgreSQL, executemany elsewhere) write exactly the rows given."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from store_specimens import RELEASE

from admtrack.store import Store
from admtrack.store.bulk import insert_rows
from admtrack.store.tables import observations

ROWS = [
    {"indicator": "NET", "country": "IDN", "year": 2021, "value": 0.1 + 0.2,
     "status": "observed", "source": "wdi", "release": RELEASE.id,
     "provenance_file": "a\tb\nc\\d.csv", "provenance_row": 7, "provenance_column": "2021",
     "provenance_retrieved": date(2025, 5, 1)},
    {"indicator": "NET", "country": "TLS", "year": 2021, "value": -1e-300,
     "status": "imputed", "source": "itu", "release": RELEASE.id,
     "provenance_file": None, "provenance_row": None, "provenance_column": None,
     "provenance_retrieved": None},
]  # fmt: skip

COLUMNS = list(ROWS[0])


def _stored(store: Store) -> list[dict[str, object]]:
    query = sa.select(*(observations.c[n] for n in COLUMNS)).order_by(observations.c.country)
    with store.engine.connect() as c:
        return [dict(row._mapping) for row in c.execute(query)]


def test_rows_are_written_exactly_including_nulls_and_special_characters(
    reference_store: Store,
) -> None:
    with reference_store.engine.begin() as c:
        insert_rows(c, observations, ROWS)
    assert _stored(reference_store) == ROWS


def test_bulk_inserted_rows_vanish_on_rollback(reference_store: Store) -> None:
    with pytest.raises(RuntimeError), reference_store.engine.begin() as c:
        insert_rows(c, observations, ROWS)
        raise RuntimeError("abandon")
    assert _stored(reference_store) == []


def test_an_empty_batch_is_a_no_op(reference_store: Store) -> None:
    with reference_store.engine.begin() as c:
        insert_rows(c, observations, [])
    assert _stored(reference_store) == []


def test_bulk_inserts_respect_the_unique_constraint(reference_store: Store) -> None:
    with pytest.raises(sa.exc.IntegrityError), reference_store.engine.begin() as c:
        insert_rows(c, observations, [ROWS[0], ROWS[0]])
