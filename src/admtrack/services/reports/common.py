"""Pieces every report shares: number formats, state names in two scripts, verdict lookups,
trend-chart rows, the sources table, the citation and the methodology annex (rendered from the
method and plan in use)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any

from admtrack import i18n
from admtrack.analytics.progress import STATUS_OF, STATUSES
from admtrack.domain.framework import Indicator, Plan
from admtrack.i18n import N_
from admtrack.i18n import gettext as _
from admtrack.i18n.vocabulary import STATUS_COUNTS
from admtrack.reports.charts import with_unit
from admtrack.reports.model import Bullets, Paragraph, Section, Span, Table, Text
from admtrack.reports.names import state_name
from admtrack.services.reports.inputs import ReportInputs
from admtrack.services.scoring import IndexMethod, PlanResults, RankInterval, Verdict

STATUS_ORDER = STATUSES
#: How the reports word each status in a count ("3 need acceleration"): the vocabulary's.
STATUS_LABEL = STATUS_COUNTS


def fmt(value: float | None, digits: int = 1) -> str:
    """A number in the report's language (the language in force: :func:`admtrack.i18n.using`)."""
    if value is None:
        return "–"
    return i18n.format_number(value, 0 if abs(value) >= 1000 else digits)


def fmt_value(value: float | None) -> str:
    """An observed value with three significant digits (thousands separated)."""
    if value is None:
        return "–"
    if abs(value) >= 100:
        return i18n.format_number(value, 0)
    text = f"{value:.3g}"
    if i18n.current() == i18n.SOURCE_LANGUAGE or "e" in text:
        return text
    return text.replace(".", i18n.number_symbol("decimal"))


def local_name(inputs: ReportInputs, iso3: str) -> str:
    """A state's name in the report's language (CLDR; admtrack's English name in English)."""
    return i18n.country_name(iso3, inputs.name(iso3))


def outcome_summary(plan: Plan, outcome_id: str) -> str:
    """An outcome's summary in the language in force (the plan file's), else the English one."""
    t = plan.translation(i18n.current())
    return (t.outcome_summary(outcome_id) if t else "") or plan.outcome(outcome_id).summary


def word(text: str | None) -> str:
    """A word the reports show as data (a status, a category, an assumption: marked in
    :mod:`admtrack.i18n.vocabulary`) in the language in force; "–" for none."""
    return _(text) if text else "–"


def plan_text(plan: Plan, key: str = "", *, indicator: bool = False) -> str:
    """The plan's name (no ``key``), an outcome's or an indicator's name in the language in
    force, from the plan file's translations; English where the plan has none."""
    t = plan.translation(i18n.current())
    if not key:
        return (t.name if t else "") or plan.name
    if indicator:
        return (t.indicator_name(key) if t else "") or plan.indicator(key).name
    return (t.outcome_name(key) if t else "") or plan.outcome(key).name


def interval_text(band: RankInterval | None) -> str:
    if band is None:
        return "–"
    return f"{i18n.format_number(band.p05, 0)}–{i18n.format_number(band.p95, 0)}"


def native_span(inputs: ReportInputs, iso3: str) -> Span:
    name = state_name(iso3, inputs.name(iso3))
    return Span(name.native, name.locale)


def names_table(inputs: ReportInputs, units: Sequence[str]) -> Table:
    """The member states in the report's language and in their own language and script (from
    CLDR), with that language's name in the report's language."""
    rows: list[tuple[Text, ...]] = []
    for iso3 in units:
        name = state_name(iso3, inputs.name(iso3))
        language = i18n.language_name(name.locale) or name.language
        rows.append((iso3, local_name(inputs, iso3), Span(name.native, name.locale), language))
    return Table(
        caption=_("Member states"),
        columns=("ISO3", _("Name"), _("Own name"), _("Language")),
        rows=tuple(rows),
        css_class="names",
        note=_(
            "Own names from the Unicode CLDR (through Babel); Singapore in Malay, its national "
            "language; Timor-Leste in Portuguese, CLDR having no Tetum data."
        ),
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
        {"indicator": ind.code, "label": with_unit(plan_text(plan, ind.code, indicator=True),
                                                   ind.unit),
         "country": o.country, "name": local_name(inputs, o.country), "year": o.year,
         "value": o.value}
        for ind in indicators for o in inputs.observations.get(ind.code, [])
        if o.country in wanted and o.year >= first
    ]  # fmt: skip


def median(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def source_line(ind: Indicator) -> str:
    src = ind.source
    if src is None:
        return _("source not recorded")
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
        title=_("Sources, licences and citation"),
        blocks=(
            Table(
                _("Data sources of the indicators"),
                (_("Publisher"), _("Dataset"), _("Licence"), "URL"),
                rows,
                compact=True,
            ),  # fmt: skip
            Paragraph(
                (
                    _("Release %(release)s, published %(date)s: %(description)s")
                    % {
                        "release": inputs.release.id,
                        "date": i18n.format_date(inputs.release.published),
                        "description": inputs.release.description,
                    },
                )
            ),  # fmt: skip
            Paragraph((_("Cite as:") + " ", citation(inputs), ".")),
        ),
    )


