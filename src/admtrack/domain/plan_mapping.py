"""Plans to and from plain mappings (the shape of ``plans/*.yaml``), with located errors.

The YAML schema is documented in ``docs/plans.md``. Reading collects every structural problem
(missing key, wrong type) with its path, e.g. ``outcomes[2].indicators[0].unit``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeGuard

from admtrack.domain.framework import (
    Aggregate,
    EnablingAction,
    EvaluationRules,
    Indicator,
    Milestone,
    Outcome,
    Plan,
    PlanStatus,
    PlanTranslation,
    Target,
    TargetSet,
    Variable,
)
from admtrack.domain.numbers import parse_integer
from admtrack.domain.observations import SourceRef
from admtrack.errors import ValidationError

#: The years a plan, target or status may name.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: The integers a plan file may hold (a database INTEGER).
MIN_INT, MAX_INT = -(2**31), 2**31 - 1


def is_year(value: object) -> TypeGuard[int]:
    return type(value) is int and MIN_YEAR <= value <= MAX_YEAR


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:80] + "..."


KEYS: dict[str, frozenset[str]] = {
    "plan": frozenset({
        "id", "name", "status", "period", "baseline_year", "description", "sources",
        "indicators_proposed_by", "indicator_note", "aggregates", "variables", "target_sets",
        "outcomes", "translations", "evaluation",
    }),
    "evaluation": frozenset({
        "window", "outcome_min_share", "min_states_ranked", "verdict_min_share",
        "ceiling_distance", "relative_tolerance",
    }),
    "translation": frozenset({"source", "name", "outcomes", "indicators"}),
    "outcome_translation": frozenset({"name", "summary"}),
    "outcome": frozenset({
        "id", "name", "summary", "weight", "parent", "unit", "measurement_note", "indicators",
    }),
    "indicator": frozenset({
        "code", "name", "unit", "direction", "weight", "headline", "trend_test", "description",
        "denominator", "proposed_by", "goalposts", "source", "targets", "bound", "relative",
        "ceiling_distance",
    }),
    "source": frozenset({"publisher", "dataset", "series_code", "licence", "url", "citation"}),
    "target": frozenset({"set", "value", "year", "group", "note"}),
    "aggregate": frozenset({"code", "name", "level", "parent", "weight", "unit"}),
    "target_set": frozenset({"id", "name", "attribution", "url", "is_plan_target", "description"}),
    "variable": frozenset({"code", "name", "kind", "unit"}),
    "enabling_action": frozenset({
        "id", "title", "outcome", "priority", "timeframe", "lead", "status", "evidence",
        "milestones", "indicators",
    }),
    "milestone": frozenset({"title", "due"}),
}  # fmt: skip


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def known(self, m: Mapping[str, Any], path: str, kind: str) -> None:
        """Report keys the schema does not have (typos, or a YAML value split at a comma)."""
        for key in m:
            if key not in KEYS[kind]:
                allowed = ", ".join(sorted(KEYS[kind]))
                self.problems.append(f"{path}: unknown key {key!r} (allowed: {allowed})")

    def get(self, m: Mapping[str, Any], key: str, path: str, kind: type, default: Any = ...) -> Any:
        if key not in m or m[key] is None:
            if default is ...:
                self.problems.append(f"{path}.{key}: required")
                return kind()
            return default
        value = m[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            shown = _shown(value)
            self.problems.append(
                f"{path}.{key}: expected {kind.__name__}, got {type(value).__name__} {shown}"
            )
            return kind() if default is ... else default
        if isinstance(value, int) and not MIN_INT <= value <= MAX_INT:
            self.problems.append(f"{path}.{key}: {value} is out of range")
            return kind() if default is ... else default
        return value

    def year(self, m: Mapping[str, Any], key: str, path: str) -> int | None:
        """An optional calendar year between :data:`MIN_YEAR` and :data:`MAX_YEAR`."""
        value: int | None = self.get(m, key, path, int, None)
        if value is not None and not is_year(value):
            self.problems.append(f"{path}.{key}: {value} is not a year in {MIN_YEAR}-{MAX_YEAR}")
            return None
        return value

    def items(
        self, m: Mapping[str, Any], key: str, path: str
    ) -> list[tuple[str, Mapping[str, Any]]]:
        seq = self.get(m, key, path, list, [])
        out = []
        for n, item in enumerate(seq):
            where = f"{path}.{key}[{n}]"
            if isinstance(item, Mapping):
                out.append((where, item))
            else:
                self.problems.append(f"{where}: expected a mapping, got {item!r}")
        return out


def _source(r: _Reader, m: Mapping[str, Any] | None, path: str) -> SourceRef | None:
    if m is None:
        return None
    r.known(m, path, "source")
    return SourceRef(
        publisher=r.get(m, "publisher", path, str),
        dataset=r.get(m, "dataset", path, str),
        licence=r.get(m, "licence", path, str),
        url=r.get(m, "url", path, str, ""),
        series_code=r.get(m, "series_code", path, str, ""),
        citation=r.get(m, "citation", path, str, ""),
    )


def _indicator(r: _Reader, m: Mapping[str, Any], path: str, outcome: str) -> Indicator:
    r.known(m, path, "indicator")
    for where, t in r.items(m, "targets", path):
        r.known(t, where, "target")
    targets = tuple(
        Target(
            value=r.get(t, "value", where, float),
            target_set=r.get(t, "set", where, str),
            year=r.year(t, "year", where),
            group=r.get(t, "group", where, str, None),
            note=r.get(t, "note", where, str, ""),
        )
        for where, t in r.items(m, "targets", path)
    )
    gp = r.get(m, "goalposts", path, list, None)
    goalposts = None
    if gp is not None:
        if len(gp) == 2 and all(isinstance(x, int | float) for x in gp):
            goalposts = (float(gp[0]), float(gp[1]))
        else:
            r.problems.append(f"{path}.goalposts: expected [lower, upper], got {gp!r}")
    source_map = r.get(m, "source", path, dict, None)
    return Indicator(
        code=r.get(m, "code", path, str),
        name=r.get(m, "name", path, str),
        unit=r.get(m, "unit", path, str),
        direction=r.get(m, "direction", path, int),
        outcome=outcome,
        weight=r.get(m, "weight", path, float, 1.0),
        description=r.get(m, "description", path, str, ""),
        source=_source(r, source_map, f"{path}.source"),
        targets=targets,
        goalposts=goalposts,
        denominator=r.get(m, "denominator", path, str, None),
        proposed_by=r.get(m, "proposed_by", path, str, ""),
        headline=r.get(m, "headline", path, bool, False),
        trend_test=r.get(m, "trend_test", path, bool, True),
        bound=r.get(m, "bound", path, float, None),
        relative=r.get(m, "relative", path, bool, False),
        ceiling_distance=r.get(m, "ceiling_distance", path, float, None),
    )


def _years(r: _Reader, m: Mapping[str, Any], key: str, path: str) -> tuple[int, int] | None:
    raw = r.get(m, key, path, list, None)
    if raw is None:
        return None
    if len(raw) == 2 and all(is_year(y) for y in raw):
        return (raw[0], raw[1])
    r.problems.append(
        f"{path}.{key}: expected [start, end] years in {MIN_YEAR}-{MAX_YEAR}, got {_shown(raw)}"
    )
    return None


def _evaluation(r: _Reader, data: Mapping[str, Any], where: str) -> EvaluationRules:
    m = r.get(data, "evaluation", where, dict, None)
    if m is None:
        return EvaluationRules()
    path = f"{where}.evaluation"
    r.known(m, path, "evaluation")
    d = EvaluationRules()
    return EvaluationRules(
        window=_years(r, m, "window", path),
        outcome_min_share=r.get(m, "outcome_min_share", path, float, d.outcome_min_share),
        min_states_ranked=r.get(m, "min_states_ranked", path, int, d.min_states_ranked),
        verdict_min_share=r.get(m, "verdict_min_share", path, float, d.verdict_min_share),
        ceiling_distance=r.get(m, "ceiling_distance", path, float, d.ceiling_distance),
        relative_tolerance=r.get(m, "relative_tolerance", path, float, d.relative_tolerance),
    )


def plan_from_mapping(data: Mapping[str, Any], where: str = "plan") -> Plan:
    """Build a :class:`Plan` from a parsed YAML/JSON document; raise one error listing all problems."""
    r = _Reader()
    if not isinstance(data, Mapping):
        raise ValidationError(where, [f"expected a mapping at the top, got {type(data).__name__}"])
    r.known(data, where, "plan")
    for kind, key in (
        ("aggregate", "aggregates"),
        ("target_set", "target_sets"),
        ("variable", "variables"),
    ):
        for path, item in r.items(data, key, where):
            r.known(item, path, kind)
    proposed_default = r.get(data, "indicators_proposed_by", where, str, "")
    outcomes = []
    for opath, o in r.items(data, "outcomes", where):
        r.known(o, opath, "outcome")
        oid = r.get(o, "id", opath, str)
        indicators = tuple(
            _indicator(r, i, ipath, oid) for ipath, i in r.items(o, "indicators", opath)
        )
        if proposed_default:
            indicators = tuple(
                i if i.proposed_by else _with_proposer(i, proposed_default) for i in indicators
            )
        outcomes.append(
            Outcome(
                id=oid,
                name=r.get(o, "name", opath, str),
                summary=r.get(o, "summary", opath, str, ""),
                weight=r.get(o, "weight", opath, float, 1.0),
                indicators=indicators,
                parent=r.get(o, "parent", opath, str, None),
                unit=r.get(o, "unit", opath, str, "Score"),
                measurement_note=r.get(o, "measurement_note", opath, str, ""),
            )
        )
    aggregates = tuple(
        Aggregate(
            code=r.get(a, "code", apath, str),
            name=r.get(a, "name", apath, str),
            level=r.get(a, "level", apath, int),
            parent=r.get(a, "parent", apath, str, None),
            weight=r.get(a, "weight", apath, float, 1.0),
            unit=r.get(a, "unit", apath, str, "Score"),
        )
        for apath, a in r.items(data, "aggregates", where)
    )
    target_sets = tuple(
        TargetSet(
            id=r.get(t, "id", tpath, str),
            name=r.get(t, "name", tpath, str),
            attribution=r.get(t, "attribution", tpath, str),
            url=r.get(t, "url", tpath, str, ""),
            is_plan_target=r.get(t, "is_plan_target", tpath, bool, False),
            description=r.get(t, "description", tpath, str, ""),
        )
        for tpath, t in r.items(data, "target_sets", where)
    )
    variables = tuple(
        Variable(
            code=r.get(v, "code", vpath, str),
            name=r.get(v, "name", vpath, str),
            kind=r.get(v, "kind", vpath, str),
            unit=r.get(v, "unit", vpath, str, ""),
        )
        for vpath, v in r.items(data, "variables", where)
    )
    period_raw = r.get(data, "period", where, list, None)
    period = None
    if period_raw is not None:
        if len(period_raw) == 2 and all(is_year(y) for y in period_raw):
            period = (period_raw[0], period_raw[1])
        else:
            r.problems.append(
                f"{where}.period: expected [start, end] years in {MIN_YEAR}-{MAX_YEAR}, "
                f"got {_shown(period_raw)}"
            )
    status_raw = r.get(data, "status", where, str, "user")
    try:
        status = PlanStatus(status_raw)
    except ValueError:
        r.problems.append(
            f"{where}.status: {status_raw!r} is not one of {[s.value for s in PlanStatus]}"
        )
        status = PlanStatus.USER
    top = {
        "id": r.get(data, "id", where, str),
        "name": r.get(data, "name", where, str),
        "baseline_year": r.year(data, "baseline_year", where),
        "description": r.get(data, "description", where, str, ""),
        "indicator_note": r.get(data, "indicator_note", where, str, ""),
        "sources": tuple(r.get(data, "sources", where, list, [])),
        "evaluation": _evaluation(r, data, where),
    }
    translations = _translations(r, data, where)
    if r.problems:  # after every field is read, so that each problem is reported
        raise ValidationError(where, r.problems)
    return Plan(
        translations=translations,
        **top,
        outcomes=tuple(outcomes),
        period=period,
        status=status,
        indicators_proposed_by=proposed_default,
        aggregates=aggregates,
        target_sets=target_sets,
        variables=variables,
    )


def _translations(r: _Reader, data: Mapping[str, Any], where: str) -> tuple[PlanTranslation, ...]:
    """``translations: {th: {source, name, outcomes: {DO1: {name, summary}}, indicators:
    {CODE: name}}}``: the plan's own texts per language."""
    found: dict[str, Any] = r.get(data, "translations", where, dict, {})
    out = []
    for lang, m in found.items():
        path = f"{where}.translations.{lang}"
        if not isinstance(m, Mapping):
            r.problems.append(f"{path}: expected a mapping, got {_shown(m)}")
            continue
        r.known(m, path, "translation")
        outcomes = []
        for oid, om in r.get(m, "outcomes", path, dict, {}).items():
            opath = f"{path}.outcomes.{oid}"
            if not isinstance(om, Mapping):
                r.problems.append(f"{opath}: expected a mapping with name and summary")
                continue
            r.known(om, opath, "outcome_translation")
            outcomes.append(
                (str(oid), r.get(om, "name", opath, str, ""), r.get(om, "summary", opath, str, ""))
            )
        indicators = []
        for code, name in r.get(m, "indicators", path, dict, {}).items():
            if not isinstance(name, str):
                r.problems.append(f"{path}.indicators.{code}: expected a name, got {_shown(name)}")
                continue
            indicators.append((str(code), name))
        out.append(
            PlanTranslation(
                language=str(lang),
                source=r.get(m, "source", path, str, ""),
                name=r.get(m, "name", path, str, ""),
                outcomes=tuple(outcomes),
                indicators=tuple(indicators),
            )
        )
    return tuple(out)


