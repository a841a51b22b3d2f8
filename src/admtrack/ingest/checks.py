"""Shared validation for every connector: numbers, ranges, countries, years and duplicates.

A :class:`BatchChecker` is created per file. Connectors hand it raw text cells; it parses them,
checks them and collects every problem as an :class:`Issue` (never raising), then returns the
clean observations and all issues together with :meth:`BatchChecker.result`.

Valid ranges are kept per indicator code in :data:`RANGES` (and :data:`FAMILY_RANGES` for
families such as ``SE_ADT_ACTS.<skill>``): a value ``v`` is valid when ``low <= v <= high``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from admtrack.domain.geography import COUNTRIES_BY_ISO3, COUNTRIES_BY_M49
from admtrack.domain.issues import Issue, Location, Severity
from admtrack.domain.numbers import parse_integer, parse_number
from admtrack.domain.observations import Observation, ObservationStatus, Provenance
from admtrack.domain.text import Message

from .base import RETRIEVED, IngestResult

INF = math.inf
PERCENT = (0.0, 100.0)
PER_100 = (0.0, 500.0)  # subscriptions per 100 people (several SIMs per person are common)
GROWTH = (-100.0, 200.0)  # annual growth rates, %
GAP = (-100.0, 100.0)  # differences of two percentages, percentage points
COUNT = (0.0, INF)  # counts, money amounts and other non-negative quantities
ANY = (-INF, INF)  # flows that can be negative (net FDI inflows)
UNIT = (0.0, 1.0)  # UN E-Government indices
BINARY = (0.0, 1.0)

RANGES: dict[str, tuple[float, float]] = {
    # World Bank WDI
    "BM.GSR.ROYL.CD": COUNT,
    "BX.GSR.ROYL.CD": COUNT,
    "BX.KLT.DINV.CD.WD": ANY,
    "BX.KLT.DINV.WD.GD.ZS": (-1000.0, 1000.0),  # FDI % of GDP: negative or >100 in hubs
    "BX.GSR.CCIS.ZS": PERCENT,
    "EG.ELC.ACCS.ZS": PERCENT,
    "FX.OWN.TOTL.ZS": PERCENT,
    "GB.XPD.RSDV.GD.ZS": PERCENT,
    "IE.PPI.TELE.CD": COUNT,
    "IE.PPN.ICTI.CD": COUNT,
    "IP.PAT.RESD": COUNT,
    "IT.CEL.SETS.P2": PER_100,
    "IT.MLT.MAIN.P2": PER_100,
    "IT.NET.BBND.P2": PER_100,
    "IT.NET.SECR.P6": (0.0, 1_000_000.0),
    "IT.NET.USER.ZS": PERCENT,
    "LP.LPI.OVRL.XQ": (1.0, 5.0),
    "NY.GDP.MKTP.CD": COUNT,
    "NY.GDP.MKTP.KD.ZG": GROWTH,
    "NY.GDP.PCAP.CD": COUNT,
    "NY.GNP.PCAP.CD": COUNT,
    "SE.TER.ENRR": (0.0, 200.0),  # gross ratio: can exceed 100
    "SP.POP.SCIE.RD.P6": (0.0, 1_000_000.0),
    "SP.POP.TOTL": COUNT,
    "SP.URB.TOTL.IN.ZS": PERCENT,
    "TX.VAL.TECH.CD": COUNT,
    "TX.VAL.TECH.MF.ZS": PERCENT,
    # UN DESA E-Government Survey
    "EGOV.EGDI": UNIT,
    "EGOV.OSI": UNIT,
    "EGOV.HCI": UNIT,
    "EGOV.TII": UNIT,
    "EGOV.EPI": UNIT,
    # ITU Global Cybersecurity Index 2020
    "GCI.OVERALL": PERCENT,
    "GCI.LEGAL": (0.0, 20.0),
    "GCI.TECHNICAL": (0.0, 20.0),
    "GCI.ORGANISATIONAL": (0.0, 20.0),
    "GCI.CAPACITY": (0.0, 20.0),
    "GCI.COOPERATION": (0.0, 20.0),
    # UNCTAD Global Cyberlaw Tracker
    "CYBERLAW.ETRANS": BINARY,
    "CYBERLAW.CONSUMER": BINARY,
    "CYBERLAW.PRIVACY": BINARY,
    "CYBERLAW.CYBERCRIME": BINARY,
    "CYBERLAW.COUNT": (0.0, 4.0),
    # World Bank WDI, second collection round
    "FX.OWN.TOTL.FE.ZS": PERCENT,
    "FX.OWN.TOTL.MA.ZS": PERCENT,
    "FX.OWN.TOTL.GAP": GAP,
    "FX.OWN.TOTL.ABSGAP": PERCENT,
    "TX.VAL.ICTG.ZS.UN": PERCENT,
    "IP.JRN.ARTC.SC": COUNT,
    "TX.MNF.TECH.ZS.UN": PERCENT,
    "NV.MNF.TECH.ZS.UN": PERCENT,
    "TG.VAL.TOTL.GD.ZS": (0.0, 1000.0),  # trade hubs exceed 100 % of GDP
    "NE.EXP.GNFS.ZS": (0.0, 1000.0),
    "FB.CBK.BRCH.P5": COUNT,
    "FB.ATM.TOTL.P5": COUNT,
    "SL.TLF.CACT.FE.ZS": PERCENT,
    "SE.ADT.LITR.ZS": PERCENT,
    "NY.GDP.PCAP.PP.CD": COUNT,
    # ITU ICT Price Baskets (% of monthly GNI per capita; US$ and PPP$ per month)
    "ITU.MBB2GB.GNI": (0.0, 1000.0),
    "ITU.MBB5GB.GNI": (0.0, 1000.0),
    "ITU.FBB5GB.GNI": (0.0, 1000.0),
    "ITU.MBB2GB.USD": COUNT,
    "ITU.MBB2GB.PPP": COUNT,
    "ITU.MBB5GB.USD": COUNT,
    "ITU.MBB5GB.PPP": COUNT,
    "ITU.FBB5GB.USD": COUNT,
    "ITU.FBB5GB.PPP": COUNT,
    # UNCTAD digitally deliverable services trade (US$ million)
    "UNCTAD.DDS.EXP": COUNT,
    "UNCTAD.DDS.IMP": COUNT,
    # UN SDG database
    "IT_USE_II99.GAP": GAP,
    "IT_USE_II99.ABSGAP": PERCENT,
    "IT_MOB_2GNTWK": PERCENT,
    "IT_MOB_3GNTWK": PERCENT,
    "IT_MOB_4GNTWK": PERCENT,
    "IT_USE_II99": PERCENT,
    "IT_MOB_OWN": PERCENT,
    "IT_MOB_OWN.GAP": GAP,
    "IT_MOB_OWN.ABSGAP": PERCENT,
    "FB_BNK_ACCSS": PERCENT,
    "FB_BNK_ACCSS.GAP": GAP,
    "FB_BNK_ACCSS.ABSGAP": PERCENT,
}

#: Ranges for every ``<family>.<suffix>`` code (ICT skills by type, schools by level).
FAMILY_RANGES: dict[str, tuple[float, float]] = {
    "SE_ADT_ACTS": PERCENT,
    "SE_ACC_INTN": PERCENT,
    "SE_ACS_INTNT": PERCENT,
    "SE_ACS_CMPTR": PERCENT,
    "IT_NET_BBND": PER_100,
    "IT_NET_BBNDN": COUNT,
    "UNCTAD_ICT": PERCENT,  # UNCTAD core ICT-use-in-business indicators (% of businesses)
}

MIN_YEAR = 1900
MAX_YEAR = 2100


def valid_range(indicator: str) -> tuple[float, float] | None:
    """The ``(low, high)`` range of an indicator code, or None when admtrack has none."""
    if indicator in RANGES:
        return RANGES[indicator]
    family, dot, suffix = indicator.partition(".")
    if dot and suffix and family in FAMILY_RANGES:
        return FAMILY_RANGES[family]
    return None


def is_known_indicator(indicator: str) -> bool:
    """True for the indicator codes the bundled connectors produce."""
    return valid_range(indicator) is not None


def _is_iso3_shaped(code: str) -> bool:
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


@dataclass(frozen=True, slots=True)
class _Candidate:
    observation: Observation
    row: int | None
    column: str | None


class BatchChecker:
    """Collects the observations and issues of one file.

    ``skip_unlisted`` is for unfiltered files (EGDI, GCI, UNCTAD list every country): a
    well-formed code of a country admtrack does not track is skipped silently instead of being
    an ``obs.unknown-country`` error. ``known_indicator`` decides which indicator codes are
    accepted (default: the codes in :data:`RANGES`); a known code without a range is not
    range-checked. ``retrieved`` is the retrieval date recorded in every provenance, ``note``
    the provenance note (how the file was obtained, e.g. hand-copied).
    """

    def __init__(
        self,
        source_id: str,
        file: str,
        *,
        skip_unlisted: bool = False,
        known_indicator: Callable[[str], bool] = is_known_indicator,
        retrieved: date = RETRIEVED,
        note: str | None = None,
    ) -> None:
        self.source_id = source_id
        self.note = note
        self.file = file
        self.skip_unlisted = skip_unlisted
        self._known_indicator = known_indicator
        self.retrieved = retrieved
        self._issues: list[Issue] = []
        self._candidates: list[_Candidate] = []

    # -- issues -------------------------------------------------------------------------
    def error(
        self, code: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self._issues.append(Issue(code, Severity.ERROR, message, Location(self.file, row, column)))

    def warning(
        self, code: str, message: str, row: int | None = None, column: str | None = None
    ) -> None:
        self._issues.append(
            Issue(code, Severity.WARNING, message, Location(self.file, row, column))
        )

    def extend(self, issues: tuple[Issue, ...] | list[Issue]) -> None:
        self._issues.extend(issues)

    # -- parsing ------------------------------------------------------------------------
    def number(self, text: str, row: int, column: str) -> float | None:
        """Parse a finite number strictly (:mod:`admtrack.domain.numbers`: ASCII digits, one sign,
        one decimal point, an optional exponent); an empty cell is a missing value (None, no
        issue)."""
        stripped = text.strip()
        if not stripped:
            return None
        value = parse_number(stripped)
        if value is None:
            shown = stripped if len(stripped) <= 40 else stripped[:40] + "..."
            self.error(
                "obs.not-a-number",
                Message("%(text)r is not a finite number", text=shown),
                row,
                column,
            )
        return value

    def year(self, text: str, row: int, column: str) -> int | None:
        """Parse a calendar year between 1900 and 2100 (ASCII digits; ``2020.0`` accepted)."""
        stripped = text.strip()
        value = parse_integer(stripped, allow_point_zero=True)
        if value is None:
            shown = stripped if len(stripped) <= 40 else stripped[:40] + "..."
            self.error("obs.bad-year", Message("%(text)r is not a year", text=shown), row, column)
            return None
        if not MIN_YEAR <= value <= MAX_YEAR:
            self.error(
                "obs.bad-year",
                Message("year %(year)s is outside %(first)s-%(last)s", year=value, first=MIN_YEAR,
                        last=MAX_YEAR),
                row,
                column,
            )  # fmt: skip
            return None
        return value

    def country(self, code: str, row: int, column: str) -> str | None:
        """The ISO3 code if admtrack tracks it; None when skipped or unknown (then an issue)."""
        stripped = code.strip()
        if stripped in COUNTRIES_BY_ISO3:
            return stripped
        if self.skip_unlisted and _is_iso3_shaped(stripped):
            return None
        self.error(
            "obs.unknown-country",
            Message("unknown country code %(code)r", code=stripped),
            row,
            column,
        )
        return None

    def m49_country(self, code: str, row: int, column: str) -> str | None:
        """The ISO3 code for a UN M49 numeric code (``"096"`` or ``"96"``)."""
        stripped = code.strip()
        number = parse_integer(stripped) if stripped.isascii() and stripped.isdigit() else None
        if number is not None and number in COUNTRIES_BY_M49:
            return COUNTRIES_BY_M49[number].iso3
        if self.skip_unlisted and number is not None:
            return None
        self.error(
            "obs.unknown-country",
            Message("unknown UN M49 area code %(code)r", code=stripped),
            row,
            column,
        )
        return None

    # -- observations ---------------------------------------------------------------------
    def add(
        self,
        indicator: str,
        country: str,
        year: int,
        value: float,
        row: int | None,
        column: str | None,
        status: ObservationStatus = ObservationStatus.OBSERVED,
        provenance_file: str | None = None,
    ) -> None:
        """Check the indicator and range of a parsed value and keep it if valid."""
        if not self._known_indicator(indicator):
            self.error(
                "obs.unknown-indicator",
                Message("unknown indicator code %(code)r", code=indicator),
                row,
                column,
            )
            return
        bounds = valid_range(indicator)
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            self.error(
                "obs.out-of-range",
                Message(
                    "%(indicator)s value %(value)r is outside [%(low)s, %(high)s]",
                    indicator=indicator,
                    value=value,
                    low=bounds[0],
                    high=bounds[1],
                ),
                row,
                column,
            )
            return
        provenance = Provenance(
            provenance_file or self.file, row, column, self.retrieved, self.note
        )
        observation = Observation(
            indicator, country, year, value, self.source_id, status, provenance
        )
        self._candidates.append(_Candidate(observation, row, column))

    def result(self) -> IngestResult:
        """The observations kept and all issues; each repeated (indicator, country, year) key
        after its first occurrence is an ``obs.duplicate`` error and is dropped."""
        first_row: dict[tuple[str, str, int], int | None] = {}
        kept: list[Observation] = []
        duplicates: list[Issue] = []
        for cand in self._candidates:
            key = cand.observation.key
            if key in first_row:
                message = Message("%(key)s already given in row %(row)s",
                                  key="/".join(map(str, key)), row=first_row[key])  # fmt: skip
                location = Location(self.file, cand.row, cand.column)
                duplicates.append(Issue("obs.duplicate", Severity.ERROR, message, location))
                continue
            first_row[key] = cand.row
            kept.append(cand.observation)
        return IngestResult(tuple(kept), tuple(self._issues + duplicates))
