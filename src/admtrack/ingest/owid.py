"""Our World in Data grapher CSV: ``Entity, Code, Year, <value column>``.

Used for ``IT.NET.USER.ZS`` (ITU via WDI, republished by OWID). OWID's entity names differ from
ours ("East Timor", "Laos"), so countries are matched by the ``Code`` column (ISO3). OWID's own
aggregates are skipped, except ``OWID_WRL`` which is read as ``WLD``. Rows with an empty code
(OWID's computed regions and income groups) are skipped too: OWID computes them itself, so they
are not the World Bank aggregates that share their names.
"""

from __future__ import annotations

from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import IngestResult
from .checks import BatchChecker
from .csvtable import file_issue, read_csv

OWID_AGGREGATE_PREFIX = "OWID_"
OWID_CODES = {"OWID_WRL": "WLD"}


class OwidConnector:
    """A single-indicator OWID grapher CSV; the indicator code is given at construction."""

    id = "owid"
    source = SourceRef(
        publisher="International Telecommunication Union (ITU), via World Bank, via Our World in Data",
        dataset="Share of individuals using the Internet (OWID grapher chart)",
        licence="CC-BY-4.0",
        url="https://ourworldindata.org/grapher/share-of-individuals-using-the-internet",
        citation=(
            "International Telecommunication Union (ITU), via World Bank (2025) "
            "- with minor processing by Our World in Data"
        ),
    )

    def __init__(self, indicator: str = "IT.NET.USER.ZS") -> None:
        self.indicator = indicator

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label)
        table = read_csv(path, label, ("Entity", "Code", "Year"))
        checker.extend(table.issues)
        values = [c for c in table.header if c not in ("Entity", "Code", "Year")]
        if table.rows and len(values) != 1:
            message = f"expected one value column besides Entity, Code, Year, found {values}"
            checker.extend((file_issue("file.missing-column", message, label, 1),))
            return checker.result()
        for row in table.rows:
            code = row["Code"].strip()
            if not code or (code.startswith(OWID_AGGREGATE_PREFIX) and code not in OWID_CODES):
                continue
            column = values[0]
            value = checker.number(row[column], row.number, column)
            country = checker.country(OWID_CODES.get(code, code), row.number, "Code")
            year = checker.year(row["Year"], row.number, "Year")
            if value is not None and country is not None and year is not None:
                checker.add(self.indicator, country, year, value, row.number, column)
        return checker.result()