def _translations_mapping(plan: Plan) -> dict[str, Any]:
    return {
        t.language: _drop_empty(
            {
                "source": t.source,
                "name": t.name,
                "outcomes": {o: _drop_empty({"name": n, "summary": s}) for o, n, s in t.outcomes},
                "indicators": dict(t.indicators),
            }
        )
        for t in plan.translations
    }


def _with_proposer(ind: Indicator, proposer: str) -> Indicator:
    from dataclasses import replace

    return replace(ind, proposed_by=proposer)


def _drop_empty(m: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in m.items() if v not in (None, "", (), [], {})}


def plan_to_mapping(plan: Plan) -> dict[str, Any]:
    """The inverse of :func:`plan_from_mapping` (enabling actions are not part of plan files)."""
    return _drop_empty(
        {
            "id": plan.id,
            "name": plan.name,
            "status": plan.status.value,
            "period": list(plan.period) if plan.period else None,
            "baseline_year": plan.baseline_year,
            "description": plan.description,
            "sources": list(plan.sources),
            "indicators_proposed_by": plan.indicators_proposed_by,
            "indicator_note": plan.indicator_note,
            "target_sets": [
                _drop_empty(
                    {
                        "id": t.id,
                        "name": t.name,
                        "attribution": t.attribution,
                        "url": t.url,
                        "is_plan_target": t.is_plan_target,
                        "description": t.description,
                    }
                )
                for t in plan.target_sets
            ],
            "aggregates": [
                _drop_empty(
                    {
                        "code": a.code,
                        "name": a.name,
                        "level": a.level,
                        "parent": a.parent,
                        "weight": a.weight,
                        "unit": a.unit,
                    }
                )
                for a in plan.aggregates
            ],
            "variables": [
                _drop_empty({"code": v.code, "name": v.name, "kind": v.kind, "unit": v.unit})
                for v in plan.variables
            ],
            "outcomes": [_outcome_mapping(o) for o in plan.outcomes],
            "evaluation": _evaluation_mapping(plan.evaluation),
            "translations": _translations_mapping(plan),
        }
    )


