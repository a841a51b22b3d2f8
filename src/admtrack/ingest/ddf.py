"""UN SDG Global Database series in the Open Numbers DDF layout (``geo_area`` = UN M49 code).

A datapoints file ``ddf--datapoints--<concept>--by--<dims>--year.csv`` has one column per
dimension, ``year`` and the value column ``<concept>``. Which dimension values are read was
chosen by inspecting ``ddf--entities--*.csv`` and the datapoints (see :data:`SERIES`):

* ``it_mob_2gntwk``, ``it_mob_3gntwk``, ``it_mob_4gntwk`` (units ``percent``): population
  covered by at least a 2G/3G/4G network -> ``IT_MOB_2GNTWK`` ... ``IT_MOB_4GNTWK``.
* ``it_use_ii99`` (units ``per_100_pop``): Internet users per 100 people -> ``IT_USE_II99``.
* ``it_mob_own``: mobile-phone ownership, ``sex = bothsex`` -> ``IT_MOB_OWN``; the gender gap
  ``IT_MOB_OWN.GAP = male - female`` (percentage points) where both are given, and
  ``IT_MOB_OWN.ABSGAP = |male - female|``, the distance from parity.
* ``fb_bnk_accss``: account ownership, ``age = 15`` (15+), ``quantile = notspec`` (the file's
  only quantile: all income groups together, no ``t`` total is used), ``sex = bothsex`` ->
  ``FB_BNK_ACCSS``; ``FB_BNK_ACCSS.GAP = male - female``; ``FB_BNK_ACCSS.ABSGAP`` its absolute value.
* ``se_adt_acts``: ICT skills, ``sex = bothsex``, one code per ``type_of_skill``
  -> ``SE_ADT_ACTS.<SKILL>`` (e.g. ``SE_ADT_ACTS.ARSP``, spreadsheet arithmetic formulas).
* ``se_acc_intn``: schools with Internet for pedagogical purposes, one code per
  ``education_level`` -> ``SE_ACC_INTN.<LEVEL>`` (``PRIMAR``, ``LOWSEC``, ``UPPSEC``); the
  ``nature`` (``c`` country data, ``e`` estimate for World and South-Eastern Asia) is not a
  key, since each area/level/year has a single row.

The December 2023 snapshot (:data:`SERIES_2023`, connector id ``un-sdg-2023``) has the same
layout with more dimensions (``age``, ``freq``, ``location``, ``education_level``): the rows read
are the all-ages (``notspec``/``allage``/``15`` for 15+), all-areas, all-levels totals, and
Internet use now comes by sex (``IT_USE_II99.GAP``/``.ABSGAP``); fixed broadband by speed tier
-> ``IT_NET_BBND.<TIER>`` (per 100) and ``IT_NET_BBNDN.<TIER>`` (subscriptions, ``ANYS`` = any
speed); schools with Internet / computers -> ``SE_ACS_INTNT.<LEVEL>`` / ``SE_ACS_CMPTR.<LEVEL>``.
The codes it shares with the 2020 snapshot are the same series in a later vintage.

Gaps are rounded to 10 decimal places to remove binary noise (``98.9999 - 99``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from admtrack.domain.observations import SourceRef

from .base import RETRIEVED, IngestResult
from .checks import BatchChecker
from .csvtable import file_issue, read_csv

GAP_DECIMALS = 10


@dataclass(frozen=True, slots=True)
class SeriesSelection:
    """Which rows of a concept to read: fixed dimension values, an optional dimension whose
    value becomes a code suffix, and whether to derive the male-minus-female gap."""

    code: str
    fixed: dict[str, str] = field(default_factory=dict)
    suffix_by: str | None = None
    gender_gap: bool = False


SERIES: dict[str, SeriesSelection] = {
    "it_mob_2gntwk": SeriesSelection("IT_MOB_2GNTWK", {"units": "percent"}),
    "it_mob_3gntwk": SeriesSelection("IT_MOB_3GNTWK", {"units": "percent"}),
    "it_mob_4gntwk": SeriesSelection("IT_MOB_4GNTWK", {"units": "percent"}),
    "it_use_ii99": SeriesSelection("IT_USE_II99", {"units": "per_100_pop"}),
    "it_mob_own": SeriesSelection("IT_MOB_OWN", {"units": "percent"}, gender_gap=True),
    "fb_bnk_accss": SeriesSelection(
        "FB_BNK_ACCSS",
        {"units": "percent", "age": "15", "quantile": "notspec"},
        gender_gap=True,
    ),
    "se_adt_acts": SeriesSelection(
        "SE_ADT_ACTS", {"units": "percent", "sex": "bothsex"}, suffix_by="type_of_skill"
    ),
    "se_acc_intn": SeriesSelection(
        "SE_ACC_INTN", {"units": "percent"}, suffix_by="education_level"
    ),
}

SERIES_2023: dict[str, SeriesSelection] = {
    "it_mob_2gntwk": SERIES["it_mob_2gntwk"],
    "it_mob_3gntwk": SERIES["it_mob_3gntwk"],
    "it_mob_4gntwk": SERIES["it_mob_4gntwk"],
    "it_mob_own": SERIES["it_mob_own"],
    "it_use_ii99": SeriesSelection(
        "IT_USE_II99", {"units": "percent", "age": "notspec"}, gender_gap=True
    ),
    "it_net_bbnd": SeriesSelection(
        "IT_NET_BBND",
        {"units": "per_100_pop", "age": "notspec", "sex": "notspec", "location": "notspec"},
        suffix_by="type_of_speed",
    ),
    "it_net_bbndn": SeriesSelection(
        "IT_NET_BBNDN",
        {"units": "number", "age": "notspec", "sex": "notspec", "location": "notspec"},
        suffix_by="type_of_speed",
    ),
    "fb_bnk_accss": SeriesSelection(
        "FB_BNK_ACCSS",
        {
            "units": "percent",
            "age": "15",
            "quantile": "t",
            "education_level": "t",
            "location": "allarea",
        },
        gender_gap=True,
    ),
    "se_adt_acts": SeriesSelection(
        "SE_ADT_ACTS",
        {"units": "percent", "sex": "bothsex", "age": "allage", "location": "allarea"},
        suffix_by="type_of_skill",
    ),
    "se_acs_intnt": SeriesSelection(
        "SE_ACS_INTNT", {"units": "percent"}, suffix_by="education_level"
    ),
    "se_acs_cmptr": SeriesSelection(
        "SE_ACS_CMPTR", {"units": "percent"}, suffix_by="education_level"
    ),
}

SDG_2020 = SourceRef(
    publisher="United Nations Statistics Division (UN SDG Global Database), via Open Numbers",
    dataset="Global SDG Indicators Database, DDF edition open-numbers/ddf--unstats--sdg_indicators (2020 snapshot)",
    licence="UN terms of use; Open Numbers DDF package CC-BY-4.0",
    url="https://github.com/open-numbers/ddf--unstats--sdg_indicators",
    citation="United Nations (2020). Global SDG Indicators Database. New York: UN Statistics Division.",
    vintage="2020-10-19",
)
SDG_2023 = SourceRef(
    publisher="United Nations Statistics Division (UN SDG Global Database), via Open Numbers",
    dataset=(
        "Global SDG Indicators Database, December 2023 snapshot (DDF edition "
        "open-numbers/ddf--unstats--sdg_indicators, branch autogenerated, commit e0117e9f)"
    ),
    licence="UN terms of use (attribution); Open Numbers DDF package CC-BY-4.0",
    url="https://github.com/open-numbers/ddf--unstats--sdg_indicators/tree/autogenerated",
    citation="United Nations (2023). Global SDG Indicators Database. New York: UN Statistics Division.",
    vintage="2023-12-17",
)

_SexKey = tuple[str, str, int]  # (code, country, year)


class SdgDdfConnector:
    """One snapshot of the SDG database in the DDF layout: its id, source and series read."""

    def __init__(
        self,
        connector_id: str = "un-sdg",
        source: SourceRef = SDG_2020,
        series: dict[str, SeriesSelection] | None = None,
        retrieved: date = RETRIEVED,
    ) -> None:
        self.id = connector_id
        self.source = source
        self.series = SERIES if series is None else series
        self.retrieved = retrieved

    def read(self, path: Path, name: str | None = None) -> IngestResult:
        label = name or path.name
        checker = BatchChecker(self.id, label, retrieved=self.retrieved)
        table = read_csv(path, label, ("geo_area", "year"))
        checker.extend(table.issues)
        if not table.header:
            return checker.result()
        concept = table.header[-1]
        selection = self.series.get(concept)
        if selection is None:
            message = f"no admtrack series is read from concept {concept!r}"
            checker.extend((file_issue("obs.unknown-indicator", message, label, 1, concept),))
            return checker.result()
        needed = [*selection.fixed, *([selection.suffix_by] if selection.suffix_by else [])]
        if selection.gender_gap:
            needed.append("sex")
        missing = [c for c in needed if c not in table.header]
        for column in missing:
            checker.error(
                "file.missing-column", f"required column {column!r} is missing", 1, column
            )
        if missing:
            return checker.result()
        by_sex: dict[str, dict[_SexKey, tuple[float, int]]] = {"male": {}, "female": {}}
        for row in table.rows:
            if any(row[dim] != value for dim, value in selection.fixed.items()):
                continue
            code = selection.code
            if selection.suffix_by is not None:
                code = f"{code}.{row[selection.suffix_by].upper()}"
            value = checker.number(row[concept], row.number, concept)
            country = checker.m49_country(row["geo_area"], row.number, "geo_area")
            year = checker.year(row["year"], row.number, "year")
            if value is None or country is None or year is None:
                continue
            sex = row.values.get("sex", "bothsex") if selection.gender_gap else "bothsex"
            if sex == "bothsex":
                checker.add(code, country, year, value, row.number, concept)
            elif sex in by_sex:
                key = (code, country, year)
                if key in by_sex[sex]:
                    first = by_sex[sex][key][1]
                    message = f"{code}/{country}/{year} ({sex}) already given in row {first}"
                    checker.error("obs.duplicate", message, row.number, concept)
                    continue
                by_sex[sex][key] = (value, row.number)
        if selection.gender_gap:
            self._add_gaps(by_sex, concept, checker)
        return checker.result()

    @staticmethod
    def _add_gaps(
        by_sex: dict[str, dict[_SexKey, tuple[float, int]]], concept: str, checker: BatchChecker
    ) -> None:
        """``<code>.GAP = male - female`` and ``<code>.ABSGAP = |male - female|`` (distance from
        parity, whichever sex is behind) for every key with both values."""
        for key, (male, male_row) in sorted(by_sex["male"].items()):
            if key not in by_sex["female"]:
                continue
            female, female_row = by_sex["female"][key]
            code, country, year = key
            column = f"{concept} (male row {male_row} minus female row {female_row})"
            gap = round(male - female, GAP_DECIMALS)
            checker.add(f"{code}.GAP", country, year, gap, male_row, column)
            checker.add(f"{code}.ABSGAP", country, year, abs(gap), male_row, f"|{column}|")
