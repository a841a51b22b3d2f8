"""The ADM2025 end-of-term evaluation: executive summary, a chapter per Desired Outcome, the
composite index with its uncertainty and sensitivity, enabling actions, the data-availability
and methodology annexes, sources and citation. Every number comes from the results service."""

from __future__ import annotations

from collections import Counter

from admtrack import i18n
from admtrack.domain.framework import Indicator, Outcome
from admtrack.errors import AdmtrackError
from admtrack.i18n import gettext as _
from admtrack.i18n import ngettext
from admtrack.i18n.vocabulary import ACTION_STATUSES, DIRECTIONS
from admtrack.reports.charts import rank_intervals, small_multiples
from admtrack.reports.model import Block, Bullets, Figure, Paragraph, Report, Section, Table, Text
from admtrack.services.reports.common import (
    STATUS_LABEL,
    STATUS_ORDER,
    citation,
    fmt,
    fmt_value,
    interval_text,
    local_name,
    methodology_section,
    names_table,
    native_span,
    outcome_summary,
    plan_text,
    primary_verdict,
    source_line,
    sources_section,
    trend_rows,
    word,
)
from admtrack.services.reports.inputs import ReportInputs
from admtrack.services.scoring import PlanResults, RegionalStatus, reweight
from admtrack.services.scoring.reasons import reason_label


def counts_sentence(outcome: Outcome, r: RegionalStatus) -> str:
    """E.g. "DO1: 3 on track, 4 need acceleration, 1 regressed, 3 not measured"."""
    parts = [f"{getattr(r, s.replace(' ', '_'))} {_(STATUS_LABEL[s])}" for s in STATUS_ORDER]
    return f"{outcome.id}: {', '.join(parts)}"


def regional_verdict(r: RegionalStatus) -> str:
    """The status most member states with a verdict are in (ties named together)."""
    measured = {s: getattr(r, s.replace(" ", "_")) for s in STATUS_ORDER[:5]}
    top = max(measured.values())
    if top == 0:
        return _("no verdict") if r.no_verdict else _("not measured")
    return " / ".join(_(STATUS_LABEL[s]) for s, n in measured.items() if n == top)


def why(results: PlanResults, outcome: Outcome, inputs: ReportInputs) -> tuple[Text, ...]:
    """Which indicators regressed or need acceleration most often, and why states are not
    measured (the verdicts' own reasons)."""
    statuses: dict[str, Counter[str]] = {s: Counter() for s in STATUS_ORDER}
    reasons: Counter[str] = Counter()
    for ind in outcome.indicators:
        for u in results.units:
            v = primary_verdict(results, ind.code, u)
            if v is None:
                continue
            statuses[v.status][ind.code] += 1
            if v.status == "no verdict" and v.reason:
                reasons[v.reason] += 1
    parts: list[str] = []
    for status in ("regressed", "needs acceleration"):
        common = statuses[status].most_common(2)
        if common:
            listed = ", ".join(
                ngettext("%(code)s in %(n)s state", "%(code)s in %(n)s states", n)
                % {"code": code, "n": n}
                for code, n in common
            )
            parts.append(
                _("indicator verdicts '%(status)s' mostly on %(list)s")
                % {"status": _(status), "list": listed}
            )
    if reasons:
        listed = "; ".join(
            ngettext(
                "%(reason)s (%(n)s indicator verdict)", "%(reason)s (%(n)s indicator verdicts)", n
            )
            % {"reason": reason_label(reason), "n": n}
            for reason, n in reasons.most_common(2)
        )
        parts.append(_("no verdict because: %(list)s") % {"list": listed})
    if not outcome.indicators:
        parts.append(_("the outcome has no indicator"))
    return ((_("Why: %(reasons)s.") % {"reasons": "; ".join(parts)}) if parts else "",)


