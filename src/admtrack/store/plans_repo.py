"""Plans and their enabling actions.

A plan is stored as its full document (``plan_to_mapping`` as JSON text, read back with
``plan_from_mapping``) plus queryable rows for its outcomes and indicators. Enabling actions are
stored separately because they come from a user's import, not from the plan file.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from admtrack.domain.framework import EnablingAction, Milestone, Plan
from admtrack.domain.plan_mapping import plan_from_mapping, plan_to_mapping
from admtrack.errors import NotFound
from admtrack.store.audit import AuditLog, Document, diff_documents
from admtrack.store.records import ChangeCounts
from admtrack.store.tables import enabling_actions, indicators, outcomes, plans


def save_plan(connection: sa.Connection, audit: AuditLog, plan: Plan) -> ChangeCounts:
    """Insert or replace ``plan``; audit the old and new documents when they differ.

    Enabling actions already stored for the plan are kept, and must still fit the new plan
    (their outcomes must exist), else :class:`~admtrack.errors.ValidationError` is raised. When
    ``plan.enabling_actions`` is not empty, it replaces the stored set.
    """
    old_doc = _stored_document(connection, plan.id)
    new_doc = plan_to_mapping(plan)
    if plan.enabling_actions:
        kept = plan.enabling_actions
    else:
        kept = tuple(_read_actions(connection, plan.id))
    plan.with_enabling_actions(kept)  # validates the actions against the new outcomes
    old = {plan.id: old_doc} if old_doc is not None else {}
    new = {plan.id: new_doc}
    diff = diff_documents(old, new, delete_missing=False)
    if diff.inserted or diff.updated:
        _delete_structure(connection, plan.id)
        row = _plan_row(plan, new_doc, audit)
        if diff.inserted:
            connection.execute(sa.insert(plans), row)
        else:
            connection.execute(sa.update(plans).where(plans.c.id == plan.id).values(row))
        _insert_structure(connection, plan)
        audit.record_diff("plan", diff, old, new)
    if plan.enabling_actions:
        save_enabling_actions(connection, audit, plan.id, plan.enabling_actions)
    return diff.counts


def save_enabling_actions(
    connection: sa.Connection, audit: AuditLog, plan_id: str, actions: Sequence[EnablingAction]
) -> ChangeCounts:
    """Replace the plan's set of enabling actions with ``actions``; audit each change.

    Raises :class:`~admtrack.errors.NotFound` when the plan is not stored and
    :class:`~admtrack.errors.ValidationError` when an action names an outcome the plan lacks or
    two actions share an id.
    """
    plan = get_plan(connection, plan_id, with_actions=False)
    plan.with_enabling_actions(tuple(actions))  # validates outcomes and unique ids
    stored = _read_actions(connection, plan_id)
    old = {f"{plan_id}/{a.id}": _action_document(a) for a in stored}
    new = {f"{plan_id}/{a.id}": _action_document(a) for a in actions}
    diff = diff_documents(old, new, delete_missing=True)
    order_changed = [a.id for a in stored] != [a.id for a in actions]
    if diff.counts.changed or order_changed:
        connection.execute(sa.delete(enabling_actions).where(enabling_actions.c.plan == plan_id))
        if actions:
            connection.execute(
                sa.insert(enabling_actions),
                [_action_row(plan_id, n, a) for n, a in enumerate(actions)],
            )
        audit.record_diff("enabling_action", diff, old, new)
    return diff.counts


def list_plans(connection: sa.Connection) -> list[Plan]:
    """Every stored plan with its enabling actions, ordered by id."""
    ids = connection.scalars(sa.select(plans.c.id).order_by(plans.c.id)).all()
    return [get_plan(connection, plan_id) for plan_id in ids]


def get_plan(connection: sa.Connection, plan_id: str, *, with_actions: bool = True) -> Plan:
    """The stored plan ``plan_id`` with its enabling actions; NotFound if there is none."""
    document = _stored_document(connection, plan_id)
    if document is None:
        raise NotFound(f"no plan {plan_id!r} in the store")
    plan = plan_from_mapping(document, where=f"stored plan {plan_id}")
    if not with_actions:
        return plan
    return plan.with_enabling_actions(tuple(_read_actions(connection, plan_id)))


def _stored_document(connection: sa.Connection, plan_id: str) -> Document | None:
    text = connection.scalar(sa.select(plans.c.document).where(plans.c.id == plan_id))
    if text is None:
        return None
    document: Document = json.loads(text)
    return document


def _plan_row(plan: Plan, document: Document, audit: AuditLog) -> dict[str, Any]:
    return {
        "id": plan.id,
        "name": plan.name,
        "status": plan.status.value,
        "period_start": plan.period[0] if plan.period else None,
        "period_end": plan.period[1] if plan.period else None,
        "baseline_year": plan.baseline_year,
        "document": json.dumps(document, ensure_ascii=False),
        "loaded_at": audit.at,
    }


def _delete_structure(connection: sa.Connection, plan_id: str) -> None:
    connection.execute(sa.delete(indicators).where(indicators.c.plan == plan_id))
    connection.execute(sa.delete(outcomes).where(outcomes.c.plan == plan_id))


def _insert_structure(connection: sa.Connection, plan: Plan) -> None:
    connection.execute(
        sa.insert(outcomes),
        [
            {
                "plan": plan.id,
                "id": o.id,
                "position": n,
                "name": o.name,
                "summary": o.summary,
                "weight": o.weight,
                "parent": o.parent,
            }
            for n, o in enumerate(plan.outcomes)
        ],
    )
    rows = [
        {
            "plan": plan.id,
            "code": i.code,
            "outcome": i.outcome,
            "position": n,
            "name": i.name,
            "unit": i.unit,
            "direction": i.direction,
            "weight": i.weight,
            "headline": i.headline,
            "source_publisher": i.source.publisher if i.source else None,
            "source_dataset": i.source.dataset if i.source else None,
            "source_series_code": i.source.series_code if i.source else None,
            "source_licence": i.source.licence if i.source else None,
            "source_url": i.source.url if i.source else None,
        }
        for n, i in enumerate(plan.indicators)
    ]
    if rows:
        connection.execute(sa.insert(indicators), rows)


def _read_actions(connection: sa.Connection, plan_id: str) -> list[EnablingAction]:
    query = (
        sa.select(enabling_actions)
        .where(enabling_actions.c.plan == plan_id)
        .order_by(enabling_actions.c.position, enabling_actions.c.id)
    )
    return [
        EnablingAction(
            id=row.id,
            title=row.title,
            outcome=row.outcome,
            priority=row.priority,
            timeframe=row.timeframe,
            lead=row.lead,
            status=tuple((int(year), str(status)) for year, status in row.status),
            evidence=tuple(str(link) for link in row.evidence),
            milestones=tuple(Milestone(title=str(t), due=str(d)) for t, d in row.milestones),
            indicators=tuple(str(code) for code in row.indicators),
        )
        for row in connection.execute(query)
    ]


def _action_document(action: EnablingAction) -> Document:
    return {
        "title": action.title,
        "outcome": action.outcome,
        "priority": action.priority,
        "timeframe": action.timeframe,
        "lead": action.lead,
        "status": [[year, status] for year, status in action.status],
        "evidence": list(action.evidence),
        "milestones": [[m.title, m.due] for m in action.milestones],
        "indicators": list(action.indicators),
    }


def _action_row(plan_id: str, position: int, action: EnablingAction) -> dict[str, Any]:
    return {"plan": plan_id, "id": action.id, "position": position, **_action_document(action)}
