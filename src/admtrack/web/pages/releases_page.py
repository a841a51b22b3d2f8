"""``/releases`` (every published release, newest first, with its bundle) and ``/releases/{id}``
(a release, how to cite it, its bundle's files and its changelog)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from admtrack.services.dashboard import WebContext
from admtrack.services.releases import changelog
from admtrack.web.deps import get_context
from admtrack.web.pages.common import render
from admtrack.web.serialise import BUNDLE_LINKS

router = APIRouter()
Ctx = Annotated[WebContext, Depends(get_context)]


@router.get("/releases", response_class=HTMLResponse)
def releases_page(request: Request, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    published = [r for r in reversed(catalog.releases) if r.is_published]
    # these pages are about releases themselves: no "data release shown" line or banner
    return render(request, "releases.html", releases=published, latest=catalog.latest_release,
                  release_shown=None)  # fmt: skip


@router.get("/releases/{release_id}", response_class=HTMLResponse)
def release_page(request: Request, release_id: str, ctx: Ctx) -> HTMLResponse:
    catalog = ctx.catalog()
    release = catalog.release(release_id)
    changes = changelog(ctx.store.engine, release.id)
    return render(
        request,
        "release.html",
        release=release,
        latest=catalog.latest_release,
        changes=changes,
        links=BUNDLE_LINKS,
        release_shown=None,
    )
