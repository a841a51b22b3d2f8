"""Our World in Data grapher CSV: ``Entity, Code, Year, <value column>``.

Used for ``IT.NET.USER.ZS`` (ITU via WDI, republished by OWID) and, with one indicator per
value column (:data:`MOBILE_COVERAGE_COLUMNS`), for OWID's SDG 9.c.1 chart of the population
covered by 2G/3G/4G networks (connector ``owid-sdg``), a later vintage of ``IT_MOB_*GNTWK``. OWID's entity names differ from
ours ("East Timor", "Laos"), so countries are matched by the ``Code`` column (ISO3). OWID's own
aggregates are skipped, except ``OWID_WRL`` which is read as ``WLD``. Rows with an empty code
(OWID's computed regions and income groups) are skipped too: OWID computes them itself, so they
are not the World Bank aggregates that share their names.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import RETRIEVED, RETRIEVED_ROUND2, IngestResult
from .checks import BatchChecker
from .csvtable import file_issue, read_csv

OWID_AGGREGATE_PREFIX = "OWID_"
OWID_CODES = {"OWID_WRL": "WLD"}

INTERNET_USERS = SourceRef(
    publisher="International Telecommunication Union (ITU), via World Bank, via Our World in Data",
    dataset="Share of individuals using the Internet (OWID grapher chart)",
    licence="CC-BY-4.0",
    url="https://ourworldindata.org/grapher/share-of-individuals-using-the-internet",
    citation=(
        "International Telecommunication Union (ITU), via World Bank (2025) "
        "- with minor processing by Our World in Data"
    ),
    vintage="2025-01-24",  # the chart's lastUpdated
)

MOBILE_COVERAGE = SourceRef(
    publisher="ITU via UN SDG Global Database, processed by Our World in Data",
    dataset=(
        "Population covered by a mobile network, by network capability (OWID grapher chart, "
        "SDG 9.c.1), third-party copy 30803kwoniho/30803kwoniho.github.io e2023e74"
    ),
    licence="CC-BY-4.0 (OWID); underlying UN/ITU data under UN/ITU terms of use (attribution)",
    url="https://ourworldindata.org/grapher/population-covered-by-mobile-network-by-network-capability",
    citation="ITU via UN SDG Global Database, processed by Our World in Data",
    vintage="2025-06-22",
)

MOBILE_COVERAGE_COLUMNS: dict[str, str] = {
    "_9_c_1__it_mob_2gntwk": "IT_MOB_2GNTWK",
    "_9_c_1__it_mob_3gntwk": "IT_MOB_3GNTWK",
    "_9_c_1__it_mob_4gntwk": "IT_MOB_4GNTWK",
}


class OwidConnector:
    """An OWID grapher CSV. With ``columns`` (value column -> indicator) every listed column is
    read and every other value column is an error; without it the file must have exactly one
    value column, read as ``indicator``."""

    def __init__(
        self,
        indicator: str = "IT.NET.USER.ZS",
        *,
        connector_id: str = "owid",
        source: SourceRef = INTERNET_USERS,
        columns: Mapping[str, str] | None = None,
        retrieved: date = RETRIEVED,
    ) -> None:
        self.indicator = indicator
        self.id = connector_id
        self.source = source
        self.columns = dict(columns) if columns is not None else None
        self.retrieved = retrieved

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, retrieved=self.retrieved)
        table = read_csv(path, label, ("Entity", "Code", "Year"))
        checker.extend(table.issues)
        values = [c for c in table.header if c not in ("Entity", "Code", "Year")]
        if self.columns is None:
            if table.rows and len(values) != 1:
                message = f"expected one value column besides Entity, Code, Year, found {values}"
                checker.extend((file_issue("file.missing-column", message, label, 1),))
                return checker.result()
            columns = dict.fromkeys(values, self.indicator)
        else:
            unknown = [c for c in values if c not in self.columns]
            missing = [c for c in self.columns if c not in values]
            for column in unknown:
                checker.error(
                    "file.unknown-column", f"unexpected value column {column!r}", 1, column
                )
            for column in missing:
                checker.error(
                    "file.missing-column", f"required column {column!r} is missing", 1, column
                )
            if unknown or missing or not table.header:
                return checker.result()
            columns = self.columns
        for row in table.rows:
            code = row["Code"].strip()
            if not code or (code.startswith(OWID_AGGREGATE_PREFIX) and code not in OWID_CODES):
                continue
            country = checker.country(OWID_CODES.get(code, code), row.number, "Code")
            year = checker.year(row["Year"], row.number, "Year")
            for column, indicator in columns.items():
                value = checker.number(row[column], row.number, column)
                if value is not None and country is not None and year is not None:
                    checker.add(indicator, country, year, value, row.number, column)
        return checker.result()


def mobile_coverage_connector() -> OwidConnector:
    """OWID's SDG 9.c.1 chart: 2G/3G/4G population coverage to 2022."""
    return OwidConnector(
        connector_id="owid-sdg",
        source=MOBILE_COVERAGE,
        columns=MOBILE_COVERAGE_COLUMNS,
        retrieved=RETRIEVED_ROUND2,
    )
