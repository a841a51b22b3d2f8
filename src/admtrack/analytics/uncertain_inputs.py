"""Uncertain inputs of an index: which spec choices an uncertainty or sensitivity analysis varies.

Each input owns one column of a design matrix X in [0, 1)^(N x d). A discrete input with K
alternatives takes alternative ``min(floor(u K), K - 1)`` (equal-width bins, as COINr's
``get_sensitivity``); a continuous input takes ``a + u (b - a)``. The serialisable form (YAML or
JSON) is ``{"inputs": [{"name": ..., "kind": ..., ...}, ...]}``, see
docs/methodology/uncertainty.md.

Kinds:

- ``winsorisation``: ``values`` for ``TreatStage.winmax`` (discrete).
- ``imputation``: ``alternatives``, ImputeStage method names (discrete).
- ``normalisation``: ``alternatives``, each a method with params replacing the spec's global
  normalisation (per-indicator overrides are kept) (discrete).
- ``aggregation``: ``alternatives``, each a LevelAggregation used on ``levels`` (default: every
  level) (discrete).
- ``weights``: random weight sets (COINr ``get_noisy_weights``): every weight on level L is
  multiplied by its own U(1 - noise[L], 1 + noise[L]) factor. ``sets`` sets are drawn once from
  ``numpy.random.default_rng(seed)``, so X alone fixes every replication; the column picks a set
  (discrete).
- ``weight_factor``: the weights of ``codes`` multiplied by one factor in ``range`` (continuous).
- ``exclusion``: ``alternatives``, lists of indicator codes left out of the aggregation
  (discrete; ``[]`` = keep all).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field, model_validator

from admtrack.analytics.framework_table import FrameworkTree
from admtrack.analytics.spec import ImputeMethod, LevelAggregation, NormaliseOverride
from admtrack.analytics.weights import noisy_weights
from admtrack.errors import MethodError


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class WinsorisationInput(_Frozen):
    kind: Literal["winsorisation"] = "winsorisation"
    name: str = "winsorisation"
    values: list[int] = Field(min_length=1)


class ImputationInput(_Frozen):
    kind: Literal["imputation"] = "imputation"
    name: str = "imputation"
    alternatives: list[ImputeMethod] = Field(min_length=1)


class NormalisationInput(_Frozen):
    kind: Literal["normalisation"] = "normalisation"
    name: str = "normalisation"
    alternatives: list[NormaliseOverride] = Field(min_length=1)


class AggregationInput(_Frozen):
    kind: Literal["aggregation"] = "aggregation"
    name: str = "aggregation"
    alternatives: list[LevelAggregation] = Field(min_length=1)
    levels: list[int] | None = None


class WeightsInput(_Frozen):
    kind: Literal["weights"] = "weights"
    name: str = "weights"
    noise: dict[int, float]
    sets: int = Field(100, ge=1)
    seed: int = 0

    @model_validator(mode="after")
    def _noise_in_range(self) -> WeightsInput:
        bad = {lv: f for lv, f in self.noise.items() if not 0 <= f <= 1}
        if bad:
            raise ValueError(f"weight noise must be in [0, 1], got {bad}")
        return self


class WeightFactorInput(_Frozen):
    kind: Literal["weight_factor"] = "weight_factor"
    name: str
    codes: list[str] = Field(min_length=1)
    range: tuple[float, float]


class ExclusionInput(_Frozen):
    kind: Literal["exclusion"] = "exclusion"
    name: str = "exclusion"
    alternatives: list[list[str]] = Field(min_length=1)


UncertainInput = Annotated[
    WinsorisationInput
    | ImputationInput
    | NormalisationInput
    | AggregationInput
    | WeightsInput
    | WeightFactorInput
    | ExclusionInput,
    Field(discriminator="kind"),
]


class UncertaintySpec(_Frozen):
    inputs: list[UncertainInput] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_names(self) -> UncertaintySpec:
        names = [i.name for i in self.inputs]
        if len(set(names)) != len(names):
            raise ValueError(f"input names must be unique, got {names}")
        return self

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.inputs)

    @property
    def d(self) -> int:
        return len(self.inputs)


def uncertainty_from_mapping(data: dict[str, Any]) -> UncertaintySpec:
    """Validate the YAML/JSON form ``{"inputs": [...]}``."""
    return UncertaintySpec.model_validate(data)


def uncertainty_to_mapping(spec: UncertaintySpec) -> dict[str, Any]:
    return spec.model_dump(mode="json")


def n_alternatives(item: UncertainInput) -> int | None:
    """Number of alternatives of a discrete input; None for a continuous one."""
    if isinstance(item, WinsorisationInput):
        return len(item.values)
    if isinstance(item, WeightsInput):
        return item.sets
    if isinstance(item, WeightFactorInput):
        return None
    return len(item.alternatives)


def decode_column(item: UncertainInput, u: NDArray[np.float64]) -> NDArray[np.float64]:
    """Map a column of X to alternative indices (discrete) or values (continuous)."""
    if np.any((u < 0) | (u > 1)) or np.isnan(u).any():
        raise MethodError(f"design values for {item.name!r} must lie in [0, 1]")
    k = n_alternatives(item)
    if k is None:
        assert isinstance(item, WeightFactorInput)
        a, b = item.range
        return a + u * (b - a)
    return np.minimum(np.floor(u * k), k - 1)


def weight_bank(
    item: WeightsInput, tree: FrameworkTree, base: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The ``sets`` noisy weight sets of a weights input, (sets, n_nodes)."""
    unknown = sorted(set(item.noise) - set(tree.levels.tolist()))
    if unknown:
        raise MethodError(f"weights input {item.name!r}: the framework has no level {unknown}")
    return noisy_weights(base, tree, item.noise, item.sets, np.random.default_rng(item.seed))
