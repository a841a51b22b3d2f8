"""World Bank Data360 long CSV (SDMX-like: ``REF_AREA``, ``INDICATOR``, ``TIME_PERIOD``,
``OBS_VALUE``, ``UNIT_MEASURE``, ``UNIT_MULT``, ``OBS_STATUS`` ...), used for UNCTAD's digital
economy database ``UNCTAD_DE`` (SOURCES.md, R2.6).

Indicators read (:data:`UNCTAD_INDICATORS`): exports and imports of digitally deliverable
services -> ``UNCTAD.DDS.EXP`` / ``UNCTAD.DDS.IMP`` in US$ million (the rows must say
``UNIT_MEASURE`` USD with ``UNIT_MULT`` 6; values are kept as published), and every core
ICT-use-in-business indicator ``UNCTAD_DE_ICT_CORE_<rest>`` -> ``UNCTAD_ICT.<rest>`` (a share
of businesses or employees, %). Rows with ``OBS_STATUS`` ``O`` (missing value) and an empty
value are skipped; a value on such a row is an error. Sex, age and urbanisation must be ``_T``
(totals): the file has no breakdown, and a row with one would be counted twice.

:data:`KNOWN_SOURCE_ERRORS` lists values of the published file that cannot be right (a share
of businesses above 100 %); they are skipped with an ``obs.source-error`` warning at their row,
so the rest of the file is read and the defect stays visible.
"""

from __future__ import annotations

from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import RETRIEVED_ROUND2, IngestResult
from .checks import BatchChecker
from .csvtable import read_csv

UNCTAD_INDICATORS: dict[str, str] = {
    "UNCTAD_DE_DIG_SERVTRADE_ANN_EXP": "UNCTAD.DDS.EXP",
    "UNCTAD_DE_DIG_SERVTRADE_ANN_IMP": "UNCTAD.DDS.IMP",
}
ICT_CORE_PREFIX = "UNCTAD_DE_ICT_CORE_"
#: The unit every money indicator must carry: (UNIT_MEASURE, UNIT_MULT).
MONEY_UNIT = ("USD", "6")
TOTAL = "_T"
MISSING_STATUS = "O"
#: (INDICATOR, REF_AREA, TIME_PERIOD, OBS_VALUE as published) -> why it is not read.
KNOWN_SOURCE_ERRORS: dict[tuple[str, str, str, str], str] = {
    ("UNCTAD_DE_ICT_CORE_UBS_ANN_ALL_B10", "PHL", "2017", "115.26"): (
        "115.26 % of businesses with a local area network is impossible (UNCTAD_DE as exported "
        "2025-12-18); not read"
    ),
}
REQUIRED = ("REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "UNIT_MULT")


def indicator_code(indicator: str) -> str | None:
    """The admtrack code of a Data360 UNCTAD_DE indicator, or None when it is not read."""
    if indicator in UNCTAD_INDICATORS:
        return UNCTAD_INDICATORS[indicator]
    if indicator.startswith(ICT_CORE_PREFIX) and len(indicator) > len(ICT_CORE_PREFIX):
        return f"UNCTAD_ICT.{indicator.removeprefix(ICT_CORE_PREFIX)}"
    return None


class Data360Connector:
    id = "unctad-dds"
    retrieved = RETRIEVED_ROUND2
    source = SourceRef(
        publisher="UN Trade and Development (UNCTAD), UNCTADstat, via World Bank Data360",
        dataset=(
            "Digital economy database UNCTAD_DE: international trade in digitally deliverable "
            "services and core ICT-use-in-business indicators (Data360 export in "
            "jeancecilia/unctad-digital-services-trade-panel e1f002de)"
        ),
        licence="UNCTAD terms of use: free reuse with attribution (the repository states CC BY 4.0 for its panel)",
        url="https://unctadstat.unctad.org/datacentre/",
        citation="UNCTAD (UNCTADstat), via World Bank Data360 (2025).",
        vintage="2025-12-18",
    )

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, retrieved=self.retrieved)
        table = read_csv(path, label, REQUIRED)
        checker.extend(table.issues)
        breakdowns = [c for c in ("SEX", "AGE", "URBANISATION") if c in table.header]
        for row in table.rows:
            raw_code = row["INDICATOR"].strip()
            indicator = indicator_code(raw_code)
            if indicator is None:
                checker.error(
                    "obs.unknown-indicator",
                    f"no admtrack series is read from indicator {raw_code!r}",
                    row.number,
                    "INDICATOR",
                )
                continue
            broken_down = [c for c in breakdowns if row[c].strip() != TOTAL]
            for column in broken_down:
                checker.error(
                    "obs.unexpected-breakdown",
                    f"{column} is {row[column]!r}; only totals ({TOTAL}) are read",
                    row.number,
                    column,
                )
            if broken_down:
                continue
            if indicator.startswith("UNCTAD.DDS."):
                unit = (row["UNIT_MEASURE"].strip(), row["UNIT_MULT"].strip())
                if unit != MONEY_UNIT:
                    checker.error(
                        "obs.unexpected-unit",
                        f"unit {unit[0]} x 10^{unit[1]}; expected US$ million (USD, 6)",
                        row.number,
                        "UNIT_MULT",
                    )
                    continue
            status = row.values.get("OBS_STATUS", "").strip()
            text = row["OBS_VALUE"]
            if status == MISSING_STATUS:
                if text.strip():
                    checker.error(
                        "obs.inconsistent",
                        f"a value {text.strip()!r} on a row marked missing (OBS_STATUS O)",
                        row.number,
                        "OBS_VALUE",
                    )
                continue
            known = (raw_code, row["REF_AREA"].strip(), row["TIME_PERIOD"].strip(), text.strip())
            if known in KNOWN_SOURCE_ERRORS:
                checker.warning(
                    "obs.source-error", KNOWN_SOURCE_ERRORS[known], row.number, "OBS_VALUE"
                )
                continue
            country = checker.country(row["REF_AREA"].strip(), row.number, "REF_AREA")
            year = checker.year(row["TIME_PERIOD"], row.number, "TIME_PERIOD")
            value = checker.number(text, row.number, "OBS_VALUE")
            if country is not None and year is not None and value is not None:
                checker.add(indicator, country, year, value, row.number, "OBS_VALUE")
        return checker.result()
