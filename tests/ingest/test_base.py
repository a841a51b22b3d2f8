from __future__ import annotations

import pytest

from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.observations import Observation
from admtrack.ingest.base import Connector, ConnectorRegistry, IngestResult
from admtrack.ingest.snapshot import default_registry
from admtrack.ingest.wdi import WdiDatahubConnector


def test_registry_by_id() -> None:
    registry = default_registry()
    assert registry.ids() == [
        "itu-gci",
        "itu-gci-2024",
        "itu-prices",
        "owid",
        "owid-sdg",
        "sdmx",
        "un-egdi",
        "un-sdg",
        "un-sdg-2023",
        "unctad-cyberlaw",
        "unctad-dds",
        "wdi",
        "wdi-ddf",
        "wdi-ddf-2",
        "wdi-extra",
    ]
    assert "wdi" in registry and len(registry) == 15
    assert registry.get("wdi").source.licence == "CC-BY-4.0"
    assert all(isinstance(c, Connector) for c in registry)
    with pytest.raises(KeyError, match="no connector 'nope'"):
        registry.get("nope")


def test_registry_refuses_a_second_connector_with_the_same_id() -> None:
    registry = ConnectorRegistry()
    registry.register(WdiDatahubConnector())
    with pytest.raises(ValueError, match="already registered"):
        registry.register(WdiDatahubConnector())


def test_results_combine_and_report_errors() -> None:
    obs = Observation("X", "SGP", 2020, 1.0, "t")
    warning = Issue("w", Severity.WARNING, "m", Location("f"))
    error = Issue("e", Severity.ERROR, "m", Location("f", 2, "c"))
    a = IngestResult((obs,), (warning,))
    b = IngestResult((), (error,))
    assert a.ok and not (a + b).ok
    assert IngestResult.combine([a, b]) == a + b == IngestResult((obs,), (warning, error))
    assert (a + b).errors == [error]