def _evaluation_mapping(rules: EvaluationRules) -> dict[str, Any] | None:
    if rules == EvaluationRules():
        return None
    return {
        **({"window": list(rules.window)} if rules.window else {}),
        "outcome_min_share": rules.outcome_min_share,
        "min_states_ranked": rules.min_states_ranked,
        "verdict_min_share": rules.verdict_min_share,
        "ceiling_distance": rules.ceiling_distance,
        "relative_tolerance": rules.relative_tolerance,
    }


def _outcome_mapping(o: Outcome) -> dict[str, Any]:
    return _drop_empty(
        {
            "id": o.id,
            "name": o.name,
            "summary": o.summary,
            "weight": o.weight,
            "parent": o.parent,
            "unit": o.unit,
            "measurement_note": o.measurement_note,
            "indicators": [_indicator_mapping(i) for i in o.indicators],
        }
    )


def _indicator_mapping(i: Indicator) -> dict[str, Any]:
    source = None
    if i.source is not None:
        s = i.source
        source = _drop_empty(
            {
                "publisher": s.publisher,
                "dataset": s.dataset,
                "series_code": s.series_code,
                "licence": s.licence,
                "url": s.url,
                "citation": s.citation,
            }
        )
    return _drop_empty(
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction,
            "weight": i.weight,
            "headline": i.headline or None,
            "trend_test": None if i.trend_test else False,
            "bound": i.bound,
            "relative": i.relative or None,
            "ceiling_distance": i.ceiling_distance,
            "description": i.description,
            "denominator": i.denominator,
            "proposed_by": i.proposed_by,
            "goalposts": list(i.goalposts) if i.goalposts else None,
            "source": source,
            "targets": [
                _drop_empty(
                    {
                        "set": t.target_set,
                        "value": t.value,
                        "year": t.year,
                        "group": t.group,
                        "note": t.note,
                    }
                )
                for t in i.targets
            ],
        }
    )


