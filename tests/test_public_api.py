"""The public API: __all__ is sorted, complete and importable, and the quick start works."""

from __future__ import annotations

import types
from pathlib import Path

import yaml

import admtrack

ASEM = Path(__file__).resolve().parents[1] / "examples" / "asem"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "asem"


def test_all_is_sorted_and_matches_the_module() -> None:
    assert admtrack.__all__ == sorted(admtrack.__all__)
    public = {
        name
        for name, value in vars(admtrack).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and name != "annotations"
    }
    assert public | {"__version__"} == set(admtrack.__all__)
    for name in admtrack.__all__:
        assert getattr(admtrack, name) is not None


def test_the_quick_start_reproduces_coinr() -> None:
    data = admtrack.read_coinr(ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv")
    spec = admtrack.spec_from_mapping(yaml.safe_load((EXAMPLES / "spec.yaml").read_text()))
    result = admtrack.build(spec, data)
    frame = result.frame("Aggregated")
    che = frame.filter(frame["uCode"] == "CHE")["Index"].item()
    assert round(che, 2) == 68.38
