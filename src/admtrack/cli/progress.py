"""``admtrack progress``: progress to target per indicator x country, per outcome, per region."""

from __future__ import annotations

from enum import StrEnum

import typer

from admtrack.cli.common import DB_OPTION, open_engine, user_errors
from admtrack.cli.output import FORMAT_OPTION, OutputFormat, emit
from admtrack.services.results import compute_results
from admtrack.store.unit_of_work import Store


class ProgressView(StrEnum):
    INDICATOR = "indicator"
    OUTCOME = "outcome"
    REGION = "region"


TREND = "trend"


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
        db: str | None = DB_OPTION,
        fmt: OutputFormat = FORMAT_OPTION,
    ) -> None:
        """Progress of the member states from the baseline year to their latest value: categories
        per indicator and target set (CAGR ratio, ESCAP, SDSN; see docs/methodology), the summary
        per outcome and country, and the regional counts per outcome."""
        with Store(open_engine(db)).reader() as r:
            the_plan = r.get_plan(plan)
            observations = r.observations(indicator=[i.code for i in the_plan.indicators])
            countries = r.countries()
            latest = r.latest_release()
        results = compute_results(
            the_plan, observations, countries, latest.id if latest else "none", samples=100
        )
        if by is ProgressView.REGION:
            emit([vars_of(s) for s in results.regional], fmt)
            return
        if by is ProgressView.OUTCOME:
            rows = [vars_of(s) for s in results.outcome_status if country in (None, s.country)]
            emit(rows, fmt)
            return
        wanted_set = None if target_set == TREND else target_set
        rows = [
            vars_of(v) | {"target_set": v.target_set or TREND}
            for v in results.verdicts
            if indicator in (None, v.indicator)
            and country in (None, v.country)
            and (target_set is None or v.target_set == wanted_set)
        ]
        emit(rows, fmt)


def vars_of(record: object) -> dict[str, object]:
    """A slotted dataclass as a plain dict, in field order."""
    from dataclasses import asdict, is_dataclass

    assert is_dataclass(record) and not isinstance(record, type)
    return asdict(record)