def citation(inputs: ReportInputs) -> str:
    """How to cite the release (the plan's name in the report's language, the date as ISO)."""
    return _("admtrack, %(plan)s monitoring data, release %(release)s (%(date)s), plan %(id)s") % {
        "plan": plan_text(inputs.plan), "release": inputs.release.id,
        "date": inputs.release.published.isoformat(), "id": inputs.plan.id,
    }  # fmt: skip


#: The index method's parameters as the methodology annex names them (field -> label).
METHOD_LABELS = {
    "normalisation": N_("normalisation"), "aggregation": N_("aggregation"),
    "latest_window": N_("latest window (years)"), "reference_year": N_("reference year"),
    "outcome_dat_thresh": N_("outcome data threshold (share of indicators)"),
    "index_dat_thresh": N_("index data threshold (share of outcomes)"),
    "weight_noise": N_("weight noise"), "gmean_offset": N_("geometric-mean offset"),
    "exclude_one_indicator": N_("exclude one indicator"),
    "denominator_scale": N_("denominator scale"), "strengths_top": N_("strengths and weaknesses"),
    "sensitivity_base_rows": N_("sensitivity base rows"),
}  # fmt: skip
#: The method's named choices (values of :class:`IndexMethod` fields) as the annex words them.
METHOD_VALUES = {
    "minmax": N_("min-max"), "goalposts": N_("goalposts"), "amean": N_("arithmetic mean"),
    "gmean": N_("geometric mean"),
}  # fmt: skip


def _method_value(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int):
        return str(value) if 1000 <= value <= 9999 else i18n.format_number(value)  # a year
    if isinstance(value, float):
        return i18n.format_number(value, 2).rstrip("0").rstrip(i18n.number_symbol("decimal"))
    text = str(value)
    return _(METHOD_VALUES[text]) if text in METHOD_VALUES else text


def method_rows(method: IndexMethod, samples: int, seed: int) -> tuple[tuple[str, str], ...]:
    rows = [
        (_(METHOD_LABELS.get(f.name, f.name.replace("_", " "))),
         _method_value(getattr(method, f.name)))
        for f in fields(method)
    ]  # fmt: skip
    rows += [(_("uncertainty replications"), i18n.format_number(samples)),
             (_("random seed"), str(seed))]  # fmt: skip
    return tuple(rows)


#: The first paragraph of :class:`IndexMethod`'s documentation, as the annex opens with it
#: (a test checks the two agree).
METHOD_INTRO = N_("The documented choices of the composite index (see /methodology).")


def methodology_section(inputs: ReportInputs) -> Section:
    """The parameters in use, read from the results (index method) and the plan (targets)."""
    plan: Plan = inputs.plan
    blocks: list[Any] = []
    results = inputs.results
    if results is not None:
        blocks.append(Paragraph((_(METHOD_INTRO),)))
        blocks.append(Table(_("Index method in use"), (_("Parameter"), _("Value")),
                            method_rows(results.method, results.samples, results.seed)))  # fmt: skip
    else:
        blocks.append(Paragraph((_("No composite index for this plan:") + " ",
                                 inputs.results_problem)))  # fmt: skip
    sets = tuple(
        (ts.id, ts.name, ts.attribution, _("yes") if ts.is_plan_target else _("no"))
        for ts in plan.target_sets
    )
    if sets:
        blocks.append(
            Table(_("Target sets"), (_("Id"), _("Name"), _("Attribution"), _("Plan's own")), sets)
        )
    if plan.period:
        blocks.append(Paragraph((
            _("Progress is measured from the baseline year %(baseline)s to each state's latest "
              "value; targets without a year are due at the end of the plan's period (%(end)s). "
              "A state's outcome status is the lower median of its indicators' statuses; the "
              "regional verdict of an outcome is the status most measured member states are "
              "in.") % {"baseline": plan.baseline_year or plan.period[0] - 1,
                        "end": plan.period[1]},
        )))  # fmt: skip
    if plan.indicator_note:
        blocks.append(Paragraph((plan.indicator_note,)))
    by_status: dict[str, list[str]] = {s: [] for s in STATUS_ORDER}
    for category, status in STATUS_OF.items():
        by_status.setdefault(status, []).append(category)
    blocks.append(Paragraph((_("Which progress categories count as which status:"),)))
    blocks.append(Bullets(tuple(
        (f"{_(status)}: {', '.join(_(c) for c in cats) or '–'}",)
        for status, cats in by_status.items()
    )))  # fmt: skip
    return Section(id="methodology", title=_("Methodology annex"), blocks=tuple(blocks),
                   page_break=True)  # fmt: skip
