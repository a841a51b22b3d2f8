"""A member state's profile (two to four pages): scores and ranks per outcome with intervals,
strengths and weaknesses, its indicators with latest values, trends and verdicts, its data gaps,
and the comparison with the ASEAN median. Every number comes from the results service."""

from __future__ import annotations

from admtrack.errors import AdmtrackError
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
    STATUS_LABEL,
    citation,
    fmt,
    fmt_value,
    interval_text,
    median,
)
from admtrack.services.reports.common import primary_verdict as verdict_of
from admtrack.services.reports.inputs import ReportInputs
from admtrack.services.scoring import PlanResults


def _scores_section(inputs: ReportInputs, results: PlanResults, iso3: str) -> Section:
    status = {s.outcome: s for s in results.outcome_status if s.country == iso3}
    n = len(results.units)
    rows: list[tuple[Text, ...]] = []
    chart: list[dict[str, object]] = []
    for code in (results.index_code, *results.outcomes):
        name = "Composite index" if code == results.index_code else inputs.plan.outcome(code).name
        rank = results.rank(code, iso3)
        band = results.interval(code, iso3)
        st = status.get(code)
        rows.append((code, name, fmt(results.score(code, iso3)),
                     f"{rank} of {results.n_ranked(code)}" if rank else "–", interval_text(band),
                     fmt(median(results.scores[code])),
                     STATUS_LABEL.get(st.summary, st.summary) if st else "–"))  # fmt: skip
        if rank is not None and band is not None:
            chart.append({"name": f"{code} {name}", "rank": rank, "median": band.median,
                          "p05": band.p05, "p95": band.p95})  # fmt: skip
    blocks: list[Block] = [Table(
        f"Scores (0–100) and ranks among the {n} member states, with 5–95 % rank intervals",
        ("Code", "Outcome", "Score", "Rank", "Interval", "ASEAN median score", "Status"),
        tuple(rows), numeric=(2, 4, 5),
    )]  # fmt: skip
    if chart:
        blocks.append(Figure(f"{iso3.lower()}-ranks", f"{inputs.name(iso3)}: rank per outcome",
                             rank_intervals(chart, title=f"{inputs.name(iso3)}, rank per outcome"),
                             source="admtrack results", note=f"{results.samples} replications"))  # fmt: skip
    return Section(id="scores", title="Scores and ranks", blocks=tuple(blocks))


def _strengths(inputs: ReportInputs, results: PlanResults, iso3: str) -> Section:
    def listed(codes: tuple[str, ...]) -> tuple[tuple[Text, ...], ...]:
        return tuple((f"{c}: {inputs.plan.indicator(c).name}",) for c in codes)

    blocks: list[Block] = [
        Paragraph(("Strengths (highest normalised scores):",)),
        Bullets(listed(results.strengths.get(iso3, ())) or (("none",),)),
        Paragraph(("Weaknesses (lowest normalised scores):",)),
        Bullets(listed(results.weaknesses.get(iso3, ())) or (("none",),)),
    ]
    return Section(id="strengths", title="Strengths and weaknesses", blocks=tuple(blocks))


def _indicators(inputs: ReportInputs, results: PlanResults, iso3: str) -> tuple[Section, Section]:
    rows: list[tuple[Text, ...]] = []
    gaps: list[tuple[Text, ...]] = []
    for ind in inputs.plan.indicators:
        lv = results.latest_value(ind.code, iso3)
        peers = [results.latest_value(ind.code, u) for u in results.units]
        asean = median(p.value for p in peers if p is not None)
        v = verdict_of(results, ind.code, iso3)
        rows.append((ind.code, ind.name, f"{fmt_value(lv.value)} ({lv.year})" if lv else "–",
                     fmt_value(asean), ind.unit, (v.trend or "–") if v else "–",
                     v.category if v else "–"))  # fmt: skip
        if lv is None:
            gaps.append((f"{ind.code} ({ind.name}): no value in the index window",))
        elif v is not None and v.status == "no verdict":
            gaps.append((f"{ind.code} ({ind.name}): {v.reason or 'insufficient data'}",))
    table = Table("Indicators: latest value, ASEAN median, trend and verdict",
                  ("Code", "Indicator", "Latest (year)", "ASEAN median", "Unit", "Trend", "Verdict"),
                  tuple(rows), numeric=(2, 3), compact=True)  # fmt: skip
    return (
        Section(id="indicators", title="Indicators", blocks=(table,)),
        Section(id="gaps", title="Data gaps",
                blocks=(Bullets(tuple(gaps) or (("No gaps: every indicator is measured.",),)),)),
    )  # fmt: skip


def country_profile(inputs: ReportInputs, iso3: str) -> Report:
    results = inputs.results
    if results is None:
        raise AdmtrackError(f"plan {inputs.plan.id} has no results: {inputs.results_problem}")
    name = state_name(iso3, inputs.name(iso3))
    indicators, gaps = _indicators(inputs, results, iso3)
    lead: tuple[Block, ...] = (Paragraph((
        f"{name.english} (", Span(name.native, name.locale), f", {name.language}) in "
        f"{inputs.plan.name}: {len(inputs.plan.outcomes)} outcomes, "
        f"{len(inputs.plan.indicators)} indicators, compared with the other "
        f"{len(results.units) - 1} member states.",
    )),)  # fmt: skip
    return Report(
        kind="country", title=f"{name.english}: country profile",
        subtitle=f"{inputs.plan.name}, release {inputs.release.id}",
        plan_id=inputs.plan.id, plan_name=inputs.plan.name, release_id=inputs.release.id,
        release_date=inputs.release.published.isoformat(),
        sections=(_scores_section(inputs, results, iso3), _strengths(inputs, results, iso3),
                  indicators, gaps),
        citation=citation(inputs), lead=lead,
        description=f"{name.english} in {inputs.plan.name}: scores, ranks with intervals, "
        f"indicators and verdicts (release {inputs.release.id}).",
    )  # fmt: skip
