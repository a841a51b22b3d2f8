from __future__ import annotations

import csv
from pathlib import Path

import pytest

from admtrack.domain.imeta import IMETA_COLUMNS, plan_from_imeta, plan_to_imeta
from admtrack.errors import ValidationError

ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem" / "ASEM_iMeta.csv"


def test_asem_imeta_round_trips_exactly() -> None:
    with ASEM.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    plan = plan_from_imeta(rows, "asem", "ASEM", source=ASEM.name)
    assert len(plan.indicators) == 49
    assert len(plan.outcomes) == 8
    assert plan.index_code == "Index"
    assert sum(1 for i in plan.indicators if i.direction == -1) == 14
    assert plan_to_imeta(plan) == [{c: r[c] for c in IMETA_COLUMNS} for r in rows]


def test_bad_rows_are_located() -> None:
    rows = [
        {
            "Level": "1",
            "iCode": "A",
            "iName": "A",
            "Direction": "1",
            "Weight": "x",
            "Parent": "P",
            "Type": "Indicator",
        },
        {"Level": "1", "iCode": "", "Type": "Indicator"},
        {
            "Level": "2",
            "iCode": "P",
            "iName": "P",
            "Direction": "1",
            "Weight": "1",
            "Type": "Aggregate",
        },
        {
            "Level": "1",
            "iCode": "B",
            "Direction": "1",
            "Weight": "1",
            "Parent": "Q",
            "Type": "Indicator",
        },
    ]
    with pytest.raises(ValidationError) as err:
        plan_from_imeta(rows, "t", "T", source="meta.csv")
    text = "\n".join(err.value.problems)
    assert "meta.csv, row 2: column 'Weight': 'x' is not a number" in text
    assert "meta.csv, row 3, column 'iCode': empty" in text
    assert "parent 'Q', which is not a level-2 aggregate" in text


def test_outcomes_without_indicators_leave_the_tree_with_a_reason() -> None:
    from admtrack.analytics.framework_table import read_imeta
    from admtrack.domain.framework import Aggregate, Indicator, Outcome, Plan
    from admtrack.domain.imeta import NOT_MEASURED_YET, measured_plan

    ind = Indicator("X1", "x", "%", 1, "FA1")
    plan = Plan(
        "p",
        "P",
        (
            Outcome("FA1", "one", indicators=(ind,), parent="SUB1"),
            Outcome("FA2", "two", parent="SUB2"),
        ),
        aggregates=(
            Aggregate("P", "index", 4),
            Aggregate("SUB1", "pillar", 3, parent="P"),
            Aggregate("SUB2", "pillar", 3, parent="P"),
        ),
    )
    with pytest.raises(ValidationError, match="has no children"):
        read_imeta(plan_to_imeta(plan), source="p")
    measured, dropped = measured_plan(plan)
    assert [o.id for o in measured.outcomes] == ["FA1"]
    assert [a.code for a in measured.aggregates] == ["P", "SUB1"]
    assert dropped["FA2"] == NOT_MEASURED_YET
    assert dropped["SUB2"].startswith("not measured yet")
    tree = read_imeta(plan_to_imeta(measured), source="p")
    assert set(tree.codes) == {"X1", "FA1", "SUB1", "P"}
    assert measured_plan(measured) == (measured, {})
