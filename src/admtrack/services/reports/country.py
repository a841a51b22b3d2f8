"""A member state's profile (two to four pages): scores and ranks per outcome with intervals,
strengths and weaknesses, its indicators with latest values, trends and verdicts, its data gaps,
and the comparison with the ASEAN median. Every number comes from the results service."""

from __future__ import annotations

from admtrack import i18n
from admtrack.errors import AdmtrackError
from admtrack.i18n import gettext as _
from admtrack.reports.charts import rank_intervals
from admtrack.reports.model import (
    Block,
    Bullets,
    Figure,
    Paragraph,
    Report,
    Section,
    Span,
    Table,
    Text,
)
from admtrack.reports.names import state_name
from admtrack.services.reports.common import (
    citation,
    fmt,
    fmt_value,
    interval_text,
    median,
    plan_text,
    word,
)
from admtrack.services.reports.common import primary_verdict as verdict_of
from admtrack.services.reports.inputs import ReportInputs
from admtrack.services.scoring import PlanResults
from admtrack.services.scoring.reasons import reason_label


def _scores_section(inputs: ReportInputs, results: PlanResults, iso3: str) -> Section:
    status = {s.outcome: s for s in results.outcome_status if s.country == iso3}
    n = len(results.units)
    rows: list[tuple[Text, ...]] = []
    chart: list[dict[str, object]] = []
    for code in (results.index_code, *results.outcomes):
        name = _("Composite index") if code == results.index_code else plan_text(inputs.plan, code)
        rank = results.rank(code, iso3)
        band = results.interval(code, iso3)
        st = status.get(code)
        rows.append((code, name, fmt(results.score(code, iso3)),
                     _("%(rank)s of %(n)s") % {"rank": rank, "n": results.n_ranked(code)} if rank else "–", interval_text(band),
                     fmt(median(results.scores[code])),
                     word(st.summary) if st else "–"))  # fmt: skip
        if rank is not None and band is not None:
            chart.append({"name": f"{code} {name}", "rank": rank, "median": band.median,
                          "p05": band.p05, "p95": band.p95})  # fmt: skip
    blocks: list[Block] = [Table(
        _("Scores (0–100) and ranks among the %(n)s member states, with 5–95 %% rank intervals") % {"n": n},
        (_("Code"), _("Outcome"), _("Score"), _("Rank"), _("Interval"), _("ASEAN median score"), _("Status")),
        tuple(rows), numeric=(2, 4, 5),
    )]  # fmt: skip
    if chart:
        local = i18n.country_name(iso3, inputs.name(iso3))
        blocks.append(Figure(f"{iso3.lower()}-ranks", _("%(country)s: rank per outcome") % {"country": local},
                             rank_intervals(chart, title=_("%(country)s, rank per outcome") % {"country": local}),
                             source=_("admtrack results"), note=_("%(n)s replications") % {"n": results.samples}))  # fmt: skip
    return Section(id="scores", title=_("Scores and ranks"), blocks=tuple(blocks))


def _strengths(inputs: ReportInputs, results: PlanResults, iso3: str) -> Section:
    def listed(codes: tuple[str, ...]) -> tuple[tuple[Text, ...], ...]:
        return tuple((f"{c}: {plan_text(inputs.plan, c, indicator=True)}",) for c in codes)

    blocks: list[Block] = [
        Paragraph((_("Strengths (highest normalised scores):"),)),
        Bullets(listed(results.strengths.get(iso3, ())) or ((_("none"),),)),
        Paragraph((_("Weaknesses (lowest normalised scores):"),)),
        Bullets(listed(results.weaknesses.get(iso3, ())) or ((_("none"),),)),
    ]
    return Section(id="strengths", title=_("Strengths and weaknesses"), blocks=tuple(blocks))


def _indicators(inputs: ReportInputs, results: PlanResults, iso3: str) -> tuple[Section, Section]:
    rows: list[tuple[Text, ...]] = []
    gaps: list[tuple[Text, ...]] = []
    for ind in inputs.plan.indicators:
        lv = results.latest_value(ind.code, iso3)
        peers = [results.latest_value(ind.code, u) for u in results.units]
        asean = median(p.value for p in peers if p is not None)
        v = verdict_of(results, ind.code, iso3)
        name = plan_text(inputs.plan, ind.code, indicator=True)
        rows.append((ind.code, name, f"{fmt_value(lv.value)} ({lv.year})" if lv else "–",
                     fmt_value(asean), ind.unit, word(v.trend) if v else "–",
                     word(v.category) if v else "–"))  # fmt: skip
        if lv is None:
            gaps.append((f"{ind.code} ({name}): " + _("no value in the index window"),))
        elif v is not None and v.status == "no verdict":
            gaps.append((f"{ind.code} ({name}): {reason_label(v) or _('insufficient data')}",))
    table = Table(_("Indicators: latest value, ASEAN median, trend and verdict"),
                  (_("Code"), _("Indicator"), _("Latest (year)"), _("ASEAN median"), _("Unit"), _("Trend"), _("Verdict")),
                  tuple(rows), numeric=(2, 3), compact=True)  # fmt: skip
    return (
        Section(id="indicators", title=_("Indicators"), blocks=(table,)),
        Section(id="gaps", title=_("Data gaps"),
                blocks=(Bullets(tuple(gaps) or ((_("No gaps: every indicator is measured."),),)),)),
    )  # fmt: skip


def country_profile(inputs: ReportInputs, iso3: str) -> Report:
    results = inputs.results
    if results is None:
        raise AdmtrackError(f"plan {inputs.plan.id} has no results: {inputs.results_problem}")
    name = state_name(iso3, inputs.name(iso3))
    indicators, gaps = _indicators(inputs, results, iso3)
    local = i18n.country_name(iso3, name.english)
    plan_name = plan_text(inputs.plan)
    lead: tuple[Block, ...] = (Paragraph((
        f"{local} (", Span(name.native, name.locale), f", {name.language}) ",
        _("in %(plan)s: %(outcomes)s outcomes, %(indicators)s indicators, compared with the "
          "other %(others)s member states.") % {
            "plan": plan_name, "outcomes": len(inputs.plan.outcomes),
            "indicators": len(inputs.plan.indicators), "others": len(results.units) - 1},
    )),)  # fmt: skip
    return Report(
        kind="country", title=_("%(country)s: country profile") % {"country": local},
        subtitle=_("%(plan)s, release %(release)s") % {"plan": plan_name, "release": inputs.release.id},
        plan_id=inputs.plan.id, plan_name=plan_name, release_id=inputs.release.id,
        release_date=inputs.release.published.isoformat(),
        sections=(_scores_section(inputs, results, iso3), _strengths(inputs, results, iso3),
                  indicators, gaps),
        citation=citation(inputs), lead=lead,
        description=_("%(country)s in %(plan)s: scores, ranks with intervals, indicators and "
                      "verdicts (release %(release)s).") % {
            "country": local, "plan": plan_name, "release": inputs.release.id},
    )  # fmt: skip
