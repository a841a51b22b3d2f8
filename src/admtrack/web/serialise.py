"""Domain objects and results as JSON-ready dicts, shared by the API and the pages."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from admtrack import i18n
from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.geography import ASEAN, Country
from admtrack.domain.observations import Observation, Release
from admtrack.services.dashboard import SourceRecord
from admtrack.services.scoring import OutcomeStatus, PlanResults, Verdict
from admtrack.web.labels import Labels


def _label(english: str, translated: str, lang: str, source: str) -> dict[str, Any]:
    """``label`` (the name in ``lang``, English where there is none), ``label_lang`` (the
    language it is really in) and ``label_source`` (who translated it; null for English)."""
    if lang == i18n.SOURCE_LANGUAGE or not translated:
        return {"label": english, "label_lang": i18n.SOURCE_LANGUAGE, "label_source": None}
    return {"label": translated, "label_lang": lang, "label_source": source}


def plan_label(plan: Plan, lang: str, kind: str = "plan", key: str = "") -> dict[str, Any]:
    """The label of the plan, one of its outcomes or one of its indicators in ``lang``, from the
    plan file's translations (``admtrack`` as the source unless the file names one)."""
    t = plan.translation(lang)
    if kind == "outcome":
        english = plan.outcome(key).name
        found = t.outcome_name(key) if t else ""
    elif kind == "indicator":
        english = plan.indicator(key).name
        found = t.indicator_name(key) if t else ""
    else:
        english, found = plan.name, t.name if t else ""
    return _label(english, found, lang, (t.source or "admtrack") if t else "")


def plan_dict(plan: Plan, *, full: bool = False, lang: str = "en") -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": plan.id,
        "name": plan.name,
        **plan_label(plan, lang),
        "status": plan.status.value,
        "period": list(plan.period) if plan.period else None,
        "baseline_year": plan.baseline_year,
        "indicators_proposed_by": plan.indicators_proposed_by or None,
        "outcomes": [
            {
                "id": o.id,
                "name": o.name,
                **plan_label(plan, lang, "outcome", o.id),
                "weight": o.weight,
                "indicators": [i.code for i in o.indicators],
                **({"summary": o.summary, "not_measured": o.measurement_note} if full else {}),
            }
            for o in plan.outcomes
        ],
    }
    if full:
        out["description"] = plan.description
        out["indicator_note"] = plan.indicator_note
        out["target_sets"] = [asdict(t) for t in plan.target_sets]
        out["sources"] = list(plan.sources)
    return out


def country_dict(c: Country, today: date | None = None, lang: str = "en") -> dict[str, Any]:
    day = today or date.today()
    since = c.member_since(ASEAN)
    status = c.status_on(ASEAN, day)
    local = i18n.country_name(c.iso3, c.name, lang)
    return {
        "iso3": c.iso3,
        "name": c.name,
        **_label(c.name, local if c.iso3 in i18n.TERRITORIES else "", lang, "CLDR"),
        "m49": c.m49,
        "is_aggregate": c.is_aggregate,
        "asean_status": status.value if status is not None else None,
        "asean_member_since": since.isoformat() if since else None,
        "groups": sorted(c.groups),
    }


def indicator_dict(ind: Indicator, plan: Plan | None = None, lang: str = "en") -> dict[str, Any]:
    src = ind.source
    label = (
        plan_label(plan, lang, "indicator", ind.code) if plan else _label(ind.name, "", lang, "")
    )
    return {
        "code": ind.code,
        "name": ind.name,
        **label,
        "unit": ind.unit,
        "direction": ind.direction,
        "outcome": ind.outcome,
        "weight": ind.weight,
        "description": ind.description,
        "goalposts": list(ind.goalposts) if ind.goalposts else None,
        "proposed_by": ind.proposed_by or None,
        "headline": ind.headline,
        "source": asdict(src) if src is not None else None,
        "targets": [asdict(t) for t in ind.targets],
    }


def observation_dict(
    o: Observation, release: str, sources: dict[str, SourceRecord]
) -> dict[str, Any]:
    src = sources.get(o.source)
    return {
        "indicator": o.indicator,
        "country": o.country,
        "year": o.year,
        "value": o.value,
        "status": o.status.value,
        "source": o.source,
        "licence": src.ref.licence if src else None,
        "release": o.release or release,  # the release the value was published in
    }


#: The files of a release bundle the API links to (relative to ``/data/releases/<id>/``).
BUNDLE_LINKS = {
    "manifest": "manifest.json",
    "datapackage": "datapackage.json",
    "dcat": "dcat.jsonld",
    "csv": "data/observations.csv",
    "xlsx": "data/observations.xlsx",
    "parquet": "data/observations.parquet",
    "json": "data/observations.json",
    "sdmx_structure": "sdmx/structure.xml",
    "sdmx_data": "sdmx/data.csv",
}


