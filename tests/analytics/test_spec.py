"""Tests of the declarative pipeline spec."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
import yaml

from admtrack.analytics.spec import (
    NormaliseStage,
    PipelineSpec,
    TreatStage,
    spec_from_mapping,
    spec_to_mapping,
)

ASEM_SPEC = Path(__file__).resolve().parents[2] / "examples" / "asem" / "spec.yaml"


def test_the_asem_spec_round_trips() -> None:
    spec = spec_from_mapping(yaml.safe_load(ASEM_SPEC.read_text()))
    assert [s.stage for s in spec.stages] == [
        "denominate", "impute", "screen", "treat", "normalise", "aggregate"
    ]  # fmt: skip
    assert spec_from_mapping(spec_to_mapping(spec)) == spec


def test_replaced_and_stage_lookup() -> None:
    spec = PipelineSpec(stages=[TreatStage(winmax=5), NormaliseStage()])
    changed = spec.replaced(TreatStage(winmax=2))
    treat = changed.stage("treat")
    assert isinstance(treat, TreatStage) and treat.winmax == 2
    assert spec.stage("aggregate") is None
    assert isinstance(spec.stage("treat"), TreatStage) and spec.stages[0].winmax == 5  # type: ignore[union-attr]


def test_unknown_methods_and_fields_are_refused() -> None:
    with pytest.raises(pydantic.ValidationError):
        spec_from_mapping({"stages": [{"stage": "normalise", "method": "magic"}]})
    with pytest.raises(pydantic.ValidationError):
        spec_from_mapping({"stages": [{"stage": "treat", "winmax": -1}]})
    with pytest.raises(pydantic.ValidationError):
        spec_from_mapping({"stages": [{"stage": "screen", "typo": 1}]})
