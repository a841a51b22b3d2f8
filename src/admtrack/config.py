"""Settings, read once at the entry point (CLI or web) and passed down as plain values."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "admtrack"


class Settings(BaseSettings):
    """``ADMTRACK_DATABASE_URL`` selects the database (PostgreSQL for multi-user deployments);
    without it admtrack uses the SQLite file ``admtrack.sqlite3`` in ``ADMTRACK_DATA_DIR``."""

    model_config = SettingsConfigDict(env_prefix="ADMTRACK_", frozen=True, extra="ignore")

    database_url: str | None = None
    data_dir: Path = _default_data_dir()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'admtrack.sqlite3').resolve()}"


def load_settings(database_url: str | None = None, data_dir: Path | None = None) -> Settings:
    """Settings from the environment, with command-line overrides on top."""
    overrides: dict[str, object] = {}
    if database_url:
        overrides["database_url"] = database_url
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    return Settings(**overrides)  # type: ignore[arg-type]