def enabling_action_from_mapping(
    m: Mapping[str, Any], where: str
) -> tuple[EnablingAction | None, list[str]]:
    """One enabling action from a parsed record; returns the action or the problems found."""
    r = _Reader()
    r.known(m, where, "enabling_action")
    status_raw = r.get(m, "status", where, dict, {})
    status: list[tuple[int, str]] = []
    for year, value in status_raw.items():
        number = parse_integer(year) if isinstance(year, str) else year
        if not is_year(number):
            r.problems.append(f"{where}.status: {_shown(year)} is not a year")
        elif not isinstance(value, str | int | float) or isinstance(value, bool):
            r.problems.append(f"{where}.status[{year}]: expected a status, got {_shown(value)}")
        else:
            status.append((number, str(value)))
    evidence = r.get(m, "evidence", where, list, [])
    for n, link in enumerate(evidence):
        if not isinstance(link, str):
            r.problems.append(f"{where}.evidence[{n}]: expected a string, got {_shown(link)}")
    milestones = _milestones(r, m, where)
    indicators = r.get(m, "indicators", where, list, [])
    action = EnablingAction(
        id=str(r.get(m, "id", where, str)).strip(),
        title=str(r.get(m, "title", where, str)).strip(),
        outcome=str(r.get(m, "outcome", where, str)).strip(),
        priority=r.get(m, "priority", where, str, ""),
        timeframe=r.get(m, "timeframe", where, str, ""),
        lead=r.get(m, "lead", where, str, ""),
        status=tuple(sorted(status)),
        evidence=tuple(str(e) for e in evidence),
        milestones=milestones,
        indicators=tuple(str(i).strip() for i in indicators),
    )
    if not action.id:
        r.problems.append(f"{where}.id: empty")
    if not action.title:
        r.problems.append(f"{where}.title: empty")
    return (None, r.problems) if r.problems else (action, [])


def _milestones(r: _Reader, m: Mapping[str, Any], where: str) -> tuple[Milestone, ...]:
    out = []
    for path, item in r.items(m, "milestones", where):
        r.known(item, path, "milestone")
        title = str(r.get(item, "title", path, str)).strip()
        due = item.get("due")
        due_text = due.isoformat() if isinstance(due, date) else str(due or "").strip()
        try:
            date.fromisoformat(due_text)
        except ValueError:
            r.problems.append(f"{path}.due: {due!r} is not a date (YYYY-MM-DD)")
            continue
        if not title:
            r.problems.append(f"{path}.title: empty")
            continue
        out.append(Milestone(title=title, due=due_text))
    return tuple(out)
