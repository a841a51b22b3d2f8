"""A release's life: created as a draft, filled with approved values, published once.

:func:`stage_values` is the one route by which reviewed values (a submission's approval, an
import) enter a draft; once :func:`publish` has run, the database refuses any change to them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from admtrack.domain.observations import Observation, Release, ReleaseStatus
from admtrack.errors import Forbidden, NotFound, ValidationError
from admtrack.services.accounts import Principal
from admtrack.services.releases.bundle import BundleFile, write_bundle
from admtrack.store.records import ChangeCounts
from admtrack.store.unit_of_work import Store


def list_releases(engine: sa.Engine, *, published_only: bool = False) -> list[Release]:
    """Every release, oldest first (drafts too unless ``published_only``)."""
    with Store(engine).reader() as r:
        found = r.releases()
    return [x for x in found if x.is_published] if published_only else found


def get_release(engine: sa.Engine, release_id: str) -> Release:
    found = {r.id: r for r in list_releases(engine)}.get(release_id)
    if found is None:
        raise NotFound(f"no release {release_id!r}")
    return found


def resolve_release(
    engine: sa.Engine, release_id: str | None = None, as_of: date | None = None
) -> Release | None:
    """The release a reader asked for: ``release_id`` itself, or the newest release published on
    or before ``as_of``, or (neither given) None for the current view. Drafts are never resolved
    by date."""
    if release_id is not None and as_of is not None:
        raise ValidationError("release", ["give either a release or an as-of date, not both"])
    if release_id is not None:
        return get_release(engine, release_id)
    if as_of is None:
        return None
    published = [r for r in list_releases(engine, published_only=True) if r.published <= as_of]
    if not published:
        raise NotFound(f"no release was published on or before {as_of.isoformat()}")
    return published[-1]


def create_draft(
    engine: sa.Engine, release_id: str, planned: date, description: str = "", actor: str = "cli"
) -> Release:
    """A new, empty draft release (refused if the id exists)."""
    release = Release(release_id, planned, description, ReleaseStatus.DRAFT)
    with Store(engine).transaction(actor=actor) as tx:
        if release_id in {r.id for r in tx.releases()}:
            raise ValidationError(f"release {release_id!r}", ["exists already; choose a new id"])
        tx.create_release(release)
    return release


def stage_values(
    engine: sa.Engine,
    release_id: str,
    values: Sequence[Observation],
    reason: str | None = None,
    actor: str = "cli",
) -> ChangeCounts:
    """Put approved ``values`` into the draft ``release_id`` in one transaction, keeping
    ``reason`` (the review's) on every value added or revised. Refused for a published release."""
    with Store(engine).transaction(actor=actor) as tx:
        return tx.upsert_observations(list(values), release_id, reason)


def withdraw_values(
    engine: sa.Engine,
    release_id: str,
    keys: Sequence[tuple[str, str, int]],
    reason: str | None = None,
    actor: str = "cli",
) -> ChangeCounts:
    """Withdraw values from the view as of the draft ``release_id`` on."""
    with Store(engine).transaction(actor=actor) as tx:
        return tx.withdraw_observations(list(keys), release_id, reason)


def publish(
    engine: sa.Engine,
    release_id: str,
    on: date | None = None,
    actor: str = "cli:releases publish",
    after_publish: Callable[[Release], object] | None = None,
) -> Release:
    """Publish the draft ``release_id`` (dated ``on``, default today). ``after_publish`` runs
    once the transaction has committed (the entry points write the release's bundle there)."""
    with Store(engine).transaction(actor=actor) as tx:
        release = tx.publish_release(release_id, on or date.today())
    if after_publish is not None:
        after_publish(release)
    return release


def publish_by(
    engine: sa.Engine,
    principal: Principal,
    release_id: str,
    on: date | None = None,
    after_publish: Callable[[Release], object] | None = None,
) -> Release:
    """:func:`publish` on behalf of a signed-in user: only the secretariat publishes."""
    if not principal.can_publish:
        raise Forbidden("only the secretariat publishes a release")
    return publish(engine, release_id, on, principal.actor, after_publish)


def drafts(engine: sa.Engine) -> list[Release]:
    """The draft releases, oldest first (approved values collect in the newest)."""
    return [r for r in list_releases(engine) if not r.is_published]


def bundle_release(engine: sa.Engine, release_id: str, to: Path) -> list[BundleFile]:
    """Write the bundle of the published ``release_id`` into ``to/<release_id>`` (written once:
    an existing bundle is checked against a fresh one, never rewritten)."""
    release = get_release(engine, release_id)
    return write_bundle(Store(engine), release, to / release.id)
