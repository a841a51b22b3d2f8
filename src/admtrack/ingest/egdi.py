"""UN E-Government Development Index (EGDI) and its sub-indices, in three file layouts.

* 2010-2018 (``egdi-<year>.csv``, UNU-EGOV): ISO3 ``country-code``; the year is in the file
  name; columns ``e-gov-index, osi, hci, tii, e-pat-index``.
* 2022 (UN data-centre export): ``Survey Year, Country Name`` and long column names.
* 2024 (shortened names): ``Survey Year, Country, E_Index, Online_Service, Human_Capital,
  Tele_Infra, E_Participation``.

The 2022/2024 files carry only UN country names (with trailing spaces); they are matched with
:mod:`admtrack.ingest.egdi_names`. Every file lists all 193 UN members; members admtrack does not
track are skipped. Codes: ``EGOV.EGDI`` (the EGDI, the mean of OSI, HCI and TII), ``EGOV.OSI``,
``EGOV.HCI``, ``EGOV.TII`` and ``EGOV.EPI`` (E-Participation Index), all in [0, 1].
"""

from __future__ import annotations

import re
from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import IngestResult
from .checks import BatchChecker
from .csvtable import CsvTable, file_issue, read_csv
from .egdi_names import EGDI_NAME_TO_ISO3, EGDI_OTHER_NAMES

ISO3_LAYOUT: dict[str, str] = {
    "e-gov-index": "EGOV.EGDI",
    "osi": "EGOV.OSI",
    "hci": "EGOV.HCI",
    "tii": "EGOV.TII",
    "e-pat-index": "EGOV.EPI",
}
LAYOUT_2022: dict[str, str] = {
    "E-Government Index": "EGOV.EGDI",
    "Online Service Index": "EGOV.OSI",
    "Human Capital Index": "EGOV.HCI",
    "Telecommunication Infrastructure Index": "EGOV.TII",
    "E-Participation Index": "EGOV.EPI",
}
LAYOUT_2024: dict[str, str] = {
    "E_Index": "EGOV.EGDI",
    "Online_Service": "EGOV.OSI",
    "Human_Capital": "EGOV.HCI",
    "Tele_Infra": "EGOV.TII",
    "E_Participation": "EGOV.EPI",
}
_YEAR_IN_NAME = re.compile(r"(\d{4})")


class EgdiConnector:
    id = "un-egdi"
    source = SourceRef(
        publisher="United Nations Department of Economic and Social Affairs (UN DESA)",
        dataset="UN E-Government Survey: EGDI, OSI, HCI, TII and E-Participation Index (2010-2024)",
        licence="(c) United Nations; attribution required, no open licence stated",
        url="https://publicadministration.un.org/egovkb/en-us/Data-Center",
        citation="UN DESA (2024). United Nations E-Government Survey. New York: United Nations.",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, skip_unlisted=True)
        table = read_csv(path, label)
        checker.extend(table.issues)
        header = set(table.header)
        if "country-code" in header:
            self._read_iso3(table, path.name, checker)
        elif "Country Name" in header:
            self._read_names(table, "Country Name", LAYOUT_2022, checker)
        elif "Country" in header:
            self._read_names(table, "Country", LAYOUT_2024, checker)
        elif table.header:
            message = "no country column: expected 'country-code', 'Country Name' or 'Country'"
            checker.extend((file_issue("file.missing-column", message, label, 1),))
        return checker.result()

    def _present(self, table: CsvTable, layout: dict[str, str], checker: BatchChecker) -> bool:
        missing = [c for c in layout if c not in table.header]
        for column in missing:
            checker.error(
                "file.missing-column", f"required column {column!r} is missing", 1, column
            )
        return not missing

    def _read_iso3(self, table: CsvTable, file_name: str, checker: BatchChecker) -> None:
        match = _YEAR_IN_NAME.search(file_name)
        if match is None:
            checker.error("file.no-year", f"no survey year in the file name {file_name!r}")
            return
        year = checker.year(match.group(1), 1, "file name")
        if year is None or not self._present(table, ISO3_LAYOUT, checker):
            return
        for row in table.rows:
            country = checker.country(row["country-code"], row.number, "country-code")
            if country is not None:
                self._add_values(row.values, row.number, ISO3_LAYOUT, country, year, checker)

    def _read_names(
        self, table: CsvTable, name_column: str, layout: dict[str, str], checker: BatchChecker
    ) -> None:
        if not self._present(table, {"Survey Year": "", **layout}, checker):
            return
        for row in table.rows:
            country_name = row[name_column].strip()
            country = EGDI_NAME_TO_ISO3.get(country_name)
            if country is None:
                if country_name not in EGDI_OTHER_NAMES:
                    checker.error(
                        "egdi.unknown-country-name",
                        f"country name {country_name!r} is neither tracked nor a known UN member name",
                        row.number,
                        name_column,
                    )
                continue
            year = checker.year(row["Survey Year"], row.number, "Survey Year")
            if year is not None:
                self._add_values(row.values, row.number, layout, country, year, checker)

    @staticmethod
    def _add_values(
        values: dict[str, str],
        row: int,
        layout: dict[str, str],
        country: str,
        year: int,
        checker: BatchChecker,
    ) -> None:
        for column, indicator in layout.items():
            value = checker.number(values[column], row, column)
            if value is not None:
                checker.add(indicator, country, year, value, row, column)
