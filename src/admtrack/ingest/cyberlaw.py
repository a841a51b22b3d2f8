"""UNCTAD Global Cyberlaw Tracker: the status of four kinds of law per economy.

The file (``code, country, <law columns>...``) is a status snapshot without a year; its last
update is March 2026, so every value is recorded for **year 2026**. ``code`` is a UN M49 code;
the file lists 195 economies, those admtrack does not track are skipped.

Per law, ``Legislation`` -> 1 and ``Draft Legislation`` / ``No Legislation`` -> 0; ``No Data``
gives no value. ``CYBERLAW.COUNT`` = number of the four laws with status ``Legislation`` (0-4),
given only when all four statuses are known. Indirect taxation is not read.
"""

from __future__ import annotations

from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import IngestResult
from .checks import BatchChecker
from .csvtable import read_csv

TRACKER_YEAR = 2026
LAW_COLUMNS: dict[str, str] = {
    "Electronic Transactions": "CYBERLAW.ETRANS",
    "Consumer Protection": "CYBERLAW.CONSUMER",
    "Privacy and Data Protection": "CYBERLAW.PRIVACY",
    "Cybercrime": "CYBERLAW.CYBERCRIME",
}
STATUS_VALUES: dict[str, float | None] = {
    "Legislation": 1.0,
    "Draft Legislation": 0.0,
    "No Legislation": 0.0,
    "No Data": None,
}


class CyberlawConnector:
    id = "unctad-cyberlaw"
    source = SourceRef(
        publisher="UN Trade and Development (UNCTAD)",
        dataset="Global Cyberlaw Tracker (update of March 2026)",
        licence="not stated; attribution 'Source: UNCTAD Global Cyberlaw Tracker' (confirm before redistribution)",
        url="https://unctad.org/page/global-cyberlaw-tracker",
        citation="Source: UNCTAD Global Cyberlaw Tracker (2026).",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, skip_unlisted=True)
        table = read_csv(path, label, ("code", *LAW_COLUMNS))
        checker.extend(table.issues)
        for row in table.rows:
            country = checker.m49_country(row["code"], row.number, "code")
            if country is None:
                continue
            statuses: list[float | None] = []
            for column, indicator in LAW_COLUMNS.items():
                status = row[column].strip()
                if status not in STATUS_VALUES:
                    checker.error(
                        "obs.unknown-status", f"unknown law status {status!r}", row.number, column
                    )
                    statuses.append(None)
                    continue
                value = STATUS_VALUES[status]
                statuses.append(value)
                if value is not None:
                    checker.add(indicator, country, TRACKER_YEAR, value, row.number, column)
            known = [s for s in statuses if s is not None]
            if len(known) == len(LAW_COLUMNS):
                columns = " + ".join(LAW_COLUMNS)
                checker.add(
                    "CYBERLAW.COUNT", country, TRACKER_YEAR, sum(known), row.number, columns
                )
        return checker.result()
