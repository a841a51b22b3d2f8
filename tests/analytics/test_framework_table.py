"""Tests of the framework tree read from an iMeta table."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from admtrack.analytics.framework_table import read_imeta
from admtrack.errors import ValidationError

ASEM_IMETA = Path(__file__).resolve().parents[2] / "examples" / "asem" / "ASEM_iMeta.csv"


def test_asem_tree() -> None:
    with ASEM_IMETA.open() as handle:
        tree = read_imeta(csv.DictReader(handle))
    assert tree.n_indicators == 49 and len(tree.codes) == 60
    assert tree.codes[-1] == "Index" and tree.parents[-1] == -1
    assert tree.max_level == 4
    assert int((tree.directions[:49] == -1).sum()) == 14
    assert tree.groups == ("GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group")
    assert tree.denominator_columns == ("Area", "Energy", "GDP", "Population")
    physical = tree.index_of("Physical")
    assert [tree.codes[i] for i in tree.children_of(physical)][:2] == ["LPI", "Flights"]
    assert np.all(tree.levels[tree.parents[:-1]] == tree.levels[:-1] + 1)


def test_problems_are_collected() -> None:
    rows = [
        {
            "Level": 1,
            "iCode": "a",
            "Parent": "P",
            "Type": "Indicator",
            "Weight": "x",
            "Direction": 2,
        },
        {"Level": 1, "iCode": "a", "Parent": "P", "Type": "Thing", "Weight": 1, "Direction": 1},
    ]
    with pytest.raises(ValidationError) as info:
        read_imeta(rows)
    text = "\n".join(info.value.problems)
    assert "row 3, column 'iCode': 'a' already on row 2" in text
    assert "row 3, column 'Type'" in text
    assert "row 2, column 'Weight': 'x' is not a number" in text
    assert "row 2, column 'Direction': must be 1 or -1" in text


def test_parents_must_be_aggregates_one_level_up() -> None:
    rows = [
        {"Level": 1, "iCode": "a", "Parent": "I", "Type": "Indicator", "Weight": 1, "Direction": 1},
        {"Level": 1, "iCode": "b", "Parent": "P", "Type": "Indicator", "Weight": 1, "Direction": 1},
        {"Level": 2, "iCode": "P", "Parent": "I", "Type": "Aggregate", "Weight": 1, "Direction": 1},
        {"Level": 3, "iCode": "I", "Type": "Aggregate", "Weight": 1, "Direction": 1},
    ]
    with pytest.raises(ValidationError, match="'I' is on level 3, expected 2"):
        read_imeta(rows)