def executive_summary(inputs: ReportInputs, results: PlanResults) -> Section:
    regional = {r.outcome: r for r in results.regional}
    rows: list[tuple[Text, ...]] = []
    bullets: list[tuple[Text, ...]] = []
    for o in inputs.plan.outcomes:
        r = regional.get(o.id)
        if r is None:
            continue
        rows.append((o.id, plan_text(inputs.plan, o.id), regional_verdict(r),
                     *(str(getattr(r, s.replace(" ", "_"))) for s in STATUS_ORDER)))  # fmt: skip
        bullets.append((counts_sentence(o, r) + ". ", *why(results, o, inputs)))
    table = Table(
        _("Regional verdict per outcome: member states by status"),
        (_("Outcome"), _("Name"), _("Regional verdict"),
         *(_(STATUS_LABEL[s]).capitalize() for s in STATUS_ORDER)),
        tuple(rows), numeric=tuple(range(3, 3 + len(STATUS_ORDER))),
    )  # fmt: skip
    n = len(results.units)
    period = inputs.plan.period
    intro = Paragraph((
        _("%(plan)s (%(first)s–%(last)s): progress of the %(states)s member states on its "
          "%(outcomes)s outcomes and %(indicators)s indicators, from release %(release)s.")
        % {"plan": plan_text(inputs.plan), "first": period[0] if period else "",
           "last": period[1] if period else "", "states": n,
           "outcomes": len(inputs.plan.outcomes), "indicators": len(inputs.plan.indicators),
           "release": inputs.release.id},
    ))  # fmt: skip
    return Section(
        id="summary", title=_("Executive summary"),
        blocks=(intro, table, Bullets(tuple(bullets)), names_table(inputs, results.units)),
    )  # fmt: skip


