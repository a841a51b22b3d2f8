"""Errors as RFC 9457 problem details (``application/problem+json``) on the API, and as a plain
HTML page with the same message on the pages. :func:`documented` names the problems a path can
answer with in /openapi.json (shape: :class:`admtrack.web.schemas.Problem`).

Languages: a page shows the problem in the page's language (the title from the catalogues, the
detail and every problem through :func:`admtrack.services.texts.message_label`, which
translates the messages the services made with a template). An API problem stays English, the
language of its clients' code and logs; with a valid ``?lang=`` other than English it adds
``title_label``, ``detail_label`` and, on each entry of ``errors`` and ``issues``,
``message_label`` in that language, and ``label_lang`` (as the data endpoints add labels). A
request refused for its ``lang`` itself answers in English."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from admtrack import i18n
from admtrack.domain.issues import Issue
from admtrack.errors import AdmtrackError, NotFound, ValidationError
from admtrack.services.texts import message_label, validation_label
from admtrack.web.schemas import Problem

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


def problem(
    status: int,
    detail: str,
    request: Request,
    *,
    labels: Callable[[], dict[str, Any]] | None = None,
    **extra: Any,
) -> Response:
    """The problem answer; ``labels`` gives, in the language in force, ``detail_label`` and
    the ``message_label`` of each entry of ``errors`` and ``issues`` (default: the English)."""
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": str(request.url.path),
        **extra,
    }
    if request.url.path.startswith("/api/"):
        lang = request.query_params.get("lang")
        if lang in i18n.CODES and lang != i18n.SOURCE_LANGUAGE:
            with i18n.using(lang):
                body |= _labelled(body, labels)
        return JSONResponse(body, status_code=status, media_type=PROBLEM_TYPE)
    templates = request.app.state.templates
    shown = body | _labelled(body, labels)  # the page's language is in force
    page: Response = templates.TemplateResponse(
        request, "error.html", {"problem": shown}, status_code=status
    )
    return page


def _labelled(body: dict[str, Any], labels: Callable[[], dict[str, Any]] | None) -> dict[str, Any]:
    """``title_label``, ``detail_label``, ``label_lang`` and, per entry of ``errors`` and
    ``issues``, ``message_label``, in the language in force."""
    found = labels() if labels is not None else {}
    out: dict[str, Any] = {
        "title_label": i18n.gettext(body["title"]),
        "detail_label": found.get("detail", body["detail"]),
        "label_lang": i18n.current(),
    }
    for key in ("errors", "issues"):
        if key in body:
            messages = found.get(key) or [e["message"] for e in body[key]]
            out[key] = [e | {"message_label": m} for e, m in zip(body[key], messages, strict=True)]
    return out


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` of a route for the problem statuses it can answer with."""
    return {status: {"model": Problem, "description": TITLES[status]} for status in statuses}


def _publish_problem_media_type(app: FastAPI) -> None:
    """In /openapi.json, a 4xx answer is ``application/problem+json`` (FastAPI files every model
    under ``application/json``); FastAPI's own 422 shape, which admtrack never sends, goes."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                answers = operation.get("responses", {})
                _document_release_problems(operation, answers)
                for status, answer in list(answers.items()):
                    content = answer.get("content", {})
                    if "HTTPValidationError" in str(content):
                        del answers[status]
                    elif status.startswith("4") and "application/json" in content:
                        answer["content"] = {PROBLEM_TYPE: content["application/json"]}
        components = schema.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _document_release_problems(operation: dict[str, Any], answers: dict[str, Any]) -> None:
    """An operation that reads a release (``?release=`` / ``?as_of=``, see web/deps.py) can
    answer 404 (no such release) and 422 (a malformed date): say so in its answers."""
    names = {p.get("name") for p in operation.get("parameters", ()) if p.get("in") == "query"}
    if "release" not in names:
        return
    problem_schema = {"$ref": "#/components/schemas/Problem"}
    for status in (404, 422):
        if str(status) not in answers or "HTTPValidationError" in str(answers[str(status)]):
            answers[str(status)] = {
                "description": TITLES[status],
                "content": {"application/json": {"schema": problem_schema}},
            }


def _issues(exc: Exception) -> dict[str, Any]:
    """``{"issues": [{code, severity, message, file, row, column}, ...]}`` for an error that
    carries located issues (a refused file or import), else nothing."""
    issues = [i for i in getattr(exc, "issues", ()) if isinstance(i, Issue)]
    if not issues:
        return {}
    return {
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "message": i.message,
                "file": i.location.file,
                "row": i.location.row,
                "column": i.location.column,
            }
            for i in issues
        ]
    }


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
            what = exc.args[0] if exc.args else str(exc)
            return problem(404, str(exc), request, labels=lambda: {"detail": message_label(what)})
        located = _issues(exc)

        def issue_labels() -> dict[str, Any]:
            issues = [i for i in getattr(exc, "issues", ()) if isinstance(i, Issue)]
            return {"issues": [message_label(i.message) for i in issues]} if issues else {}

        if isinstance(exc, ValidationError):
            errors = [{"location": exc.what, "message": p} for p in exc.problems]

            def labels() -> dict[str, Any]:
                return {"detail": validation_label(exc),
                        "errors": [message_label(p) for p in exc.problems], **issue_labels()}  # fmt: skip

            return problem(422, str(exc), request, labels=labels, errors=errors, **located)
        return problem(400, str(exc), request, labels=issue_labels, **located)

    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(AdmtrackError, on_admtrack)
    _publish_problem_media_type(app)
