"""The register file carries milestones and linked indicators; bad ones are reported by place."""

from __future__ import annotations

from pathlib import Path

import pytest

from admtrack.errors import ValidationError
from admtrack.ingest.enabling_actions import read_enabling_actions

DATA = Path(__file__).resolve().parents[1] / "data" / "actions"


def test_yaml_and_csv_registers_read_the_same_milestones_and_indicators() -> None:
    yaml_actions = read_enabling_actions(DATA / "fictional-register.yaml", {"DO2", "DO3"})
    csv_actions = read_enabling_actions(DATA / "fictional-register.csv", {"DO2", "DO3"})
    assert yaml_actions[:2] == csv_actions
    assert csv_actions[0].milestones[1].due == "2023-12-31"
    assert csv_actions[1].indicators == ("IT.NET.USER.ZS",)


def test_an_indicator_the_plan_lacks_is_reported_at_its_row(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,title,outcome,indicators\nX1,Fictional X,DO3,GCI.OVERALL;NOPE\n")
    with pytest.raises(ValidationError) as err:
        read_enabling_actions(path, {"DO3"}, {"GCI.OVERALL"})
    assert "r.csv: row 2, column 'indicators': 'NOPE' is not an indicator of the plan" in str(
        err.value
    )


def test_bad_milestones_are_reported_with_their_path(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        "actions:\n  - id: X1\n    title: Fictional X\n    outcome: DO3\n    milestones:\n"
        "      - {title: M1, due: '2024-13-01'}\n      - {title: M2, when: 2024-01-01}\n"
    )
    with pytest.raises(ValidationError) as err:
        read_enabling_actions(path)
    text = str(err.value)
    assert "r.yaml: actions[0].milestones[0].due: '2024-13-01' is not a date" in text
    assert "actions[0].milestones[1]: unknown key 'when'" in text
    path.write_text(
        "actions:\n  - {id: X1, title: X, outcome: DO3, milestones: [{due: 2024-13-01}]}"
    )
    with pytest.raises(
        ValidationError,
        match=r"(?s)r.yaml: 1 problem.*file.bad-yaml: not valid YAML or JSON \(month must be in 1..12\)",
    ):
        read_enabling_actions(path)
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("id,title,outcome,milestones\nX1,Fictional X,DO3,M1 2024-01-01\n")
    with pytest.raises(ValidationError, match="row 2, column 'milestones': 'M1 2024-01-01'"):
        read_enabling_actions(csv_path)