def outcome_chapter(inputs: ReportInputs, results: PlanResults, o: Outcome) -> Section:
    blocks: list[Block] = []
    summary = outcome_summary(inputs.plan, o.id)
    if summary:
        blocks.append(Paragraph((summary,)))
    ind_rows = tuple(
        (i.code, plan_text(inputs.plan, i.code, indicator=True), i.unit,
         _(DIRECTIONS[1 if i.direction > 0 else -1]), targets_text(i), source_line(i))
        for i in o.indicators
    )  # fmt: skip
    blocks.append(Table(_("%(outcome)s indicators") % {"outcome": o.id},
                        (_("Code"), _("Indicator"), _("Unit"), _("Better"), _("Targets"),
                         _("Source")), ind_rows, compact=True))  # fmt: skip
    rows = trend_rows(inputs, o.indicators, results.units)
    if rows:
        by_state = _("%(outcome)s: indicators by member state") % {"outcome": o.id}
        blocks.append(Figure(f"{o.id.lower()}-trends", by_state,
                             small_multiples(rows, title=by_state),
                             source="; ".join(sorted({source_line(i) for i in o.indicators})),
                             note=_("Release %(release)s") % {"release": inputs.release.id}))  # fmt: skip
    status = {s.country: s for s in results.outcome_status if s.outcome == o.id}
    table_rows: list[tuple[Text, ...]] = []
    for u in sorted(results.units, key=lambda u: (results.rank(o.id, u) is None,
                                                   results.rank(o.id, u) or 0, u)):  # fmt: skip
        st = status.get(u)
        verdicts = [primary_verdict(results, i.code, u) for i in o.indicators]
        table_rows.append((
            local_name(inputs, u), native_span(inputs, u), fmt(results.score(o.id, u)),
            rank_text(results.rank(o.id, u)), interval_text(results.interval(o.id, u)),
            word(st.summary) if st else "–",
            *(word(v.category) if v else "–" for v in verdicts),
        ))  # fmt: skip
    blocks.append(Table(
        _("%(outcome)s by member state: score, rank (5–95 %% interval), status and indicator "
          "verdicts") % {"outcome": o.id},
        (_("Member state"), _("Own name"), _("Score"), _("Rank"), _("Interval"), _("Status"),
         *(i.code for i in o.indicators)),
        tuple(table_rows), numeric=(2, 3, 4), compact=True,
    ))  # fmt: skip
    ranked = [
        {"name": local_name(inputs, u), "country": u, "state": local_name(inputs, u),
         "rank": results.rank(o.id, u), **vars_of(results.interval(o.id, u))}
        for u in results.units if results.rank(o.id, u) is not None and results.interval(o.id, u)
    ]  # fmt: skip
    if ranked:
        blocks.append(Figure(f"{o.id.lower()}-ranks",
                             _("%(outcome)s: ranks with 5–95 %% intervals") % {"outcome": o.id},
                             rank_intervals(ranked, title=_("%(outcome)s ranking") % {"outcome": o.id}),
                             source=_("admtrack results"),
                             note=_("%(n)s replications") % {"n": i18n.format_number(results.samples)}))  # fmt: skip
    gaps: list[tuple[Text, ...]] = []
    for i in o.indicators:
        by_unit = {u: primary_verdict(results, i.code, u) for u in results.units}
        name = plan_text(inputs.plan, i.code, indicator=True)
        if all(v is None for v in by_unit.values()):
            gaps.append((
                _("%(code)s (%(name)s): no verdict (no target and no trend test); shown for "
                  "context and in the index") % {"code": i.code, "name": name},
            ))  # fmt: skip
            continue
        missing = [u for u, v in by_unit.items() if v is None or v.status == "no verdict"]
        if missing:
            gaps.append((
                _("%(code)s (%(name)s): no verdict for %(states)s")
                % {"code": i.code, "name": name, "states": ", ".join(missing)},
            ))  # fmt: skip
    for u in results.units:
        st = status.get(u)
        if st is not None and st.summary == "not measured":
            gaps.append((
                _("%(outcome)s not measured for %(state)s: %(reason)s")
                % {"outcome": o.id, "state": u, "reason": reason_label(st)},
            ))  # fmt: skip
    if not o.indicators:
        gaps.append((_("This outcome has no indicator yet."),))
    if o.measurement_note:
        gaps.append((o.measurement_note,))
    blocks.append(Paragraph((_("What is not measured:"),)))
    blocks.append(Bullets(tuple(gaps) or ((_("Every indicator is measured for every state."),),)))
    return Section(id=f"outcome-{o.id.lower()}", title=f"{o.id} {plan_text(inputs.plan, o.id)}", blocks=tuple(blocks),
                   page_break=True)  # fmt: skip


def targets_text(ind: Indicator) -> str:
    """An indicator's targets ("75 by 2025 (set)"; numbers per locale), or "trend only"."""
    parts = []
    for t in ind.targets:
        value = fmt_value(t.value)
        text = (_("%(value)s by %(year)s") % {"value": value, "year": t.year}) if t.year else value
        parts.append(f"{text} ({t.target_set})")
    return "; ".join(parts) or _("trend only")


def rank_text(rank: int | None) -> str:
    return i18n.format_number(rank) if rank else "–"


def vars_of(band: object) -> dict[str, float]:
    return {k: getattr(band, k) for k in ("median", "p05", "p95")} if band is not None else {}


