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
