"""The tables of a release bundle, each with its Frictionless schema (fields, keys)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from admtrack.domain.framework import Plan
from admtrack.domain.geography import Country
from admtrack.domain.observations import Observation, Release
from admtrack.domain.plan_mapping import plan_to_mapping
from admtrack.services.actions.tracker import Register
from admtrack.store.records import SourceRecord

Field = dict[str, Any]


@dataclass(frozen=True)
class TableSpec:
    name: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)
    description: str = ""

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"


def _f(name: str, kind: str = "string", description: str = "", required: bool = False) -> Field:
    out: Field = {"name": name, "type": kind, "description": description}
    if required:
        out["constraints"] = {"required": True}
    return out


OBSERVATIONS = TableSpec(
    "observations",
    [
        _f("indicator", description="indicator code", required=True),
        _f("country", description="ISO 3166-1 alpha-3 code", required=True),
        _f("year", "integer", "reference year", required=True),
        _f("value", "number", "value in the indicator's unit", required=True),
        _f("status", description="observed, estimated, provisional or imputed", required=True),
        _f("source", description="id of the source (see sources)", required=True),
        _f("release", description="release the value entered in (see releases)", required=True),
        _f("file", description="file (or request) the value was read from"),
        _f("row", "integer", "row of that file (header = row 1)"),
        _f("column", description="column of that file"),
        _f("retrieved", "date", "when that file was retrieved"),
    ],
    ["indicator", "country", "year"],
    [
        {"fields": ["country"], "reference": {"resource": "countries", "fields": ["iso3"]}},
        {"fields": ["source"], "reference": {"resource": "sources", "fields": ["id"]}},
        {"fields": ["release"], "reference": {"resource": "releases", "fields": ["id"]}},
    ],
    "the release's values: for each key, the value of the newest release up to it",
)
OBSERVATION_FIELDS = [f["name"] for f in OBSERVATIONS.fields]
INDICATORS = TableSpec(
    "indicators",
    [
        _f("plan", required=True),
        _f("code", required=True),
        _f("outcome", required=True),
        _f("name", required=True),
        _f("unit"),
        _f("direction", "integer"),
        _f("weight", "number"),
        _f("source_publisher"),
        _f("source_licence"),
        _f("source_url"),
    ],  # fmt: skip
    ["plan", "code"],
    [{"fields": ["plan"], "reference": {"resource": "plans", "fields": ["id"]}}],
)
COUNTRIES = TableSpec(
    "countries",
    [
        _f("iso3", required=True),
        _f("name", required=True),
        _f("m49", "integer"),
        _f("is_aggregate", "boolean"),
        _f("groups", description="space-separated group names"),
    ],  # fmt: skip
    ["iso3"],
)
SOURCES = TableSpec(
    "sources",
    [
        _f("id", required=True),
        _f("publisher"),
        _f("dataset"),
        _f("licence"),
        _f("url"),
        _f("citation"),
        _f("retrieved", "date"),
    ],  # fmt: skip
    ["id"],
)
PLANS = TableSpec(
    "plans",
    [
        _f("id", required=True),
        _f("name", required=True),
        _f("period_start", "integer"),
        _f("period_end", "integer"),
        _f("baseline_year", "integer"),
        _f("document", description="the plan as JSON"),
    ],  # fmt: skip
    ["id"],
)
RELEASES = TableSpec(
    "releases",
    [_f("id", required=True), _f("published", "date", required=True), _f("description")],
    ["id"],
)
ACTIONS = TableSpec(
    "actions",
    [
        _f("plan", required=True),
        _f("action", description="the enabling action's id", required=True),
        _f("outcome", description="the desired outcome it serves"),
        _f("country", description="ISO 3166-1 alpha-3 code of the member state", required=True),
        _f(
            "status",
            description="not_started, in_progress, completed, not_applicable or not_reported",
            required=True,
        ),
        _f("as_of", "date", "date of the status"),
        _f("note"),
        _f("evidence_url", description="evidence on the web"),
        _f("evidence_sha256", description="SHA-256 of the evidence document's bytes"),
        _f("evidence_filename"),
        _f("approved", "date", "when the secretariat approved the report"),
    ],  # fmt: skip
    ["plan", "action", "country"],
    [
        {"fields": ["plan"], "reference": {"resource": "plans", "fields": ["id"]}},
        {"fields": ["country"], "reference": {"resource": "countries", "fields": ["iso3"]}},
    ],
    "each member state's status of each enabling action as of the release's publication: its "
    "latest report approved on or before that date",
)
ACTION_FIELDS = [f["name"] for f in ACTIONS.fields]


def action_rows(registers: Sequence[Register]) -> list[dict[str, Any]]:
    """One row per plan, action and member state, in key order."""
    rows = []
    for register in registers:
        for row in register.rows:
            a = row.action
            for country in sorted(row.states):
                r = row.states[country]
                doc = r.evidence if r is not None else None
                rows.append({
                    "plan": register.plan.id, "action": a.id, "outcome": a.outcome,
                    "country": country, "status": row.status_of(country),
                    "as_of": r.as_of.isoformat() if r is not None else None,
                    "note": (r.note or None) if r is not None else None,
                    "evidence_url": r.evidence_url if r is not None else None,
                    "evidence_sha256": doc.sha256 if doc is not None else None,
                    "evidence_filename": doc.filename if doc is not None else None,
                    "approved": r.reviewed_at.date().isoformat()
                    if r is not None and r.reviewed_at is not None else None,
                })  # fmt: skip
    return sorted(rows, key=lambda x: (x["plan"], x["action"], x["country"]))


def bundle_tables(
    plans: Sequence[Plan],
    values: Sequence[Observation],
    countries: Sequence[Country],
    sources: Sequence[SourceRecord],
    releases: Sequence[Release],
    release: Release,
    registers: Sequence[Register] = (),
) -> list[tuple[TableSpec, list[dict[str, Any]]]]:
    """Every table of ``release``'s bundle (observations first, actions last), rows in key
    order."""
    upto = [r for r in releases if r.published <= release.published]
    known = {c.iso3 for c in countries}
    observations = [
        {
            "indicator": o.indicator,
            "country": o.country,
            "year": o.year,
            "value": o.value,
            "status": o.status.value,
            "source": o.source,
            "release": o.release,
            "file": o.provenance.file if o.provenance else None,
            "row": o.provenance.row if o.provenance else None,
            "column": o.provenance.column if o.provenance else None,
            "retrieved": o.provenance.retrieved.isoformat()
            if o.provenance and o.provenance.retrieved
            else None,
        }  # fmt: skip
        for o in sorted(values, key=lambda o: o.key)
        if o.country in known
    ]
    indicators = [
        {
            "plan": p.id,
            "code": i.code,
            "outcome": i.outcome,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction,
            "weight": i.weight,
            "source_publisher": i.source.publisher if i.source else None,
            "source_licence": i.source.licence if i.source else None,
            "source_url": i.source.url if i.source else None,
        }  # fmt: skip
        for p in plans
        for i in p.indicators
    ]
    return [
        (OBSERVATIONS, observations),
        (INDICATORS, sorted(indicators, key=lambda r: (r["plan"], r["code"]))),
        (COUNTRIES, [
            {"iso3": c.iso3, "name": c.name, "m49": c.m49, "is_aggregate": c.is_aggregate,
             "groups": " ".join(sorted(c.groups))}
            for c in sorted(countries, key=lambda c: c.iso3)
        ]),
        (SOURCES, [
            {"id": s.id, "publisher": s.ref.publisher, "dataset": s.ref.dataset,
             "licence": s.ref.licence, "url": s.ref.url, "citation": s.ref.citation,
             "retrieved": s.retrieved.isoformat() if s.retrieved else None}
            for s in sorted(sources, key=lambda s: s.id)
        ]),
        (PLANS, [
            {"id": p.id, "name": p.name,
             "period_start": p.period[0] if p.period else None,
             "period_end": p.period[1] if p.period else None,
             "baseline_year": p.baseline_year,
             "document": json.dumps(plan_to_mapping(p), sort_keys=True, ensure_ascii=False)}
            for p in sorted(plans, key=lambda p: p.id)
        ]),
        (RELEASES, [
            {"id": r.id, "published": r.published.isoformat(), "description": r.description}
            for r in upto
        ]),
        (ACTIONS, action_rows(registers)),
    ]  # fmt: skip