def index_chapter(inputs: ReportInputs, results: PlanResults) -> Section:
    code = results.index_code
    order = sorted(results.units, key=lambda u: (results.rank(code, u) is None,
                                                  results.rank(code, u) or 0, u))  # fmt: skip
    alternatives = {
        "goalposts normalisation": reweight(results, normalisation="goalposts"),
        "geometric mean": reweight(results, aggregation="gmean"),
    }
    pos = {u: k for k, u in enumerate(results.units)}
    rows: list[tuple[Text, ...]] = []
    for u in order:
        rows.append((local_name(inputs, u), native_span(inputs, u), fmt(results.score(code, u)),
                     rank_text(results.rank(code, u)), interval_text(results.interval(code, u)),
                     *(rank_text(alt.ranks[pos[u]]) for alt in list(alternatives.values())[:2])))  # fmt: skip
    ranked = [{"name": local_name(inputs, u), "country": u, "state": local_name(inputs, u),
               "rank": results.rank(code, u), **vars_of(results.interval(code, u))}
              for u in order if results.rank(code, u) is not None and results.interval(code, u)]  # fmt: skip
    blocks: list[Block] = [
        Table(
            _(
                "Composite index: score, rank and 5–95 %% rank interval; ranks under two other "
                "assumptions"
            )
            % {},  # "%%" is a percent sign, as in every python-format message
            (
                _("Member state"),
                _("Own name"),
                _("Score"),
                _("Rank"),
                _("Interval"),
                _("Rank, goalposts"),
                _("Rank, geometric mean"),
            ),
            tuple(rows),
            numeric=(2, 3, 4, 5, 6),
            compact=True,
        ),  # fmt: skip
        Paragraph(
            (
                ngettext(
                    "Rank intervals from %(samples)s replications of the uncertainty analysis; "
                    "%(failed)s replication failed and is counted, not dropped.",
                    "Rank intervals from %(samples)s replications of the uncertainty analysis; "
                    "%(failed)s replications failed and are counted, not dropped.",
                    results.failed_replications,
                )
                % {
                    "samples": i18n.format_number(results.samples),
                    "failed": i18n.format_number(results.failed_replications),
                },
            )
        ),  # fmt: skip
    ]
    if ranked:
        blocks.append(Figure("index-ranks", _("Composite index: ranks with 5–95 %% intervals") % {},
                             rank_intervals(ranked, title=_("composite index")),
                             source=_("admtrack results"),
                             note=_("%(n)s replications") % {"n": i18n.format_number(results.samples)}))  # fmt: skip
    blocks.extend(sensitivity_blocks(results))
    return Section(id="index", title=_("Composite index, uncertainty and sensitivity"),
                   blocks=tuple(blocks), page_break=True)  # fmt: skip


def sensitivity_headings(confidence: float) -> tuple[str, ...]:
    """The columns of the sensitivity table in the language in force: assumption, what varies,
    S_i, its half-width, S_Ti, its half-width (at the ``confidence`` level)."""
    level = i18n.format_percent(confidence)
    return (
        _("Assumption"),
        _("What varies"),
        _("First order S_i"),
        f"± ({level})",
        _("Total S_Ti"),
        f"± ({level})",
    )


def sensitivity_blocks(results: PlanResults) -> list[Block]:
    """Which assumptions move ranks: the results' Sobol indices (SALib), largest total first."""
    sa = results.sensitivity
    if sa is None:
        return [Paragraph((_("No sensitivity analysis was run for these results."),))]
    rows = tuple(
        (word(a.assumption), word(a.varies), fmt(a.first_order, 2), fmt(a.first_order_conf, 2),
         fmt(a.total, 2), fmt(a.total_conf, 2))
        for a in sorted(sa.assumptions, key=lambda a: (-(a.total or 0.0), a.assumption))
    )  # fmt: skip
    return [
        Table(
            _(
                "Which assumptions move ranks: Sobol indices of the mean absolute rank shift of "
                "the index"
            ),
            sensitivity_headings(sa.confidence),
            rows,
            numeric=(2, 3, 4, 5),
            note=_(
                "S_i: the share of the variance of the rank shift an assumption explains "
                "alone; S_Ti: the share it takes part in, with its interactions. Values below "
                "zero are sampling noise around zero."
            ),
        ),  # fmt: skip
        Paragraph(
            (
                " ".join(
                    (
                        _(
                            "Variance-based sensitivity analysis (SALib): %(runs)s runs of a "
                            "Saltelli design with %(rows)s base rows and %(assumptions)s "
                            "assumptions."
                        )
                        % {
                            "runs": i18n.format_number(sa.runs),
                            "rows": i18n.format_number(sa.base_rows),
                            "assumptions": len(sa.assumptions),
                        },
                        ngettext(
                            "%(failed)s run failed; %(used)s of %(rows)s base rows used.",
                            "%(failed)s runs failed; %(used)s of %(rows)s base rows used.",
                            sa.failed_runs,
                        )
                        % {
                            "failed": i18n.format_number(sa.failed_runs),
                            "used": i18n.format_number(sa.used_rows),
                            "rows": i18n.format_number(sa.base_rows),
                        },
                        _(
                            "Over all runs a member state moves %(shift)s places on average from "
                            "its nominal rank."
                        )
                        % {"shift": fmt(sa.mean_shift, 2)},
                    )
                ),
            )
        ),  # fmt: skip
    ]


