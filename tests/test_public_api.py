"""The public API: __all__ is sorted, complete and importable, and the quick start works."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest
import yaml

import admtrack

ASEM = Path(__file__).resolve().parents[1] / "examples" / "asem"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "asem"


def test_all_is_sorted_and_matches_the_module() -> None:
    assert admtrack.__all__ == sorted(admtrack.__all__)
    lazy = set(admtrack._LOCATIONS)
    assert lazy | {"__version__"} == set(admtrack.__all__)
    for name in admtrack.__all__:
        assert getattr(admtrack, name) is not None
    public = {
        name
        for name in dir(admtrack)
        if not name.startswith("_")
        and not isinstance(getattr(admtrack, name), types.ModuleType)
        and name not in {"annotations", "TYPE_CHECKING", "Any", "import_module"}
    }
    assert public | {"__version__"} == set(admtrack.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = admtrack.nope  # type: ignore[attr-defined]


def test_importing_the_package_loads_no_heavy_library() -> None:
    code = (
        "import sys, admtrack; "
        "print(sorted(m for m in ('numpy', 'scipy', 'polars', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_quick_start_reproduces_coinr() -> None:
    data = admtrack.read_coinr(ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv")
    spec = admtrack.spec_from_mapping(yaml.safe_load((EXAMPLES / "spec.yaml").read_text()))
    result = admtrack.build(spec, data)
    frame = result.frame("Aggregated")
    che = frame.filter(frame["uCode"] == "CHE")["Index"].item()
    assert round(che, 2) == 68.38
