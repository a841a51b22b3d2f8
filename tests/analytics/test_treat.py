"""Tests of outlier treatment: winsorisation steps and transforms computed by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from admtrack.analytics.spec import TreatOverride, TreatStage
from admtrack.analytics.treat import passes, transform, treat, winsorise
from admtrack.errors import MethodError

SIX = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 100.0])[:, None]
# 23 values with three low outliers: skew -2.330, kurt 3.837 (fails)
LOW = -np.r_[np.arange(1.0, 21.0), 200.0, 210.0, 220.0][:, None]


def test_six_values_one_step() -> None:
    # skew 2.442 > 2 and kurt 5.973 > 3.5: fails. The maximum 100 becomes the next highest, 5;
    # 1, 2, 3, 4, 5, 5 has skew -0.383: passes after one point.
    assert not passes(SIX)[0]
    values, nwin, marks = winsorise(SIX, winmax=5)
    np.testing.assert_array_equal(values[:, 0], [1, 2, 3, 4, 5, 5])
    assert nwin.tolist() == [1]
    assert marks[:, 0].tolist() == [0, 0, 0, 0, 0, 1]


def test_low_side_needs_three_steps_and_respects_winmax() -> None:
    # negative skew: -220 -> -210, then both -> -200, then all three -> -20 (passes)
    for limit, expected_tail in ((1, [-200, -210, -210]), (2, [-200, -200, -200])):
        values, nwin, _ = winsorise(LOW, winmax=limit)
        assert values[-3:, 0].tolist() == expected_tail
        assert nwin.tolist() == [limit]
    values, nwin, marks = winsorise(LOW, winmax=5)
    assert values[-3:, 0].tolist() == [-20, -20, -20]
    assert nwin.tolist() == [3]
    assert marks[-4:, 0].tolist() == [0, -1, -1, -1]


def test_winmax_varies_over_a_batch_axis() -> None:
    batch = np.stack([LOW, LOW, LOW])
    result = treat(batch, TreatStage(), ["x"], winmax=np.array([1, 2, 3]))
    assert result.n_winsorised[:, 0].tolist() == [0, 0, 3]  # 1 and 2 fall back to log_CT
    assert result.transformed[:, 0].tolist() == [True, True, False]
    single = treat(LOW, TreatStage(winmax=1), ["x"])
    np.testing.assert_array_equal(result.values[0], single.values)


def test_log_ct_on_the_original_values() -> None:
    # winmax 0: no winsorisation, log_CT of the original: ln(x - 1 + 0.01 * 99)
    result = treat(SIX, TreatStage(winmax=0), ["x"])
    np.testing.assert_allclose(result.values[:, 0], np.log(SIX[:, 0] - 1 + 0.99))
    record = result.records(["x"], list("abcdef"))[0]
    assert record.transform == "log_CT" and record.n_winsorised == 0
    assert not record.passed_before and record.passed_after


def test_other_transforms_by_hand() -> None:
    x = np.array([[1.0], [3.0], [10.0]])
    np.testing.assert_allclose(transform(x, "log_CT_orig")[:, 0], np.log([1.0, 3.0, 10.0]))
    z = np.array([1.0, 3.0, 10.0])
    np.testing.assert_allclose(transform(x, "boxcox", 0.5)[:, 0], (np.sqrt(z) - 1) / 0.5)
    np.testing.assert_allclose(transform(x, "boxcox", 0.0)[:, 0], np.log(z))
    neg = -x  # skew < 0: -ln(max + 0.01 r - x) with max -1, r 9
    np.testing.assert_allclose(transform(neg, "log_CT_plus")[:, 0], -np.log(-1 + 0.09 - neg[:, 0]))
    np.testing.assert_array_equal(transform(np.ones((3, 1)), "log_CT"), np.ones((3, 1)))
    with pytest.raises(MethodError):
        transform(x, "log_GII")


def test_per_indicator_overrides_and_records() -> None:
    x = np.column_stack([SIX[:, 0], SIX[:, 0], SIX[:, 0], SIX[:, 0]])
    stage = TreatStage(
        per_indicator={
            "n": TreatOverride(method="none"),
            "w": TreatOverride(method="winsorise", winmax=1),
            "b": TreatOverride(method="boxcox", boxcox_lambda=0.0),
        }
    )
    result = treat(x, stage, ["d", "n", "w", "b"])
    np.testing.assert_array_equal(result.values[:, 1], SIX[:, 0])
    np.testing.assert_array_equal(result.values[:, 2], [1, 2, 3, 4, 5, 5])
    np.testing.assert_allclose(result.values[:, 3], np.log(SIX[:, 0]))
    records = result.records(["d", "n", "w", "b"], ["u1", "u2", "u3", "u4", "u5", "u6"])
    assert records[0].winsorised_high == ("u6",) and records[0].transform is None
    assert records[3].transform == "boxcox"
    with pytest.raises(MethodError, match="unknown indicators"):
        treat(x, TreatStage(per_indicator={"q": TreatOverride(method="none")}), list("abcd"))


def test_combine_treat_logs_the_winsorised_values() -> None:
    stage = TreatStage(winmax=1, combine_treat=True)
    result = treat(LOW, stage, ["x"])
    wins, _, _ = winsorise(LOW, 1)
    np.testing.assert_allclose(result.values, transform(wins, "log_CT"))
    assert result.n_winsorised.tolist() == [1]


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, (12, 2), elements=st.floats(0, 1000)),
    st.integers(0, 6),
    st.integers(0, 1000),
)
def test_treatment_does_not_depend_on_unit_order(x: np.ndarray, winmax: int, seed: int) -> None:
    perm = np.random.default_rng(seed).permutation(12)
    a = treat(x, TreatStage(winmax=winmax), ["p", "q"])
    b = treat(x[perm], TreatStage(winmax=winmax), ["p", "q"])
    np.testing.assert_allclose(b.values, a.values[perm], rtol=1e-9, atol=1e-9)
    assert (a.n_winsorised <= np.maximum(winmax, 0) + 12).all()
    untouched = a.passed_before
    np.testing.assert_array_equal(a.values[:, untouched], x[:, untouched])
