"""``admtrack progress``: progress to target per indicator x country, per outcome, per region.

The verdicts come straight from :func:`admtrack.services.scoring.plan_verdicts` over the member
states, with the years the dashboard uses, without building the index.
"""

from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit
from admtrack.errors import NotFound

if TYPE_CHECKING:  # the results service loads when the command runs, not at start-up
    from admtrack.services.scoring.model import Verdict


class ProgressView(StrEnum):
    INDICATOR = "indicator"
    OUTCOME = "outcome"
    REGION = "region"


class MeasureGroup(StrEnum):
    SUMMARY = "summary"
    CAGR = "cagr"
    ESCAP = "escap"
    SDSN = "sdsn"
    ALL = "all"


TREND = "trend"

_KEY = ("indicator", "country", "target_set")


class _MeasureColumns(dict[MeasureGroup, tuple[str, ...]]):
    """The columns of each group; ``all`` is read from Verdict's fields when first asked for,
    so that the command starts without loading the results service."""

    def __missing__(self, key: MeasureGroup) -> tuple[str, ...]:
        if key is not MeasureGroup.ALL:
            raise KeyError(key)
        from admtrack.services.scoring.model import Verdict

        self[key] = columns = tuple(f.name for f in fields(Verdict) if f.name not in _KEY)
        return columns


#: Columns of each ``--measures`` group after the key columns (``all``: every Verdict field).
MEASURE_COLUMNS = _MeasureColumns({
    MeasureGroup.SUMMARY: (
        "target_value", "latest_year", "latest_value", "status", "category",
        "anticipated_category", "trend",
    ),
    MeasureGroup.CAGR: (
        "target_value", "target_year", "baseline_year", "baseline_value", "latest_year",
        "latest_value", "cagr_actual", "cagr_required", "cagr_ratio", "category", "target_met",
    ),
    MeasureGroup.ESCAP: (
        "target_value", "target_year", "baseline_value", "latest_value", "current_status",
        "expected_status", "projected_value", "anticipated_progress", "anticipated_category",
        "distance_progress",
    ),
    MeasureGroup.SDSN: (
        "target_value", "target_year", "baseline_value", "latest_value", "annual_change",
        "trend_ratio", "trend", "traffic_light",
    ),
})  # fmt: skip


def verdict_row(v: Verdict, measures: MeasureGroup) -> dict[str, object]:
    """The key columns and the chosen group's columns of one verdict (trend test: ``trend``)."""
    row: dict[str, object] = {
        "indicator": v.indicator,
        "country": v.country,
        "target_set": v.target_set or TREND,
    }
    return row | {name: getattr(v, name) for name in MEASURE_COLUMNS[measures]}


def register(app: typer.Typer) -> None:
    @app.command("progress")
    @user_errors
    def progress(
        plan: str = typer.Option("adm2025", "--plan"),
        by: ProgressView = typer.Option(
            ProgressView.INDICATOR, "--by", help="indicator, outcome or region"
        ),
        indicator: str | None = typer.Option(None, "--indicator"),
        country: str | None = typer.Option(None, "--country", help="ISO3 code"),
        target_set: str | None = typer.Option(
            None,
            "--target-set",
            help=f"a target set id, or {TREND!r} for the trend test without a target",
        ),
        measures: MeasureGroup = typer.Option(
            MeasureGroup.SUMMARY,
            "--measures",
            help="columns per verdict: summary (the three families' categories), cagr (CAGR "
            "ratio), escap (current status, anticipated progress, distance), sdsn (annual "
            "change, trend, light) or all",
        ),
        db: str | None = DB_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Progress of the member states from the baseline year to their latest value: per
        indicator and target set the CAGR ratio, ESCAP current status and anticipated progress,
        distance to target and the SDSN trend (see docs/methodology/progress.md), the summary per
        outcome and country, and the regional counts per outcome."""
        from admtrack.services.scoring import plan_verdicts
        from admtrack.services.stored_data import plan_inputs

        stored = plan_inputs(open_engine(db), plan)
        the_plan = stored.plan
        if indicator is not None and indicator not in {i.code for i in the_plan.indicators}:
            raise NotFound(f"plan {the_plan.id} has no indicator {indicator!r}")
        wanted_country = country.upper() if country else None
        verdicts, outcome_status, regional = plan_verdicts(
            the_plan, stored.observations, stored.countries
        )
        if by is ProgressView.REGION:
            emit([vars_of(s) for s in regional], fmt)
            return
        if by is ProgressView.OUTCOME:
            rows = [
                {k: v for k, v in vars_of(s).items() if k != "missing"}  # parts of the reason
                for s in outcome_status
                if wanted_country in (None, s.country)
            ]
            emit(rows, fmt)
            return
        wanted_set = None if target_set == TREND else target_set
        rows = [
            verdict_row(v, measures)
            for v in verdicts
            if indicator in (None, v.indicator)
            and wanted_country in (None, v.country)
            and (target_set is None or v.target_set == wanted_set)
        ]
        emit(rows, fmt)


def vars_of(record: object) -> dict[str, object]:
    """A slotted dataclass as a plain dict, in field order."""
    assert is_dataclass(record) and not isinstance(record, type)
    return asdict(record)
