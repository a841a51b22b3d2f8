"""ITU Global Cybersecurity Index 2020 (GCIv4), long format ``cc_iso3c, ref_year, variable, value``.

The file lists every assessed country (191), so codes of countries admtrack does not track are
skipped. Variables map to admtrack codes: ``gci_overall`` -> ``GCI.OVERALL`` (0-100) and the
five pillar scores (0-20 each) -> ``GCI.LEGAL``, ``GCI.TECHNICAL``, ``GCI.ORGANISATIONAL``,
``GCI.CAPACITY``, ``GCI.COOPERATION``. The year is the ``ref_year`` column (2020).
"""

from __future__ import annotations

from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import IngestResult
from .checks import BatchChecker
from .csvtable import read_csv

GCI_VARIABLES: dict[str, str] = {
    "gci_overall": "GCI.OVERALL",
    "gci_legal_measures": "GCI.LEGAL",
    "gci_technical_measures": "GCI.TECHNICAL",
    "gci_organisational_measures": "GCI.ORGANISATIONAL",
    "gci_capacity_development": "GCI.CAPACITY",
    "gci_cooperative_measures": "GCI.COOPERATION",
}


class GciConnector:
    id = "itu-gci"
    source = SourceRef(
        publisher="International Telecommunication Union (ITU)",
        dataset="Global Cybersecurity Index 2020 (GCIv4), scores as extracted by blavatnik-index/bipa2024_sourcedata",
        licence="ITU terms of use: re-use for educational and non-commercial purposes",
        url="https://www.itu.int/epublications/publication/D-STR-GCI.01-2021-HTM-E",
        citation="ITU (2021). Global Cybersecurity Index 2020. Geneva: International Telecommunication Union.",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, skip_unlisted=True)
        table = read_csv(path, label, ("cc_iso3c", "ref_year", "variable", "value"))
        checker.extend(table.issues)
        for row in table.rows:
            country = checker.country(row["cc_iso3c"], row.number, "cc_iso3c")
            if country is None:
                continue
            variable = row["variable"].strip()
            indicator = GCI_VARIABLES.get(variable)
            if indicator is None:
                checker.error(
                    "obs.unknown-indicator",
                    f"unknown GCI variable {variable!r}",
                    row.number,
                    "variable",
                )
                continue
            value = checker.number(row["value"], row.number, "value")
            year = checker.year(row["ref_year"], row.number, "ref_year")
            if value is not None and year is not None:
                checker.add(indicator, country, year, value, row.number, "value")
        return checker.result()
