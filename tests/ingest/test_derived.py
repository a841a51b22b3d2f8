from __future__ import annotations

from admtrack.domain.observations import Observation, Provenance
from admtrack.ingest.derived import FDI_SHARE, fdi_share_of_gdp


def _obs(indicator: str, country: str, year: int, value: float, file: str, row: int) -> Observation:
    return Observation(
        indicator, country, year, value, "wdi", provenance=Provenance(file, row, "Value")
    )


def test_fdi_share_is_one_hundred_times_fdi_over_gdp_with_both_inputs_named() -> None:
    result = fdi_share_of_gdp(
        [
            _obs("BX.KLT.DINV.CD.WD", "SGP", 2020, 2.0e9, "fdi.csv", 5),
            _obs("NY.GDP.MKTP.CD", "SGP", 2020, 4.0e10, "gdp.csv", 9),
            _obs("BX.KLT.DINV.CD.WD", "MYS", 2020, -1.0e9, "fdi.csv", 6),
            _obs("NY.GDP.MKTP.CD", "MYS", 2020, 2.0e11, "gdp.csv", 10),
            _obs("BX.KLT.DINV.CD.WD", "THA", 2020, 1.0e9, "fdi.csv", 7),  # no GDP
            _obs("BX.KLT.DINV.CD.WD", "LAO", 2020, 1.0e9, "fdi.csv", 8),
            _obs("NY.GDP.MKTP.CD", "LAO", 2020, 0.0, "gdp.csv", 11),
        ]
    )
    got = {o.key: o.value for o in result.observations}
    assert got == {(FDI_SHARE, "SGP", 2020): 5.0, (FDI_SHARE, "MYS", 2020): -0.5}
    sgp = next(o for o in result.observations if o.country == "SGP")
    assert sgp.provenance is not None
    assert sgp.provenance.file == "fdi.csv + gdp.csv"
    assert sgp.provenance.column == "100 * BX.KLT.DINV.CD.WD row 5 / NY.GDP.MKTP.CD row 9"
    assert sgp.source == "derived"
    assert [(i.code, i.is_error) for i in result.issues] == [("derived.bad-denominator", False)]


def test_findex_gender_gap_by_hand() -> None:
    from admtrack.ingest.derived import FINDEX_ABSGAP, FINDEX_GAP, findex_gender_gap

    male, female = "FX.OWN.TOTL.MA.ZS", "FX.OWN.TOTL.FE.ZS"
    obs = [
        _obs(male, "VNM", 2024, 52.5, "ma.csv", 3),
        _obs(female, "VNM", 2024, 49.0, "fe.csv", 7),
        _obs(male, "PHL", 2024, 58.0, "ma.csv", 4),
        _obs(female, "PHL", 2024, 60.0, "fe.csv", 8),
        _obs(male, "LAO", 2024, 40.0, "ma.csv", 5),  # no female value: no gap
    ]
    result = findex_gender_gap(obs)
    assert result.issues == ()
    got = {o.key: o.value for o in result.observations}
    assert got == {
        (FINDEX_GAP, "PHL", 2024): -2.0,
        (FINDEX_ABSGAP, "PHL", 2024): 2.0,
        (FINDEX_GAP, "VNM", 2024): 3.5,
        (FINDEX_ABSGAP, "VNM", 2024): 3.5,
    }
    vnm = next(o for o in result.observations if o.key == (FINDEX_GAP, "VNM", 2024))
    assert vnm.provenance is not None
    assert vnm.provenance.file == "ma.csv + fe.csv"
    assert vnm.provenance.column == f"{male} row 3 - {female} row 7"
