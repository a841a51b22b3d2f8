"""World Bank World Development Indicators, in the two layouts found in the raw data.

* Datahub mirror (``WdiDatahubConnector``): one folder per series, ``<series>/data.csv`` with
  columns ``Country Name, Country Code, Year, Value`` and a ``datapackage.json`` whose ``name``
  is the lower-case series code. The indicator code is that name upper-cased
  (``ny.gdp.mktp.kd.zg`` -> ``NY.GDP.MKTP.KD.ZG``).
* Open Numbers DDF (``WdiDdfConnector``): ``ddf--datapoints--<concept>--by--geo--time.csv``
  with columns ``geo, time, <concept>``; ``geo`` is a lower-case ISO3 code and the indicator
  code is the concept upper-cased with ``_`` read as ``.`` (``fx_own_totl_zs`` ->
  ``FX.OWN.TOTL.ZS``).

Both files were filtered to admtrack's countries, so an unknown country code is an error.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import RETRIEVED, IngestResult
from .checks import BatchChecker
from .csvtable import file_issue, read_csv
from .safe_read import FileRefused, load_json, read_text

WDI_CITATION = "World Bank (2026). World Development Indicators. Washington, DC: The World Bank."


def _series_code(folder: Path) -> tuple[str, list[str]]:
    """The series code from ``datapackage.json`` (falling back to the folder name)."""
    package = folder / "datapackage.json"
    problems: list[str] = []
    if package.is_file():
        try:
            meta = load_json(read_text(package), package.name)
        except FileRefused as exc:
            problems.extend(i.message for i in exc.issues)
            meta = None
        name = meta.get("name") if isinstance(meta, dict) else None
        if isinstance(name, str) and name:
            if name.lower() != folder.name.lower():
                problems.append(f"datapackage.json names {name!r}, the folder is {folder.name!r}")
            return name.upper(), problems
    return folder.name.upper(), problems


DATAHUB = SourceRef(
    publisher="World Bank",
    dataset="World Development Indicators (Datahub mirror datasets/world-development-indicators)",
    licence="CC-BY-4.0",
    url="https://github.com/datasets/world-development-indicators",
    citation=WDI_CITATION,
    vintage="2026-07-01",
)

OPEN_NUMBERS = SourceRef(
    publisher="World Bank (via Open Numbers / Gapminder)",
    dataset="World Development Indicators, DDF edition open-numbers/ddf--open_numbers--world_development_indicators",
    licence="CC-BY-4.0",
    url="https://github.com/open-numbers/ddf--open_numbers--world_development_indicators",
    citation=WDI_CITATION,
)

#: The further Open Numbers WDI series of the second round (hand-copied; IT.NET.USER.ZS here is
#: a later vintage than OWID's copy: it has 2024 values and ITU's whole-series revisions).
OPEN_NUMBERS_2 = SourceRef(
    publisher="World Bank (via Open Numbers / Gapminder)",
    dataset=(
        "World Development Indicators, DDF edition open-numbers/ddf--open_numbers--"
        "world_development_indicators (commits 01a34e8b, 0b3bf626), hand-copied"
    ),
    licence="CC-BY-4.0",
    url="https://github.com/open-numbers/ddf--open_numbers--world_development_indicators",
    citation=WDI_CITATION,
    # the commit dates were not recorded; later than OWID's copy of 2025-01-24 (it holds 2024
    # values and ITU's revisions)
    vintage="commit 01a34e8b (IT.NET.USER.ZS, FX.OWN.TOTL.*), 0b3bf626 (TX.VAL.ICTG.ZS.UN)",
)


class WdiDatahubConnector:
    """``<series>/data.csv`` files of the Datahub WDI mirror (``wdi``; ``wdi-extra`` for the
    series of the second round, from the same mirror and commit, retrieved later)."""

    def __init__(
        self, connector_id: str = "wdi", source: SourceRef = DATAHUB, retrieved: date = RETRIEVED
    ) -> None:
        self.id = connector_id
        self.source = source
        self.retrieved = retrieved

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or f"{path.parent.name}/{path.name}"
        indicator, problems = _series_code(path.parent)
        checker = BatchChecker(self.id, label, retrieved=self.retrieved)
        for problem in problems:
            checker.error("file.bad-metadata", problem)
        table = read_csv(path, label, ("Country Code", "Year", "Value"))
        checker.extend(table.issues)
        for row in table.rows:
            value = checker.number(row["Value"], row.number, "Value")
            country = checker.country(row["Country Code"], row.number, "Country Code")
            year = checker.year(row["Year"], row.number, "Year")
            if value is not None and country is not None and year is not None:
                checker.add(indicator, country, year, value, row.number, "Value")
        return checker.result()


class WdiDdfConnector:
    """``ddf--datapoints--<concept>--by--geo--time.csv`` files of the Open Numbers WDI DDF
    (``wdi-ddf``; ``wdi-ddf-2`` for the hand-copied files of the second round, whose values carry
    the :data:`~admtrack.ingest.base.HAND_COPIED` note)."""

    def __init__(
        self,
        connector_id: str = "wdi-ddf",
        source: SourceRef = OPEN_NUMBERS,
        retrieved: date = RETRIEVED,
        note: str | None = None,
    ) -> None:
        self.id = connector_id
        self.source = source
        self.retrieved = retrieved
        self.note = note

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, retrieved=self.retrieved, note=self.note)
        table = read_csv(path, label, ("geo", "time"))
        checker.extend(table.issues)
        concepts = [c for c in table.header if c not in ("geo", "time")]
        if table.header and len(concepts) != 1:
            checker.extend(
                (
                    file_issue(
                        "file.missing-column",
                        f"expected one value column besides geo and time, found {concepts}",
                        label,
                        1,
                    ),
                )
            )
            return checker.result()
        if not table.rows:
            return checker.result()
        concept = concepts[0]
        indicator = concept.upper().replace("_", ".")
        for row in table.rows:
            value = checker.number(row[concept], row.number, concept)
            country = checker.country(row["geo"].upper(), row.number, "geo")
            year = checker.year(row["time"], row.number, "time")
            if value is not None and country is not None and year is not None:
                checker.add(indicator, country, year, value, row.number, concept)
        return checker.result()
