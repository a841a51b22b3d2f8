"""Errors as RFC 9457 problem details (``application/problem+json``) on the API, and as a plain
HTML page with the same message on the pages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from admtrack.errors import AdmtrackError, NotFound, ValidationError

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Sign-in needed",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Too large",
    422: "Invalid request",
    429: "Too many attempts",
}


def problem(status: int, detail: str, request: Request, **extra: Any) -> Response:
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": str(request.url.path),
        **extra,
    }
    if request.url.path.startswith("/api/"):
        return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE)
    templates = request.app.state.templates
    page: Response = templates.TemplateResponse(
        request, "error.html", {"problem": body}, status_code=status
    )
    return page


def install(app: FastAPI) -> None:
    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return problem(exc.status_code, str(exc.detail), request)

    async def on_validation(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"location": ".".join(str(p) for p in e.get("loc", ())), "message": e.get("msg", "")}
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
        return problem(422, detail, request, errors=errors)

    async def on_admtrack(request: Request, exc: Exception) -> Response:
        if isinstance(exc, NotFound):
            return problem(404, str(exc), request)
        if isinstance(exc, ValidationError):
            return problem(422, str(exc), request, errors=exc.problems)
        return problem(400, str(exc), request)

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(AdmtrackError, on_admtrack)
