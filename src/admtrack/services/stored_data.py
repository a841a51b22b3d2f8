"""The stored data as the command line reads and writes it: open the database, read plans,
countries, releases, sources and observations, import a plan file or a plan's enabling actions,
rebuild the bundled snapshot. The entry points (``cli``, ``web``) reach the store and the
readers only through services such as this one."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

from admtrack.domain.framework import EnablingAction, Plan
from admtrack.domain.geography import Country
from admtrack.domain.observations import Observation, Release
from admtrack.errors import AdmtrackError, NotFound
from admtrack.store.engine import create_engine_for, current_revision
from admtrack.store.records import ChangeCounts, SourceRecord
from admtrack.store.unit_of_work import Store

if TYPE_CHECKING:  # the readers are imported where used, so that `plans list` starts faster
    from admtrack.ingest.snapshot import SnapshotResult, build_snapshot, write_snapshot

_SNAPSHOT = ("SnapshotResult", "build_snapshot", "write_snapshot")


def __getattr__(name: str) -> object:
    """The snapshot builder's names, re-exported here, imported when first asked for."""
    if name in _SNAPSHOT:
        from admtrack.ingest import snapshot

        return getattr(snapshot, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ChangeCounts",
    "PlanInputs",
    "SnapshotResult",
    "SourceRecord",
    "build_snapshot",
    "import_enabling_actions",
    "import_plan_file",
    "open_database",
    "plan_inputs",
    "stored_countries",
    "stored_observations",
    "stored_plan",
    "stored_plans",
    "stored_releases",
    "stored_sources",
    "write_plan_imeta",
    "write_snapshot",
]


def open_database(url: str, *, require_schema: bool = True) -> sa.Engine:
    """The engine for ``url``; unless ``require_schema`` is False, refuse a database that
    `admtrack init` has not set up yet, with a message saying so."""
    engine = create_engine_for(url)
    if require_schema and current_revision(engine) is None:
        where = engine.url.render_as_string(hide_password=True)
        raise AdmtrackError(f"the database {where} is not set up; run `admtrack init` first")
    return engine


def stored_plans(engine: sa.Engine) -> list[Plan]:
    with Store(engine).reader() as r:
        return r.list_plans()


def stored_plan(engine: sa.Engine, plan_id: str) -> Plan:
    """The stored plan ``plan_id``; NotFound pointing at `admtrack plans list` otherwise."""
    with Store(engine).reader() as r:
        try:
            return r.get_plan(plan_id)
        except NotFound:
            raise NotFound(f"no plan {plan_id!r}; see `admtrack plans list`") from None


def stored_countries(engine: sa.Engine) -> list[Country]:
    with Store(engine).reader() as r:
        return r.countries()


def stored_releases(engine: sa.Engine) -> list[Release]:
    with Store(engine).reader() as r:
        return r.releases()


def stored_sources(engine: sa.Engine) -> list[SourceRecord]:
    with Store(engine).reader() as r:
        return r.sources()


def stored_observations(
    engine: sa.Engine,
    indicator: str | Collection[str] | None = None,
    countries: Collection[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    release: str | None = None,
    as_of: str | None = None,
) -> list[Observation]:
    """Stored observations, filtered: the current view (drafts included), or the values of
    ``release`` only, or the view as published with release ``as_of``."""
    with Store(engine).reader() as r:
        return r.observations(
            indicator=indicator, countries=countries, year_from=year_from, year_to=year_to,
            release=release, as_of=as_of,
        )  # fmt: skip


@dataclass(frozen=True)
class PlanInputs:
    """What scoring needs of the store for one plan: the plan, its series' observations (its
    indicators and denominators) and the countries."""

    plan: Plan
    observations: list[Observation]
    countries: list[Country]


def plan_inputs(engine: sa.Engine, plan_id: str) -> PlanInputs:
    """The plan ``plan_id``, the observations of its indicators and denominator variables, and
    every country, read in one transaction."""
    with Store(engine).reader() as r:
        try:
            plan = r.get_plan(plan_id)
        except NotFound:
            raise NotFound(f"no plan {plan_id!r}; see `admtrack plans list`") from None
        codes = [i.code for i in plan.indicators]
        codes += [v.code for v in plan.variables if v.kind == "Denominator"]
        return PlanInputs(plan, r.observations(indicator=codes), r.countries())


def import_plan_file(
    engine: sa.Engine, file: Path, plan_id: str | None, name: str | None, *, actor: str
) -> tuple[Plan, ChangeCounts]:
    """Read and validate a YAML plan file or COINr iMeta CSV and store it (replacing a plan
    with the same id) in one transaction."""
    from admtrack.ingest.plan_files import read_plan_file

    plan = read_plan_file(file, plan_id, name)
    with Store(engine).transaction(actor=actor) as tx:
        return plan, tx.save_plan(plan)


def write_plan_imeta(plan: Plan, out: Path) -> None:
    """Write ``plan`` as a COINr iMeta CSV."""
    from admtrack.ingest.plan_files import write_imeta_csv

    write_imeta_csv(plan, out)


def import_enabling_actions(
    engine: sa.Engine, plan_id: str, file: Path, *, actor: str
) -> tuple[list[EnablingAction], ChangeCounts]:
    """Replace the plan's enabling actions with those of ``file`` (all-or-nothing)."""
    with Store(engine).reader() as r:
        plan = r.get_plan(plan_id)
    outcomes = {o.id for o in plan.outcomes}
    from admtrack.ingest.enabling_actions import read_enabling_actions

    actions = list(read_enabling_actions(file, outcomes, {i.code for i in plan.indicators}))
    with Store(engine).transaction(actor=actor) as tx:
        return actions, tx.save_enabling_actions(plan_id, actions)
