"""Plan files carry the plan's own texts per language; they round-trip and are checked."""

from __future__ import annotations

from typing import Any

import pytest

from admtrack.domain.plan_mapping import plan_from_mapping, plan_to_mapping
from admtrack.errors import ValidationError


def _plan(**extra: Any) -> dict[str, Any]:
    return {
        "id": "p",
        "name": "Plan",
        "outcomes": [
            {
                "id": "DO1",
                "name": "Connected",
                "summary": "Everyone online.",
                "indicators": [
                    {"code": "NET", "name": "Internet use", "unit": "%", "direction": 1}
                ],
            }
        ],
        **extra,
    }


def test_translations_are_read_and_round_trip() -> None:
    doc = _plan(
        translations={
            "th": {
                "name": "แผน",
                "outcomes": {"DO1": {"name": "เชื่อมต่อ", "summary": "ทุกคนออนไลน์"}},
                "indicators": {"NET": "การใช้อินเทอร์เน็ต"},
            },
            "vi": {
                "source": "Official Vietnamese text (2021)",
                "indicators": {"NET": "Dùng Internet"},
            },
        }
    )
    plan = plan_from_mapping(doc)
    th = plan.translation("th")
    assert th is not None and th.source == "" and th.name == "แผน"
    assert th.outcome_name("DO1") == "เชื่อมต่อ" and th.outcome_summary("DO1") == "ทุกคนออนไลน์"
    assert th.indicator_name("NET") == "การใช้อินเทอร์เน็ต" and th.indicator_name("X") == ""
    vi = plan.translation("vi")
    assert vi is not None and vi.source == "Official Vietnamese text (2021)"
    assert vi.outcome_name("DO1") == "" and plan.translation("km") is None
    assert plan_from_mapping(plan_to_mapping(plan)) == plan


def test_translations_of_unknown_codes_are_refused_with_every_problem() -> None:
    doc = _plan(
        translations={
            "th": {"outcomes": {"DO9": {"name": "x"}}, "indicators": {"NOPE": "y"}, "nmae": "z"},
            "vi": ["not", "a", "mapping"],
        }
    )
    with pytest.raises(ValidationError) as caught:
        plan_from_mapping(doc, where="p.yaml")
    text = str(caught.value)
    assert "p.yaml.translations.th: unknown key 'nmae'" in text
    assert "p.yaml.translations.vi: expected a mapping" in text
    doc["translations"] = {"th": {"outcomes": {"DO9": {"name": "x"}}, "indicators": {"NOPE": "y"}}}
    with pytest.raises(ValidationError) as caught:
        plan_from_mapping(doc, where="p.yaml")
    text = str(caught.value)
    assert "translations.th.outcomes: 'DO9' is not an outcome of the plan" in text
    assert "translations.th.indicators: 'NOPE' is not an indicator of the plan" in text
