"""Indicators computed from other observations, with provenance naming every input.

``BX.KLT.DINV.WD.GD.ZS`` (FDI net inflows, % of GDP) = 100 * ``BX.KLT.DINV.CD.WD`` (FDI net
inflows, current US$) / ``NY.GDP.MKTP.CD`` (GDP, current US$), for every (country, year) with
both inputs and a positive GDP. Example: FDI 2.0e9 and GDP 4.0e10 give 100 * 2e9 / 4e10 = 5.0.

``FX.OWN.TOTL.GAP`` (gender gap in account ownership, Global Findex via WDI, percentage points)
= ``FX.OWN.TOTL.MA.ZS`` - ``FX.OWN.TOTL.FE.ZS``, and ``FX.OWN.TOTL.ABSGAP`` its absolute value
(the distance from parity), for every (country, year) with both. Example: male 52.5 and
female 49.0 give a gap of 3.5 and a distance of 3.5; female 60.0 and male 58.0 give -2.0 and 2.0.
Rounded to 10 decimal places like the SDG gaps (:mod:`admtrack.ingest.ddf`).
"""

from __future__ import annotations

from collections.abc import Iterable

from admtrack.domain.observations import Observation, SourceRef

from .base import RETRIEVED_ROUND2, IngestResult
from .checks import BatchChecker

FINDEX_MALE = "FX.OWN.TOTL.MA.ZS"
FINDEX_FEMALE = "FX.OWN.TOTL.FE.ZS"
FINDEX_GAP = "FX.OWN.TOTL.GAP"
FINDEX_ABSGAP = "FX.OWN.TOTL.ABSGAP"
GAP_DECIMALS = 10

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


FINDEX_GAP_SOURCE_ID = "derived-findex-gap"
FINDEX_GAP_SOURCE = SourceRef(
    publisher="admtrack, computed from World Bank World Development Indicators (Global Findex)",
    dataset="Gender gap in account ownership = FX.OWN.TOTL.MA.ZS - FX.OWN.TOTL.FE.ZS (and its absolute value)",
    licence="CC-BY-4.0",
    url="https://github.com/open-numbers/ddf--open_numbers--world_development_indicators",
    citation="Computed by admtrack from World Bank (2026), World Development Indicators (Global Findex 2025).",
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


def findex_gender_gap(observations: Iterable[Observation]) -> IngestResult:
    """``FX.OWN.TOTL.GAP = male - female`` and ``FX.OWN.TOTL.ABSGAP = |male - female|`` for
    every (country, year) with both; provenance names both input rows and keeps their note."""
    by_sex: dict[str, dict[tuple[str, int], Observation]] = {FINDEX_MALE: {}, FINDEX_FEMALE: {}}
    for obs in observations:
        if obs.indicator in by_sex:
            by_sex[obs.indicator][(obs.country, obs.year)] = obs
    male, female = by_sex[FINDEX_MALE], by_sex[FINDEX_FEMALE]
    results = []
    for key in sorted(male.keys() & female.keys()):
        m, f = male[key], female[key]
        (m_file, m_ref), (f_file, f_ref) = _where(m), _where(f)
        note = (m.provenance.note if m.provenance else None) or (
            f.provenance.note if f.provenance else None
        )
        checker = BatchChecker(
            FINDEX_GAP_SOURCE_ID, FINDEX_GAP, retrieved=RETRIEVED_ROUND2, note=note
        )
        gap = round(m.value - f.value, GAP_DECIMALS)
        column = f"{m_ref} - {f_ref}"
        files = f"{m_file} + {f_file}"
        checker.add(FINDEX_GAP, key[0], key[1], gap, None, column, provenance_file=files)
        checker.add(
            FINDEX_ABSGAP, key[0], key[1], abs(gap), None, f"|{column}|", provenance_file=files
        )
        results.append(checker.result())
    return IngestResult.combine(results)
