"""The ADM2030 baseline: the plan's focus areas, their indicators' baseline values per member
state (each state's latest value up to the baseline year, in the index's window) and what is not
measured yet. A focus area without indicators is reported as such, not an error."""

from __future__ import annotations

from admtrack.i18n import gettext as _
from admtrack.reports.model import Block, Bullets, Paragraph, Report, Section, Table, Text
from admtrack.services.reports.common import (
    citation,
    fmt_value,
    methodology_section,
    names_table,
    outcome_summary,
    plan_text,
    source_line,
    sources_section,
)
from admtrack.services.reports.inputs import ReportInputs
from admtrack.services.scoring import IndexMethod, latest_values


def baseline(inputs: ReportInputs) -> Report:
    plan = inputs.plan
    units = inputs.members
    year = plan.baseline_year or (plan.period[0] - 1 if plan.period else None)
    if year is None:
        year = max((o.year for rows in inputs.observations.values() for o in rows), default=0)
    window = (inputs.results.method if inputs.results else IndexMethod()).latest_window
    codes = [i.code for i in plan.indicators]
    observations = [o for c in codes for o in inputs.observations.get(c, [])]
    latest = latest_values(observations, codes, units, year - window, year)
    value = {(lv.indicator, lv.country): lv for lv in latest}
    sections: list[Section] = []
    unmeasured: list[tuple[Text, ...]] = []
    for o in plan.outcomes:
        blocks: list[Block] = []
        summary = outcome_summary(plan, o.id)
        if summary:
            blocks.append(Paragraph((summary,)))
        if not o.indicators:
            blocks.append(Paragraph((_("No indicator measures this focus area yet."),)))
            unmeasured.append((_("%(area)s %(name)s: no indicator")
                               % {"area": o.id, "name": plan_text(plan, o.id)},))  # fmt: skip
        else:
            rows = tuple(
                (i.code, *(fmt_value(value[(i.code, u)].value) if (i.code, u) in value else "–"
                           for u in units))
                for i in o.indicators
            )  # fmt: skip
            years = tuple(
                (i.code, *(str(value[(i.code, u)].year) if (i.code, u) in value else "–"
                           for u in units))
                for i in o.indicators
            )  # fmt: skip
            blocks.append(Table(_("%(outcome)s indicators") % {"outcome": o.id},
                                (_("Code"), _("Indicator"), _("Unit"), _("Source")),
                                tuple((i.code, plan_text(plan, i.code, indicator=True), i.unit,
                                       source_line(i)) for i in o.indicators),
                                compact=True))  # fmt: skip
            blocks.append(Table(_("%(area)s: baseline values (latest up to %(year)s)")
                                % {"area": o.id, "year": year},
                                (_("Indicator"), *units), rows, compact=True,
                                numeric=tuple(range(1, len(units) + 1))))  # fmt: skip
            blocks.append(Table(_("%(area)s: year of each baseline value") % {"area": o.id},
                                (_("Indicator"), *units), years, compact=True))  # fmt: skip
            for i in o.indicators:
                missing = [u for u in units if (i.code, u) not in value]
                if missing:
                    unmeasured.append((
                        _("%(code)s (%(name)s): no baseline value for %(states)s")
                        % {"code": i.code, "name": plan_text(plan, i.code, indicator=True),
                           "states": ", ".join(missing)},
                    ))  # fmt: skip
        sections.append(Section(id=f"area-{o.id.lower()}", title=f"{o.id} {plan_text(plan, o.id)}",
                                blocks=tuple(blocks)))  # fmt: skip
    name = plan_text(plan)
    summary_section = Section(id="summary", title=_("Summary"), blocks=(
        Paragraph((_("%(plan)s: %(areas)s focus areas, %(indicators)s indicators; baseline year "
                     "%(year)s, values of the %(states)s member states from release "
                     "%(release)s.") % {
            "plan": name, "areas": len(plan.outcomes), "indicators": len(plan.indicators),
            "year": year, "states": len(units), "release": inputs.release.id},)),
        *((Paragraph((_("No composite index yet:") + " ", inputs.results_problem)),)
          if inputs.results_problem else ()),
        names_table(inputs, units),
    ))  # fmt: skip
    gaps = Section(id="not-measured", title=_("Not measured yet"),
                   blocks=(Bullets(tuple(unmeasured) or ((_("Everything is measured."),),)),))  # fmt: skip
    return Report(
        kind="baseline", title=_("%(plan)s: baseline") % {"plan": name},
        subtitle=_("Baseline %(year)s, release %(release)s")
        % {"year": year, "release": inputs.release.id}, plan_id=plan.id, plan_name=name,
        release_id=inputs.release.id, release_date=inputs.release.published.isoformat(),
        sections=(summary_section, *sections, gaps, methodology_section(inputs),
                  sources_section(inputs, plan.indicators)),
        citation=citation(inputs),
        description=_("Baseline of %(plan)s: focus areas, indicators and baseline values per "
                      "member state (release %(release)s).")
        % {"plan": name, "release": inputs.release.id},
    )  # fmt: skip
