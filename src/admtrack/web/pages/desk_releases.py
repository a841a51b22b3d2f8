"""The secretariat's release desk: ``/submissions/releases`` (the drafts collecting approved
values, and the published releases) and ``/submissions/releases/{id}`` (a draft's changes since
the latest published release, with the form that publishes it). Publishing is the
secretariat's alone; the form is CSRF-checked; the release's bundle is written at publication."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from admtrack.errors import Forbidden, ValidationError
from admtrack.services import releases
from admtrack.services.accounts import Principal
from admtrack.services.dashboard import WebContext
from admtrack.web.auth import checked_form, page_principal
from admtrack.web.deps import base_context
from admtrack.web.pages.account import render_private

router = APIRouter()


def _publisher(request: Request) -> Principal:
    me = page_principal(request)
    if not me.can_publish:
        raise Forbidden("only the secretariat prepares and publishes releases")
    return me


@router.get("/submissions/releases", response_class=HTMLResponse)
def release_desk(request: Request) -> HTMLResponse:
    _publisher(request)
    everything = releases.list_releases(base_context(request).engine)
    return render_private(request, "desk/releases.html", releases=list(reversed(everything)))


@router.get("/submissions/releases/{release_id}", response_class=HTMLResponse)
def draft_page(request: Request, release_id: str) -> Response:
    _publisher(request)
    ctx = base_context(request)
    release = releases.get_release(ctx.engine, release_id)
    if release.is_published:
        return RedirectResponse(f"/releases/{release.id}", status_code=303)
    latest = ctx.catalog().latest_release
    changes = (
        releases.diff_releases(ctx.engine, latest.id, release.id)
        if latest is not None
        else releases.changelog(ctx.engine, release.id)
    )
    return render_private(request, "desk/draft.html", release=release, latest=latest,
                          changes=changes, today=date.today().isoformat())  # fmt: skip


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("on", [f"{text!r} is not a date YYYY-MM-DD"]) from None


@router.post("/submissions/releases/{release_id}/publish")
async def publish(request: Request, release_id: str) -> Response:
    form = await checked_form(request)
    me = _publisher(request)  # the role first: nobody else learns whether the date is valid
    ctx: WebContext = base_context(request)
    folder: Path = request.app.state.settings.data_dir / "releases"
    releases.publish_by(
        ctx.engine, me, release_id, _day(str(form.get("on", ""))),
        after_publish=lambda r: releases.bundle_release(ctx.engine, r.id, folder),
    )  # fmt: skip
    ctx.invalidate()
    return RedirectResponse(f"/releases/{release_id}", status_code=303)
