"""Indicators computed from other observations, with provenance naming every input.

``BX.KLT.DINV.WD.GD.ZS`` (FDI net inflows, % of GDP) = 100 * ``BX.KLT.DINV.CD.WD`` (FDI net
inflows, current US$) / ``NY.GDP.MKTP.CD`` (GDP, current US$), for every (country, year) with
both inputs and a positive GDP. Example: FDI 2.0e9 and GDP 4.0e10 give 100 * 2e9 / 4e10 = 5.0.
"""

from __future__ import annotations

from collections.abc import Iterable

from admtrack.domain.observations import Observation, SourceRef

from .base import IngestResult
from .checks import BatchChecker

FDI = "BX.KLT.DINV.CD.WD"
GDP = "NY.GDP.MKTP.CD"
FDI_SHARE = "BX.KLT.DINV.WD.GD.ZS"

DERIVED_SOURCE_ID = "derived"
DERIVED_SOURCE = SourceRef(
    publisher="admtrack, computed from World Bank World Development Indicators",
    dataset="FDI net inflows as % of GDP = 100 * BX.KLT.DINV.CD.WD / NY.GDP.MKTP.CD",
    licence="CC-BY-4.0",
    url="https://github.com/datasets/world-development-indicators",
    citation="Computed by admtrack from World Bank (2026), World Development Indicators.",
)


def _where(observation: Observation) -> tuple[str, str]:
    prov = observation.provenance
    if prov is None:
        return (observation.source, observation.indicator)
    row = f" row {prov.row}" if prov.row is not None else ""
    return (prov.file, f"{observation.indicator}{row}")


def fdi_share_of_gdp(observations: Iterable[Observation]) -> IngestResult:
    """``BX.KLT.DINV.WD.GD.ZS = 100 * FDI / GDP`` for every (country, year) with both inputs.

    Provenance: ``file`` names both input files (``"<fdi file> + <gdp file>"``), ``column``
    the formula with the input rows. A non-positive GDP is a ``derived.bad-denominator``
    warning and gives no value.
    """
    fdi: dict[tuple[str, int], Observation] = {}
    gdp: dict[tuple[str, int], Observation] = {}
    for obs in observations:
        if obs.indicator == FDI:
            fdi[(obs.country, obs.year)] = obs
        elif obs.indicator == GDP:
            gdp[(obs.country, obs.year)] = obs
    checker = BatchChecker(DERIVED_SOURCE_ID, FDI_SHARE)
    for key in sorted(fdi.keys() & gdp.keys()):
        numerator, denominator = fdi[key], gdp[key]
        fdi_file, fdi_ref = _where(numerator)
        gdp_file, gdp_ref = _where(denominator)
        column = f"100 * {fdi_ref} / {gdp_ref}"
        if denominator.value <= 0:
            checker.warning(
                "derived.bad-denominator",
                f"{GDP} of {key[0]} in {key[1]} is {denominator.value!r}, not positive",
                None,
                column,
            )
            continue
        value = 100.0 * numerator.value / denominator.value
        checker.add(
            FDI_SHARE,
            key[0],
            key[1],
            value,
            None,
            column,
            provenance_file=f"{fdi_file} + {gdp_file}",
        )
    return checker.result()
