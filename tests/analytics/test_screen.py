"""Tests of unit and indicator screening."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.screen import screen_stage, screen_units, subtree
from admtrack.analytics.spec import ScreenStage
from admtrack.errors import MethodError

N = np.nan
TREE = read_imeta(
    {"Weight": 1, "Direction": 1} | row
    for row in [
        {"Level": 1, "iCode": "a", "Parent": "P", "Type": "Indicator"},
        {"Level": 1, "iCode": "b", "Parent": "P", "Type": "Indicator"},
        {"Level": 1, "iCode": "c", "Parent": "Q", "Type": "Indicator"},
        {"Level": 2, "iCode": "P", "Parent": "I", "Type": "Aggregate"},
        {"Level": 2, "iCode": "Q", "Parent": "I", "Type": "Aggregate"},
        {"Level": 3, "iCode": "I", "Type": "Aggregate"},
    ]
)
X = np.array([[1.0, 2.0, 3.0], [N, 0.0, 0.0], [N, N, 5.0], [0.0, 0.0, 0.0]])
UNITS = ["u1", "u2", "u3", "u4"]


def test_hand_computed_availability_and_rules() -> None:
    # availability 1, 2/3, 1/3, 1; non-zero share 1, 0/2, 1/1, 0/3
    kept, avail, nonzero = screen_units(X, UNITS, ScreenStage(dat_thresh=0.6))
    np.testing.assert_allclose(avail, [1, 2 / 3, 1 / 3, 1])
    np.testing.assert_allclose(nonzero, [1, 0, 1, 0])
    assert kept.tolist() == [True, True, False, True]
    kept, _, _ = screen_units(X, UNITS, ScreenStage(unit_screen="byzeros"))
    assert kept.tolist() == [True, False, True, False]
    kept, _, _ = screen_units(X, UNITS, ScreenStage(unit_screen="byNAandzeros", dat_thresh=0.6))
    assert kept.tolist() == [True, False, False, False]
    kept, _, _ = screen_units(X, UNITS, ScreenStage(unit_screen="none"))
    assert kept.all()


def test_forcing_overrides_the_rule() -> None:
    stage = ScreenStage(dat_thresh=0.6, force_include=["u3"], force_exclude=["u1"])
    kept, _, _ = screen_units(X, UNITS, stage)
    assert kept.tolist() == [False, True, True, True]
    with pytest.raises(MethodError, match="both forced"):
        screen_units(X, UNITS, ScreenStage(force_include=["u1"], force_exclude=["u1"]))
    with pytest.raises(MethodError, match="not in the data"):
        screen_units(X, UNITS, ScreenStage(force_include=["zz"]))


def test_excluding_an_indicator_prunes_the_tree() -> None:
    out, tree, result = screen_stage(X, TREE, UNITS, ScreenStage(exclude_indicators=["c"]))
    assert tree.codes == ("a", "b", "P", "I")
    assert tree.parents.tolist() == [2, 2, 3, -1]
    assert tree.n_indicators == 2
    # availability over a, b only: u2 has 1 of 2 (0.5 < 0.66), u3 none
    assert out.shape == (2, 2)
    assert result.removed_units == ("u2", "u3")
    assert result.removed_indicators == ("c",)
    with pytest.raises(MethodError, match="every indicator"):
        subtree(TREE, [False, False, False])


def test_availability_can_come_from_another_data_set() -> None:
    complete = np.nan_to_num(X, nan=1.0)
    out, _, result = screen_stage(complete, TREE, UNITS, ScreenStage(dat_thresh=0.9), X)
    assert result.removed_units == ("u2", "u3")
    np.testing.assert_array_equal(out, complete[[0, 3]])


def test_panels_pool_all_years() -> None:
    panel = np.stack([X, np.ones_like(X)])  # second year complete
    kept, avail, _ = screen_units(panel, UNITS, ScreenStage(dat_thresh=0.6))
    np.testing.assert_allclose(avail, [1, 5 / 6, 4 / 6, 1])
    assert kept.all()


units_strategy = st.integers(2, 8).flatmap(
    lambda n: st.tuples(
        arrays(np.float64, (n, 3), elements=st.sampled_from([0.0, 1.0, 2.5, N])),
        st.lists(st.integers(0, n - 1), max_size=n, unique=True),
        st.floats(0, 1),
    )
)


@settings(max_examples=80, deadline=None)
@given(units_strategy)
def test_forced_units_are_never_dropped(case: tuple[np.ndarray, list[int], float]) -> None:
    x, forced, thresh = case
    codes = [f"u{i}" for i in range(x.shape[0])]
    stage = ScreenStage(
        unit_screen="byNAandzeros", dat_thresh=thresh, force_include=[codes[i] for i in forced]
    )
    kept, _, _ = screen_units(x, codes, stage)
    assert kept[forced].all()
    perm = np.random.default_rng(x.shape[0]).permutation(x.shape[0])
    kept_perm, _, _ = screen_units(x[perm], [codes[i] for i in perm], stage)
    assert kept_perm.tolist() == kept[perm].tolist()
