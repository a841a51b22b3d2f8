"""The REST API under ``/api/v1``: published data read-only for everyone; submissions with a token."""

from __future__ import annotations

from fastapi import APIRouter

from admtrack.web.api import (
    action_reports,
    actions,
    meta,
    observations,
    results,
    submissions,
    what_if,
)


def router() -> APIRouter:
    api = APIRouter(prefix="/api/v1")
    api.include_router(meta.router)
    api.include_router(observations.router)
    api.include_router(what_if.router)
    api.include_router(results.router)
    api.include_router(submissions.router)
    api.include_router(actions.router)
    api.include_router(action_reports.router)
    return api
