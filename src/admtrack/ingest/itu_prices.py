"""ITU ICT Price Baskets, one row per economy with one column per basket, measure and year
(``<basket>_<measure>_<year>``, e.g. ``fbb_5gb_pct_gni_2025``), as reshaped from ITU's
December 2025 workbook (SOURCES.md, R2.4; copied by hand, so every value carries that note).

Columns read (:data:`PRICE_COLUMNS`): the data-only mobile-broadband 2 GB basket (official
2021-2024), the new 5 GB mobile basket (official from 2025) and the fixed-broadband 5 GB basket,
each as % of monthly GNI per capita (``ITU.<BASKET>.GNI``), US$ (``.USD``) and PPP$ (``.PPP``)
per month. Not read: the 2 GB basket's experimental 2025 values (``*_2025_exp``), which ITU does
not publish as official, and the ``*_latest_official`` columns, which repeat a year's column;
that repetition is checked (a mismatch is an error at its row and column).
"""

from __future__ import annotations

from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import HAND_COPIED, RETRIEVED_ROUND2, IngestResult
from .checks import BatchChecker
from .csvtable import read_csv

PRICE_COLUMNS: dict[str, tuple[str, int]] = {
    "mbb_2gb_pct_gni_2024": ("ITU.MBB2GB.GNI", 2024),
    "mbb_5gb_pct_gni_2025": ("ITU.MBB5GB.GNI", 2025),
    "fbb_5gb_pct_gni_2024": ("ITU.FBB5GB.GNI", 2024),
    "fbb_5gb_pct_gni_2025": ("ITU.FBB5GB.GNI", 2025),
    "mbb_2gb_usd_2024": ("ITU.MBB2GB.USD", 2024),
    "mbb_2gb_ppp_2024": ("ITU.MBB2GB.PPP", 2024),
    "mbb_5gb_usd_2025": ("ITU.MBB5GB.USD", 2025),
    "mbb_5gb_ppp_2025": ("ITU.MBB5GB.PPP", 2025),
    "fbb_5gb_usd_2024": ("ITU.FBB5GB.USD", 2024),
    "fbb_5gb_usd_2025": ("ITU.FBB5GB.USD", 2025),
    "fbb_5gb_ppp_2024": ("ITU.FBB5GB.PPP", 2024),
    "fbb_5gb_ppp_2025": ("ITU.FBB5GB.PPP", 2025),
}
#: ``<latest official column>``: (its year column, the column of each year it may repeat)
LATEST_OFFICIAL: dict[str, tuple[str, str]] = {
    "mbb_2gb_pct_gni_latest_official": ("mbb_2gb_latest_year", "mbb_2gb_pct_gni_{year}"),
    "fbb_5gb_pct_gni_latest_official": ("fbb_5gb_latest_year", "fbb_5gb_pct_gni_{year}"),
}


class ItuPriceBasketsConnector:
    id = "itu-prices"
    retrieved = RETRIEVED_ROUND2
    source = SourceRef(
        publisher="International Telecommunication Union (ITU)",
        dataset=(
            "ICT Price Baskets, December 2025 release (ITU_ICTPriceBaskets_2008-2025.xlsx), as "
            "reshaped in Noah-TaeHwan/affording-generative-ai c6288b42 (third-party), hand-copied"
        ),
        licence="ITU terms of use: attribution 'ITU ICT Price Baskets, Dec 2025 release'; check before redistribution",
        url="https://www.itu.int/en/ITU-D/Statistics/Pages/ICTprices/default.aspx",
        citation="ITU (2025). ICT Price Baskets, December 2025 release. Geneva: International Telecommunication Union.",
        vintage="2025-12",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(
            self.id, label, skip_unlisted=True, retrieved=self.retrieved, note=HAND_COPIED
        )
        table = read_csv(path, label, ("iso3", *PRICE_COLUMNS))
        checker.extend(table.issues)
        checked = [c for c in LATEST_OFFICIAL if c in table.header]
        for row in table.rows:
            country = checker.country(row["iso3"], row.number, "iso3")
            if country is None:
                continue
            for column, (indicator, year) in PRICE_COLUMNS.items():
                value = checker.number(row[column], row.number, column)
                if value is not None:
                    checker.add(indicator, country, year, value, row.number, column)
            for column in checked:
                self._check_latest(checker, row.values, row.number, column)
        return checker.result()

    @staticmethod
    def _check_latest(checker: BatchChecker, values: dict[str, str], row: int, column: str) -> None:
        year_column, pattern = LATEST_OFFICIAL[column]
        latest = checker.number(values.get(column, ""), row, column)
        year = checker.number(values.get(year_column, ""), row, year_column)
        if latest is None or year is None:
            return
        repeated = pattern.format(year=int(year))
        if repeated not in values:
            return
        value = checker.number(values[repeated], row, repeated)
        if value is not None and value != latest:
            checker.error(
                "obs.inconsistent",
                f"{column} is {latest!r} but {repeated} (its year {int(year)}) is {value!r}",
                row,
                column,
            )
