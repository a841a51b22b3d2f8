from __future__ import annotations

from pathlib import Path

import pytest

from admtrack.errors import ValidationError
from admtrack.ingest.enabling_actions import read_enabling_actions


def test_yaml_actions_are_read_with_status_by_year(tmp_path: Path) -> None:
    f = tmp_path / "ea.yaml"
    f.write_text(
        "actions:\n"
        "  - {id: EA 5.1, title: First, outcome: DO5, priority: high, timeframe: short,\n"
        "     status: {2024: completed, 2022: started}, evidence: ['https://example.org/a']}\n"
        "  - {id: EA 5.2, title: Second, outcome: DO5}\n",
        encoding="utf-8",
    )
    actions = read_enabling_actions(f)
    assert [a.id for a in actions] == ["EA 5.1", "EA 5.2"]
    assert actions[0].status == ((2022, "started"), (2024, "completed"))
    assert actions[0].evidence == ("https://example.org/a",)


def test_csv_actions_are_read(tmp_path: Path) -> None:
    f = tmp_path / "ea.csv"
    f.write_text(
        "id,title,outcome,priority,status,evidence\n"
        "EA 2.1,Broadband,DO2,high,2021:started;2023:completed,https://a;https://b\n",
        encoding="utf-8",
    )
    (action,) = read_enabling_actions(f)
    assert action.outcome == "DO2"
    assert action.status == ((2021, "started"), (2023, "completed"))
    assert action.evidence == ("https://a", "https://b")


def test_csv_problems_are_located_and_reported_together(tmp_path: Path) -> None:
    f = tmp_path / "ea.csv"
    f.write_text(
        "id,title,outcome,status\nEA 1.1,,DO1,\nEA 1.2,Title,DO1,2021\nEA 1.3,Title\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as err:
        read_enabling_actions(f)
    problems = err.value.problems
    assert "row 3, column 'status': '2021' is not YEAR:STATUS" in problems
    assert "row 4: 2 fields, expected 4 (truncated row?)" in problems


def test_csv_missing_required_columns(tmp_path: Path) -> None:
    f = tmp_path / "ea.csv"
    f.write_text("id,name\nEA 1.1,x\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_enabling_actions(f)
    assert "row 1: missing column 'title'" in err.value.problems
    assert any("unknown column 'name'" in p for p in err.value.problems)


def test_yaml_empty_title_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "ea.yaml"
    f.write_text("actions:\n  - {id: EA 1.1, title: '', outcome: DO1}\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"actions\[0\]\.title: empty"):
        read_enabling_actions(f)


def test_actions_on_unknown_outcomes_are_located(tmp_path: Path) -> None:
    f = tmp_path / "ea.yaml"
    f.write_text("actions:\n  - {id: EA 9.1, title: T, outcome: DO9}\n", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_enabling_actions(f, outcomes={"DO1", "DO2"})
    assert err.value.problems == [
        "ea.yaml: actions[0].outcome: 'DO9' is not an outcome of the plan (DO1, DO2)"
    ]
