"""Fast bulk inserts: ``COPY ... FROM STDIN`` on PostgreSQL (psycopg 3), ``executemany`` elsewhere.

Both run on the caller's connection, so the rows belong to its transaction and vanish on rollback,
and both raise SQLAlchemy's exceptions (e.g. ``sqlalchemy.exc.IntegrityError``).
On PostgreSQL, COPY writes 20,000 observation rows several times faster than a batched INSERT.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa


def insert_rows(
    connection: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert ``rows`` (dicts keyed by column name, all with the same keys) into ``table``."""
    if not rows:
        return
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        _copy(connection, table, rows)
    else:
        connection.execute(sa.insert(table), list(rows))


def _copy(connection: sa.Connection, table: sa.Table, rows: Sequence[Mapping[str, Any]]) -> None:
    names = list(rows[0])
    unknown = [n for n in names if n not in table.c]
    if unknown:
        raise KeyError(f"table {table.name} has no column(s) {unknown}")
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in names)
    statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
    driver_connection: Any = connection.connection.driver_connection
    driver_error: type[Exception] = connection.dialect.loaded_dbapi.Error
    try:
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([row[n] for n in names])
    except driver_error as error:  # the same exception types as executemany would raise
        raise sa.exc.DBAPIError.instance(statement, None, error, driver_error) from error
