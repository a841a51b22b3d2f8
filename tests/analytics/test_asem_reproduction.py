"""Conformance: our build of COINr's ASEM example reproduces COINr's published result."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from admtrack.analytics.pipeline import IndexResult, build
from admtrack.analytics.spec import spec_from_mapping
from admtrack.ingest.coinr import read_coinr

ASEM = Path(__file__).resolve().parents[2] / "examples" / "asem"
SPEC = Path(__file__).resolve().parents[2] / "examples" / "asem" / "spec.yaml"
TOP10 = ["CHE", "NLD", "DNK", "NOR", "BEL", "SWE", "AUT", "LUX", "DEU", "MLT"]


@pytest.fixture(scope="module")
def asem() -> IndexResult:
    spec = spec_from_mapping(yaml.safe_load(SPEC.read_text()))
    return build(spec, read_coinr(ASEM / "ASEM_iData.csv", ASEM / "ASEM_iMeta.csv"))


def test_index_scores_of_the_top_three(asem: IndexResult) -> None:
    scores = dict(zip(asem.unit_codes, asem.scores("Index"), strict=True))
    assert round(scores["CHE"], 2) == 68.38
    assert round(scores["NLD"], 2) == 64.82
    assert round(scores["DNK"], 2) == 64.80


def test_top_ten_order(asem: IndexResult) -> None:
    ranks = asem.ranks("Index")
    order = [asem.unit_codes[i] for i in np.argsort(ranks, kind="stable")]
    assert order[:10] == TOP10
    assert ranks[asem.unit_codes.index("CHE")] == 1


def test_every_stage_is_kept(asem: IndexResult) -> None:
    assert asem.stage_names == (
        "Raw", "Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"
    )  # fmt: skip
    assert asem.frame("Aggregated").shape == (51, 1 + 49 + 11)
    # 63 raw gaps plus LAO's missing Energy denominator (2 indicators) = 65 imputed cells
    assert asem.imputation is not None and asem.imputation.n_imputed == 65
    # group-mean imputation filled every gap, so the 90 % screen removes no unit
    assert asem.screening is not None and asem.screening.removed_units == ()
    assert asem.imputation is not None and asem.imputation.n_still_missing == 0
    normalised = asem.stage("Normalised").values
    assert np.nanmin(normalised) == 0.0 and np.nanmax(normalised) == 100.0
