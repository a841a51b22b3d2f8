"""The store: SQLAlchemy tables, Alembic migrations and repositories behind a unit of work.

SQLite file by default, PostgreSQL by URL. Repositories take and return domain objects.
"""

from admtrack.store import action_tables as action_tables  # registers the tracker tables
from admtrack.store.engine import (
    create_engine_for,
    current_revision,
    default_sqlite_url,
    head_revision,
    upgrade,
)
from admtrack.store.records import AuditEntry, ChangeCounts, SourceRecord
from admtrack.store.unit_of_work import Reader, Store, Transaction

__all__ = [
    "AuditEntry",
    "ChangeCounts",
    "Reader",
    "SourceRecord",
    "Store",
    "Transaction",
    "create_engine_for",
    "current_revision",
    "default_sqlite_url",
    "head_revision",
    "upgrade",
]