def actions_section(inputs: ReportInputs) -> Section:
    actions = inputs.plan.enabling_actions
    if not actions:
        return Section(id="actions", title=_("Enabling actions"), blocks=(Paragraph((
            _("No enabling actions are loaded for this plan (they come in through "
              "`admtrack actions import`)."),)),))  # fmt: skip
    rows = tuple((a.id, a.title, a.outcome, a.priority or "–", a.timeframe or "–",
                  a.lead or "–", f"{action_status(a.status[-1][1])} ({a.status[-1][0]})"
                  if a.status else "–")
                 for a in actions)  # fmt: skip
    return Section(id="actions", title=_("Enabling actions"), blocks=(Table(
        _("Enabling actions and their latest status"),
        (_("Id"), _("Title"), _("Outcome"), _("Priority"), _("Timeframe"), _("Lead"),
         _("Status")), rows, compact=True),))  # fmt: skip


def action_status(text: str) -> str:
    """An enabling action's status as imported ("completed", "in_progress") in the report's
    language when it is one of the tracker's statuses; any other wording as it was imported."""
    key = text.strip().lower().replace("_", " ").replace("-", " ")
    return _(key) if key in ACTION_STATUSES else text


def availability_annex(inputs: ReportInputs, units: tuple[str, ...]) -> Section:
    """State x indicator: the latest year with a value (as of the release), or a dash."""
    rows: list[tuple[Text, ...]] = []
    for ind in inputs.plan.indicators:
        latest: dict[str, int] = {}
        for o in inputs.observations.get(ind.code, []):
            latest[o.country] = max(latest.get(o.country, 0), o.year)
        rows.append((ind.code, *(str(latest[u]) if u in latest else "–" for u in units)))
    return Section(id="availability", title=_("Data-availability annex"), page_break=True, blocks=(
        Table(_("Latest year with a value, per indicator and member state"), (_("Indicator"), *units),
              tuple(rows), compact=True),),)  # fmt: skip


def end_of_term(inputs: ReportInputs) -> Report:
    results = inputs.results
    if results is None:
        raise AdmtrackError(f"plan {inputs.plan.id} has no results: {inputs.results_problem}")
    sections = [executive_summary(inputs, results)]
    sections += [outcome_chapter(inputs, results, o) for o in inputs.plan.outcomes]
    sections += [index_chapter(inputs, results), actions_section(inputs),
                 availability_annex(inputs, results.units), methodology_section(inputs),
                 sources_section(inputs, inputs.plan.indicators)]  # fmt: skip
    return Report(
        kind="end-of-term", title=_("%(plan)s: end-of-term evaluation") % {"plan": plan_text(inputs.plan)},
        subtitle=_("Progress of the ASEAN member states, release %(release)s") % {"release": inputs.release.id},
        plan_id=inputs.plan.id, plan_name=plan_text(inputs.plan), release_id=inputs.release.id,
        release_date=inputs.release.published.isoformat(), sections=tuple(sections),
        citation=citation(inputs),
        description=_("End-of-term evaluation of %(plan)s: verdicts per outcome and member "
                      "state, composite index with rank intervals (release %(release)s).")
        % {"plan": plan_text(inputs.plan), "release": inputs.release.id},
    )  # fmt: skip
