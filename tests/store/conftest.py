"""Store test fixtures on top of the shared database fixtures of ``tests/conftest.py``."""

from __future__ import annotations

import pytest
from store_specimens import COUNTRIES, RELEASE, SOURCES

from admtrack.store import Store


@pytest.fixture
def reference_store(store: Store) -> Store:
    """A migrated store holding the test countries, sources and release."""
    with store.transaction(actor="test:setup") as tx:
        tx.save_countries(COUNTRIES)
        tx.save_sources(SOURCES)
        tx.create_release(RELEASE)
    return store
