"""Request dependencies: the shared context lives on ``app.state`` (set by ``create_app``)."""

from __future__ import annotations

from fastapi import Request

from admtrack.services.dashboard import WebContext


def get_context(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.ctx
    return ctx
