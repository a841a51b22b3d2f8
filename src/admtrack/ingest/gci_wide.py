"""ITU Global Cybersecurity Index 2024 (GCIv5), one row per country:
``country, legal, technical, organizational, capacity, cooperation, gci, iso3, year``.

The columns map to the codes of the 2020 edition (:mod:`admtrack.ingest.gci`), so the 2020 and
2024 scores form one series per code: ``gci`` -> ``GCI.OVERALL`` (0-100), the five pillars
(0-20 each) -> ``GCI.LEGAL`` ... ``GCI.COOPERATION``. The year is the ``year`` column. The
file was copied by hand (SOURCES.md, R2.3), so every value carries the hand-copied note; the
source's own identity (the pillars sum to the overall score) is checked per row.
"""

from __future__ import annotations

from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import HAND_COPIED, RETRIEVED_ROUND2, IngestResult
from .checks import BatchChecker
from .csvtable import read_csv

GCI_2024_COLUMNS: dict[str, str] = {
    "gci": "GCI.OVERALL",
    "legal": "GCI.LEGAL",
    "technical": "GCI.TECHNICAL",
    "organizational": "GCI.ORGANISATIONAL",
    "capacity": "GCI.CAPACITY",
    "cooperation": "GCI.COOPERATION",
}
PILLARS = ("legal", "technical", "organizational", "capacity", "cooperation")
#: How far the pillar sum may differ from the overall score (the source holds to 1e-9).
SUM_TOLERANCE = 1e-6


class GciWideConnector:
    id = "itu-gci-2024"
    retrieved = RETRIEVED_ROUND2
    source = SourceRef(
        publisher="International Telecommunication Union (ITU), via World Bank Data360",
        dataset=(
            "Global Cybersecurity Index 2024 (GCIv5), Data360 dataset ITU_GCI, as joined in "
            "joaolucasoliv/Homework-Questions-6---Gov-50 260a5213 (third-party copy), hand-copied"
        ),
        licence="ITU terms of use: attribution; check before commercial redistribution",
        url="https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx",
        citation="ITU (2024). Global Cybersecurity Index 2024. Geneva: International Telecommunication Union.",
        vintage="2024",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(
            self.id, label, skip_unlisted=True, retrieved=self.retrieved, note=HAND_COPIED
        )
        table = read_csv(path, label, ("iso3", "year", *GCI_2024_COLUMNS))
        checker.extend(table.issues)
        for row in table.rows:
            country = checker.country(row["iso3"], row.number, "iso3")
            year = checker.year(row["year"], row.number, "year")
            values = {c: checker.number(row[c], row.number, c) for c in GCI_2024_COLUMNS}
            if country is None or year is None:
                continue
            pillars = [values[p] for p in PILLARS]
            overall = values["gci"]
            if overall is not None and all(v is not None for v in pillars):
                total = sum(v for v in pillars if v is not None)
                if abs(total - overall) > SUM_TOLERANCE:
                    checker.error(
                        "obs.inconsistent",
                        f"the five pillars sum to {total!r}, the overall score is {overall!r}",
                        row.number,
                        "gci",
                    )
                    continue
            for column, indicator in GCI_2024_COLUMNS.items():
                value = values[column]
                if value is not None:
                    checker.add(indicator, country, year, value, row.number, column)
        return checker.result()
