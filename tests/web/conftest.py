"""A dashboard on a real database: migrated, loaded with the built-in plans, countries, sources
and the bundled snapshot by ``admtrack init``'s service, once per test session. Requests go
in-process through httpx's ASGI transport (no server)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from webclient import SAMPLES, InProcessClient

from admtrack.config import Settings
from admtrack.services.setup import initialise
from admtrack.services.stored_data import import_enabling_actions
from admtrack.store import create_engine_for
from admtrack.web.app import create_app

ACTIONS = Path(__file__).resolve().parents[1] / "data" / "actions" / "fictional-register.yaml"


@pytest.fixture(scope="session")
def web_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir: Path = tmp_path_factory.mktemp("admtrack-web")
    settings = Settings(data_dir=data_dir)
    engine = create_engine_for(settings.resolved_database_url)
    initialise(engine)
    import_enabling_actions(engine, "adm2025", ACTIONS, actor="test:secretariat")
    engine.dispose()
    return settings


@pytest.fixture(scope="session")
def app(web_settings: Settings) -> FastAPI:
    return create_app(web_settings, samples=SAMPLES)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[InProcessClient]:
    test_client = InProcessClient(app)
    yield test_client
    test_client.close()
