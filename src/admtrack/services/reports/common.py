"""Pieces every report shares: number formats, state names in two scripts, verdict lookups,
trend-chart rows, the sources table, the citation and the methodology annex (rendered from the
method and plan in use)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

from admtrack.analytics.progress import STATUS_OF, STATUSES
from admtrack.domain.framework import Indicator, Plan
from admtrack.reports.charts import with_unit
from admtrack.reports.model import Bullets, Paragraph, Section, Span, Table, Text
from admtrack.reports.names import state_name
from admtrack.services.reports.inputs import ReportInputs
from admtrack.services.scoring import IndexMethod, PlanResults, RankInterval, Verdict

STATUS_ORDER = STATUSES
#: How the reports word each status in a count ("3 need acceleration").
STATUS_LABEL = {
    "on track": "on track",
    "at ceiling": "at ceiling",
    "stable": "stable",
    "needs acceleration": "need acceleration",
    "regressed": "regressed",
    "no verdict": "no verdict",
    "not measured": "not measured",
}


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def fmt_value(value: float | None) -> str:
    """An observed value with three significant digits (thousands separated)."""
    if value is None:
        return "–"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def interval_text(band: RankInterval | None) -> str:
    if band is None:
        return "–"
    return f"{band.p05:.0f}–{band.p95:.0f}"


def native_span(inputs: ReportInputs, iso3: str) -> Span:
    name = state_name(iso3, inputs.name(iso3))
    return Span(name.native, name.locale)


def names_table(inputs: ReportInputs, units: Sequence[str]) -> Table:
    """The member states in English and in their own language and script (from CLDR)."""
    rows: list[tuple[Text, ...]] = []
    for iso3 in units:
        name = state_name(iso3, inputs.name(iso3))
        rows.append((iso3, name.english, Span(name.native, name.locale), name.language))
    return Table(
        caption="Member states",
        columns=("ISO3", "Name", "Own name", "Language"),
        rows=tuple(rows),
        css_class="names",
        note="Own names from the Unicode CLDR (through Babel); Singapore in Malay, its national "
        "language; Timor-Leste in Portuguese, CLDR having no Tetum data.",
    )


def primary_verdict(results: PlanResults, indicator: str, iso3: str) -> Verdict | None:
    """The verdict the outcome summaries count: the first target set's, else the trend test's
    (the same choice as the results service's summaries and the dashboard's outcome page)."""
    verdicts = results.verdicts_for(indicator=indicator, country=iso3)
    targeted = [v for v in verdicts if v.target_set is not None]
    chosen = targeted or verdicts
    return chosen[0] if chosen else None


#: Years before the plan's baseline that the trend charts show (the plan's own years all).
TREND_YEARS_BEFORE = 10


def trend_rows(
    inputs: ReportInputs, indicators: Iterable[Indicator], units: Sequence[str]
) -> list[dict[str, Any]]:
    """Rows for the dashboard's small-multiples chart: the members' observed values from
    ``TREND_YEARS_BEFORE`` years before the plan's baseline on (all years for a plan without)."""
    wanted = set(units)
    plan = inputs.plan
    base = plan.baseline_year or (plan.period[0] - 1 if plan.period else None)
    first = base - TREND_YEARS_BEFORE if base is not None else -10_000
    return [
        {"indicator": ind.code, "label": with_unit(ind.name, ind.unit), "country": o.country,
         "name": inputs.name(o.country), "year": o.year, "value": o.value}
        for ind in indicators for o in inputs.observations.get(ind.code, [])
        if o.country in wanted and o.year >= first
    ]  # fmt: skip


def median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def source_line(ind: Indicator) -> str:
    src = ind.source
    if src is None:
        return "source not recorded"
    return f"{src.publisher}, {src.dataset}"


def sources_section(inputs: ReportInputs, indicators: Sequence[Indicator]) -> Section:
    """Sources and licences of the indicators used, and the citation of the release."""
    seen: dict[tuple[str, str], tuple[str, str, str]] = {}
    for ind in indicators:
        if ind.source is not None:
            s = ind.source
            seen.setdefault((s.publisher, s.dataset), (s.licence, s.url, ind.code))
    rows = tuple(
        (publisher, dataset, licence, url or "–")
        for (publisher, dataset), (licence, url, _) in sorted(seen.items())
    )
    return Section(
        id="sources",
        title="Sources, licences and citation",
        blocks=(
            Table(
                "Data sources of the indicators",
                ("Publisher", "Dataset", "Licence", "URL"),
                rows,
                compact=True,
            ),  # fmt: skip
            Paragraph(
                (
                    f"Release {inputs.release.id}, published {inputs.release.published}: "
                    f"{inputs.release.description}",
                )
            ),  # fmt: skip
            Paragraph(("Cite as: ", citation(inputs), ".")),
        ),
    )


def citation(inputs: ReportInputs) -> str:
    return (
        f"admtrack, {inputs.plan.name} monitoring data, release {inputs.release.id} "
        f"({inputs.release.published.isoformat()}), plan {inputs.plan.id}"
    )


def method_rows(method: IndexMethod, samples: int, seed: int) -> tuple[tuple[str, str], ...]:
    rows = [(f.name.replace("_", " "), str(getattr(method, f.name))) for f in fields(method)]
    rows += [("uncertainty replications", str(samples)), ("random seed", str(seed))]
    return tuple(rows)


def methodology_section(inputs: ReportInputs) -> Section:
    """The parameters in use, read from the results (index method) and the plan (targets)."""
    plan: Plan = inputs.plan
    blocks: list[Any] = []
    results = inputs.results
    if results is not None:
        doc = (IndexMethod.__doc__ or "").strip().split("\n\n")
        blocks.append(Paragraph((" ".join(line.strip() for line in doc[0].splitlines()),)))
        blocks.append(Table("Index method in use", ("Parameter", "Value"),
                            method_rows(results.method, results.samples, results.seed)))  # fmt: skip
    else:
        blocks.append(Paragraph(("No composite index for this plan: ", inputs.results_problem)))
    sets = tuple(
        (ts.id, ts.name, ts.attribution, "yes" if ts.is_plan_target else "no")
        for ts in plan.target_sets
    )
    if sets:
        blocks.append(Table("Target sets", ("Id", "Name", "Attribution", "Plan's own"), sets))
    if plan.period:
        blocks.append(Paragraph((
            f"Progress is measured from the baseline year {plan.baseline_year or plan.period[0] - 1} "
            f"to each state's latest value; targets without a year are due at the end of the "
            f"plan's period ({plan.period[1]}). A state's outcome status is the lower median of "
            "its indicators' statuses; the regional verdict of an outcome is the status most "
            "measured member states are in.",
        )))  # fmt: skip
    if plan.indicator_note:
        blocks.append(Paragraph((plan.indicator_note,)))
    by_status: dict[str, list[str]] = {s: [] for s in STATUS_ORDER}
    for category, status in STATUS_OF.items():
        by_status.setdefault(status, []).append(category)
    blocks.append(Paragraph(("Which progress categories count as which status:",)))
    blocks.append(Bullets(tuple(
        (f"{STATUS_LABEL.get(status, status)}: {', '.join(cats)}",)
        for status, cats in by_status.items()
    )))  # fmt: skip
    return Section(id="methodology", title="Methodology annex", blocks=tuple(blocks),
                   page_break=True)  # fmt: skip
