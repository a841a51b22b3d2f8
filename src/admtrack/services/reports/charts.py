"""Every dashboard chart as a report figure with an id, title, source and note, so it can be
downloaded (SVG, PNG) or embedded with its release pinned. Ids:

* ``outcome-<ID>-trends``, ``outcome-<ID>-ranks``: an outcome's small multiples and ranking;
* ``index-ranks``: the composite index's ranks with intervals;
* ``country-<ISO3>-ranks``: a member state's rank per outcome;
* ``indicator-<CODE>``: an indicator's values by year and member state.

The figures are the ones the reports print, from the same report builders."""

from __future__ import annotations

from admtrack.errors import NotFound
from admtrack.i18n import gettext
from admtrack.reports.charts import line_chart, with_unit
from admtrack.reports.model import Figure
from admtrack.services.reports.common import local_name, plan_text, source_line
from admtrack.services.reports.country import country_profile
from admtrack.services.reports.end_of_term import index_chapter, outcome_chapter
from admtrack.services.reports.inputs import ReportInputs


def _only(figures: list[Figure], suffix: str, chart_id: str) -> Figure:
    for f in figures:
        if f.id.endswith(suffix):
            return Figure(chart_id, f.title, f.spec, f.source, f.note)
    raise NotFound(f"no chart {chart_id!r}: nothing to draw for this release")


def chart_figure(inputs: ReportInputs, chart_id: str) -> Figure:
    """The figure ``chart_id`` for the plan and release of ``inputs``."""
    results = inputs.results
    if results is None:
        raise NotFound(f"plan {inputs.plan.id} has no results: {inputs.results_problem}")
    kind, _, rest = chart_id.partition("-")
    if kind == "outcome":
        code, _, what = rest.rpartition("-")
        try:
            outcome = inputs.plan.outcome(code.upper())
        except KeyError:
            raise NotFound(f"plan {inputs.plan.id} has no outcome {code!r}") from None
        if what in ("trends", "ranks"):
            chapter = outcome_chapter(inputs, results, outcome)
            return _only([b for b in chapter.blocks if isinstance(b, Figure)], what, chart_id)
    if chart_id == "index-ranks":
        chapter = index_chapter(inputs, results)
        return _only([b for b in chapter.blocks if isinstance(b, Figure)], "ranks", chart_id)
    if kind == "country" and rest.endswith("-ranks"):
        iso3 = rest.removesuffix("-ranks").upper()
        if iso3 not in results.units:
            raise NotFound(f"no member state {iso3!r}")
        profile = country_profile(inputs, iso3)
        figures = [b for s in profile.sections for b in s.blocks if isinstance(b, Figure)]
        return _only(figures, "ranks", chart_id)
    if kind == "indicator":
        try:
            ind = inputs.plan.indicator(rest)
        except KeyError:
            raise NotFound(f"plan {inputs.plan.id} has no indicator {rest!r}") from None
        units = set(results.units)
        rows = [{"country": o.country, "name": local_name(inputs, o.country), "year": o.year,
                 "value": o.value} for o in inputs.observations.get(ind.code, []) if o.country in units]  # fmt: skip
        target = next((t.value for t in ind.targets), None)
        name = plan_text(inputs.plan, ind.code, indicator=True)
        spec = line_chart(rows, title=name, unit=ind.unit, target=target)
        return Figure(chart_id, with_unit(name, ind.unit), spec, source_line(ind),
                      note=gettext("Release %(release)s") % {"release": inputs.release.id})  # fmt: skip
    raise NotFound(
        f"no chart {chart_id!r}; ids: outcome-<ID>-trends, outcome-<ID>-ranks, index-ranks, "
        "country-<ISO3>-ranks, indicator-<CODE>"
    )
