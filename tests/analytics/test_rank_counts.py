"""Rank statistics counted block by block equal those of the kept replications, exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from admtrack.analytics import uncertainty
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import read_imeta
from admtrack.analytics.rank_counts import RankCounts
from admtrack.analytics.spec import AggregateStage, NormaliseStage, PipelineSpec
from admtrack.analytics.uncertain_inputs import uncertainty_from_mapping
from admtrack.analytics.uncertainty import (
    _quantile,
    evaluate,
    rank_statistics,
    run_uncertainty,
)

STATS = ("median_rank", "mean_rank", "q05_rank", "q95_rank")


def _data(units: int = 13, seed: int = 5) -> IndexData:
    rows = [("a", 1, "P"), ("b", 1, "P"), ("c", 1, "P"), ("d", 1, "Q"), ("e", 1, "Q"),
            ("P", 2, "I"), ("Q", 2, "I"), ("I", 3, "")]  # fmt: skip
    tree = read_imeta(
        [
            {"iCode": c, "Level": lv, "Parent": p, "Weight": 1, "Direction": 1,
             "Type": "Indicator" if lv == 1 else "Aggregate"}
            for c, lv, p in rows
        ]
    )  # fmt: skip
    rng = np.random.default_rng(seed)
    values = np.round(rng.uniform(0, 10, (units, 5)), 1)
    values[rng.random(values.shape) < 0.1] = np.nan  # missing cells: some units skip children
    values[0] = values[1]  # two identical units: tied ranks in every replication
    return IndexData.from_array(values, tree, [f"U{i:02d}" for i in range(units)])


SPEC = PipelineSpec(stages=[NormaliseStage(params={"l_u": [0.0, 100.0]}), AggregateStage()])
INPUTS = uncertainty_from_mapping(
    {
        "inputs": [
            {"kind": "normalisation", "alternatives": [
                {"method": "minmax", "params": {"l_u": [0, 100]}},
                {"method": "zscore", "params": {"m_sd": [10, 2]}}]},
            {"kind": "weights", "noise": {2: 0.5, 1: 0.5}, "sets": 30, "seed": 9},
            {"kind": "aggregation", "alternatives": [{"method": "amean"}, {"method": "gmean"}]},
            {"kind": "exclusion", "alternatives": [[], ["a"], ["d"]]},
        ]
    }
)  # fmt: skip


def test_counted_statistics_equal_kept_replications_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(uncertainty, "BLOCK_BUDGET", 7 * 13 * 3 * 8 * 6)  # blocks of 7 rows
    design = np.random.default_rng(11).random((200, INPUTS.d))
    codes = ["I", "P", "Q"]
    counted = rank_statistics(SPEC, _data(), INPUTS, design, codes=codes)
    kept = rank_statistics(SPEC, _data(), INPUTS, design, codes=codes, keep_replications=True)
    assert list(counted) == codes
    for code in codes:
        reps = kept[code].replications
        assert reps is not None and counted[code].replications is None
        assert 0 < counted[code].n_failed < 200  # gmean of zeros fails some replications
        assert counted[code].n_failed == kept[code].n_failed == int(reps.failed.sum())
        assert counted[code].failures == kept[code].failures
        for name in STATS:
            np.testing.assert_array_equal(
                getattr(counted[code], name), getattr(kept[code], name), err_msg=name
            )
        np.testing.assert_allclose(counted[code].mean_score, kept[code].mean_score, rtol=1e-12)
    # replications failing for at least one code: the union of the codes' failures
    union = np.any([kept[c].replications.failed for c in codes], axis=0)  # type: ignore[union-attr]
    assert {counted[c].n_failed_any for c in codes} == {kept[c].n_failed_any for c in codes}
    assert counted["I"].n_failed_any == int(union.sum()) >= counted["I"].n_failed


def test_one_pass_equals_one_run_per_aggregate() -> None:
    design = np.random.default_rng(2).random((60, INPUTS.d))
    together = rank_statistics(SPEC, _data(), INPUTS, design, codes=["P", "Q", "I"])
    for code in ("P", "Q", "I"):
        alone = evaluate(SPEC, _data(), INPUTS, design, code=code)
        np.testing.assert_array_equal(
            together[code].median_rank, _quantile(alone.ranks[~alone.failed], 0.5)
        )
        assert together[code].n_failed == int(alone.failed.sum())


def test_run_uncertainty_same_seed_same_statistics_kept_or_not() -> None:
    a = run_uncertainty(SPEC, _data(), INPUTS, 150, np.random.default_rng(4))
    b = run_uncertainty(
        SPEC, _data(), INPUTS, 150, np.random.default_rng(4), keep_replications=True
    )
    assert b.replications is not None and a.replications is None
    for name in STATS:
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.nominal_rank, b.nominal_rank)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=4), min_size=4, max_size=4),
        min_size=1,
        max_size=30,
    ),
    st.integers(min_value=1, max_value=5),
)
def test_counts_quantiles_equal_sorting_the_ranks(rows: list[list[int]], split: int) -> None:
    ranks = np.array(rows, dtype=np.float64)
    ranks[ranks == 0] = np.nan  # a unit without a rank in that replication
    scores = np.where(np.isnan(ranks), np.nan, 10.0 - ranks)
    reason = np.full((len(rows), 1), -1, dtype=np.int64)
    whole = RankCounts(("I",), 4)
    parts = [RankCounts(("I",), 4) for _ in range(2)]
    cut = min(split, len(rows))
    for part, sl in zip(parts, (slice(0, cut), slice(cut, None)), strict=True):
        part.add(ranks[sl, :, None], scores[sl, :, None], reason[sl], ())
    whole.add(ranks[:, :, None], scores[:, :, None], reason, ())
    parts[0].merge(parts[1])
    for counts in (whole, parts[0]):
        for q in (0.05, 0.5, 0.95):
            np.testing.assert_array_equal(counts.quantile(0, q), _quantile(ranks, q))
        mean = np.nanmean(np.where(np.isnan(ranks).all(axis=0), 0, ranks), axis=0)
        expected = np.where(np.isnan(ranks).all(axis=0), np.nan, mean)
        np.testing.assert_allclose(counts.mean_rank(0), expected)


def test_hand_computed_counts() -> None:
    counts = RankCounts(("I",), 3)
    ranks = np.array([[1.0, 2, 3], [1, 3, 2], [2, 1, 3], [1, 1, 3]])[:, :, None]
    reason = np.array([[-1], [-1], [-1], [0]])
    counts.add(ranks, -ranks, reason, ("gmean refused",))
    np.testing.assert_array_equal(counts.counts[0], [[2, 1, 0], [1, 1, 1], [0, 1, 2]])
    np.testing.assert_array_equal(counts.quantile(0, 0.5), [1, 2, 3])
    np.testing.assert_allclose(counts.mean_rank(0), [4 / 3, 2, 8 / 3])
    assert counts.failures == [{"gmean refused": 1}] and counts.n_runs == 4


def test_dask_local_cluster_gives_the_local_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    import distributed  # the dev extra installs it

    monkeypatch.setattr(uncertainty, "BLOCK_BUDGET", 9 * 13 * 8 * 6)  # blocks of 9 rows
    local = run_uncertainty(SPEC, _data(), INPUTS, 100, np.random.default_rng(7))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_uncertainty(
            SPEC, _data(), INPUTS, 100, np.random.default_rng(7), executor=client
        )
    for name in STATS:
        np.testing.assert_array_equal(getattr(remote, name), getattr(local, name))
    assert remote.failures == local.failures and remote.n_runs == local.n_runs == 100


def test_fewer_replications_than_units_give_the_counted_statistics() -> None:
    design = np.random.default_rng(3).random((13, INPUTS.d))  # 13 units: ranked whole
    whole = rank_statistics(SPEC, _data(), INPUTS, design)["I"]
    counted = RankCounts(("I",), 13)
    reps = evaluate(SPEC, _data(), INPUTS, design)
    ok = ~reps.failed
    reason = np.where(reps.failed, 0, -1)[:, None]
    counted.add(reps.ranks[:, :, None], reps.scores[:, :, None], reason, ("failed",))
    assert whole.replications is None and ok.any()
    for q, name in ((0.05, "q05_rank"), (0.5, "median_rank"), (0.95, "q95_rank")):
        np.testing.assert_array_equal(getattr(whole, name), counted.quantile(0, q))
    np.testing.assert_array_equal(whole.mean_rank, counted.mean_rank(0))