def release_dict(r: Release) -> dict[str, Any]:
    """A release with its status and, once published, links to its bundle's files."""
    out: dict[str, Any] = {
        "id": r.id,
        "published": r.published.isoformat(),
        "description": r.description,
        "status": r.status.value,
    }
    if r.is_published:
        out["bundle"] = {k: f"/data/releases/{r.id}/{v}" for k, v in BUNDLE_LINKS.items()}
    return out


def verdict_dict(v: Verdict, plan: Plan | None = None, lang: str | None = None) -> dict[str, Any]:
    """Every field of the verdict, flat: the CAGR category and ratio, the ESCAP current status,
    anticipated progress and category, the distance to target and the SDSN annual change, trend
    and light (None where undefined; see :class:`Verdict`); with ``lang`` (and the verdict's
    ``plan``) also their labels in that language (admtrack.web.labels)."""
    out = asdict(v)
    if lang is not None and plan is not None:
        labels = Labels(lang)
        labels.indicator("indicator_label", plan, v.indicator)
        labels.word("status_label", v.status)
        labels.word("category_label", v.category)
        labels.reason("reason_label", v)
        labels.word("anticipated_category_label", v.anticipated_category)
        labels.word("trend_label", v.trend)
        out |= labels.fields()
    return out


def outcome_status_dict(
    s: OutcomeStatus, plan: Plan | None = None, lang: str | None = None
) -> dict[str, Any]:
    """A member state's status on an outcome (without the parts of its reason, which the
    ``reason`` already says); with ``lang`` also its labels."""
    out = {k: v for k, v in asdict(s).items() if k != "missing"}
    if lang is not None and plan is not None:
        labels = Labels(lang)
        labels.outcome("outcome_label", plan, s.outcome)
        labels.word("summary_label", s.summary)
        labels.reason("reason_label", s)
        out |= labels.fields()
    return out


def index_rows(
    results: PlanResults, code: str, names: dict[str, str], lang: str | None = None
) -> list[dict[str, Any]]:
    """One row per unit: score, rank and rank interval of ``code``, best first; for an
    outcome, the member state's status on it and the reason where there is no verdict; with
    ``lang``, the labels of the state's name, status and reason in that language."""
    rows = []
    for i, unit in enumerate(results.units):
        band = results.intervals.get(code, ())[i] if code in results.intervals else None
        status = results.status(code, unit) if code in results.outcomes else None
        row: dict[str, Any] = {
            "iso3": unit,
            "name": names.get(unit, unit),
            "score": results.scores[code][i],
            "rank": results.ranks[code][i],
            "interval": asdict(band) if band is not None else None,
            "status": status.summary if status else None,
            "reason": status.reason if status else "",
            "outcomes_scored": results.outcomes_scored(unit)
            if code == results.index_code
            else None,
        }
        if lang is not None:
            labels = Labels(lang)
            labels.country("label", unit, row["name"])
            labels.word("status_label", row["status"])
            labels.reason("reason_label", status if status else "")
            row |= labels.fields()
        rows.append(row)
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))
    return rows


def data_gaps_rows(
    results: PlanResults, names: dict[str, str], lang: str | None = None
) -> list[dict[str, Any]]:
    """Per member state: indicator values missing, imputed or older than the window; with
    ``lang``, the state's name and the reasons of ``not_measured`` in that language."""
    if results.coverage is None:
        return []
    rows = []
    for unit in results.units:
        g = results.coverage.gaps.get(unit)
        if g is None:
            continue
        row: dict[str, Any] = {
            "iso3": unit,
            "name": names.get(unit, unit),
            "n_indicators": g.n_indicators,
            "outcomes_scored": results.outcomes_scored(unit),
            "n_outcomes": len(results.outcomes),
            "missing": list(g.missing),
            "imputed": list(g.imputed),
            "older": dict(g.older),
            "not_measured": dict(g.not_measured),
        }
        if lang is not None:
            labels = Labels(lang)
            labels.country("label", unit, row["name"])
            labels.reasons("not_measured_label", dict(g.not_measured))
            row |= labels.fields()
        rows.append(row)
    return rows


def evaluation_dict(results: PlanResults, plan: Plan) -> dict[str, Any]:
    """The plan's evaluation rules as applied to ``results`` (window as used)."""
    rules = plan.evaluation
    window = results.coverage.window if results.coverage else (plan.evaluation_window or (0, 0))
    return {
        "window": list(window),
        "outcome_min_share": rules.outcome_min_share,
        "min_states_ranked": rules.min_states_ranked,
        "verdict_min_share": rules.verdict_min_share,
        "ceiling_distance": rules.ceiling_distance,
        "relative_tolerance": rules.relative_tolerance,
    }
