"""Fixtures of the ingest tests: specimen files and the raw-data folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_helpers import SPECIMENS, raw_dir


@pytest.fixture
def specimens() -> Path:
    return SPECIMENS


@pytest.fixture
def raw() -> Path:
    folder = raw_dir()
    if not folder.is_dir():
        pytest.skip(f"raw data folder {folder} is absent (set ADMTRACK_RAW_DIR to run these tests)")
    return folder
