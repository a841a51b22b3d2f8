"""Ranks of scores, the one definition every part of the engine uses."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats


def rank_descending(scores: ArrayLike) -> NDArray[np.float64]:
    """Ranks along the last axis: 1 = highest score, ties share the lowest rank ("min", as
    COINr's ``rank_df``), NaN stays NaN. Vectorised over any leading (batch) axes."""
    s = np.asarray(scores, dtype=np.float64)
    if s.shape[-1] == 0:
        return s.copy()
    return np.asarray(
        stats.rankdata(-s, method="min", axis=-1, nan_policy="omit"), dtype=np.float64
    )
