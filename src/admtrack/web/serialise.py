"""Domain objects and results as JSON-ready dicts, shared by the API and the pages."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.geography import ASEAN, Country
from admtrack.domain.observations import Observation, Release
from admtrack.services.dashboard import SourceRecord
from admtrack.services.scoring import PlanResults, Verdict


def plan_dict(plan: Plan, *, full: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": plan.id,
        "name": plan.name,
        "status": plan.status.value,
        "period": list(plan.period) if plan.period else None,
        "baseline_year": plan.baseline_year,
        "indicators_proposed_by": plan.indicators_proposed_by or None,
        "outcomes": [
            {
                "id": o.id,
                "name": o.name,
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


def country_dict(c: Country, today: date | None = None) -> dict[str, Any]:
    day = today or date.today()
    since = c.member_since(ASEAN)
    status = c.status_on(ASEAN, day)
    return {
        "iso3": c.iso3,
        "name": c.name,
        "m49": c.m49,
        "is_aggregate": c.is_aggregate,
        "asean_status": status.value if status is not None else None,
        "asean_member_since": since.isoformat() if since else None,
        "groups": sorted(c.groups),
    }


def indicator_dict(ind: Indicator) -> dict[str, Any]:
    src = ind.source
    return {
        "code": ind.code,
        "name": ind.name,
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


def verdict_dict(v: Verdict) -> dict[str, Any]:
    """Every field of the verdict, flat: the CAGR category and ratio, the ESCAP current status,
    anticipated progress and category, the distance to target and the SDSN annual change, trend
    and light (None where undefined; see :class:`Verdict`)."""
    return asdict(v)


def index_rows(results: PlanResults, code: str, names: dict[str, str]) -> list[dict[str, Any]]:
    """One row per unit: score, rank and rank interval of ``code``, best first; for an
    outcome, the member state's status on it and the reason where there is no verdict."""
    rows = []
    for i, unit in enumerate(results.units):
        band = results.intervals.get(code, ())[i] if code in results.intervals else None
        status = results.status(code, unit) if code in results.outcomes else None
        rows.append(
            {
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
        )
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))
    return rows


def data_gaps_rows(results: PlanResults, names: dict[str, str]) -> list[dict[str, Any]]:
    """Per member state: indicator values missing, imputed or older than the window."""
    if results.coverage is None:
        return []
    return [
        {
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
        for unit in results.units
        if (g := results.coverage.gaps.get(unit)) is not None
    ]


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
