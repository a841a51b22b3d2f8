"""Request dependencies: the shared context lives on ``app.state`` (set by ``create_app``).

:func:`get_context` is where every public page and API endpoint learns which release it shows:
``?release=ID`` (a published release) or ``?as_of=YYYY-MM-DD`` (the newest release published on
or before that day), resolved once per request; the context it returns reads that release by
default (:meth:`WebContext.pinned`), so no handler passes the release along by hand. An unknown
release, or a day before the first release, is a 404 naming the parameter; a malformed date, or
both parameters at once, a 422. :func:`shown_release` tells the templates what was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Query, Request

from admtrack.domain.observations import Release
from admtrack.errors import NotFound
from admtrack.services.dashboard import WebContext

ReleaseParam = Annotated[
    str | None,
    Query(description="release id: the data as published in that release (default: the newest)"),
]
AsOfParam = Annotated[
    date | None,
    Query(description="YYYY-MM-DD: the data of the newest release published on or before it"),
]


@dataclass(frozen=True)
class ShownRelease:
    """The release a request shows, the newest one, and whether the reader pinned it."""

    shown: Release
    latest: Release
    pinned: bool

    @property
    def is_older(self) -> bool:
        return self.shown.id != self.latest.id


def base_context(request: Request) -> WebContext:
    """The context without a pinned release (for the desk, which is not a release view)."""
    ctx: WebContext = request.app.state.ctx
    return ctx


def get_context(
    request: Request, release: ReleaseParam = None, as_of: AsOfParam = None
) -> WebContext:
    """The context reading the release the request asked for (module doc)."""
    ctx = base_context(request)
    catalog = ctx.catalog()
    try:
        chosen = catalog.resolve(release, as_of)
    except NotFound as exc:
        name = "as_of" if as_of is not None else "release"
        value = as_of.isoformat() if as_of is not None else release
        raise NotFound(f"?{name}={value}: {exc}") from None
    view = ctx.pinned(chosen.id if chosen is not None else None)
    latest = catalog.latest_release
    if latest is not None:
        shown = chosen if chosen is not None else latest
        request.state.release = ShownRelease(shown, latest, chosen is not None)
    return view


def shown_release(request: Request) -> ShownRelease | None:
    """What :func:`get_context` chose for this request (None: no release is loaded, or the
    request did not read a release)."""
    found: ShownRelease | None = getattr(request.state, "release", None)
    return found
