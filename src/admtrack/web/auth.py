"""Who is asking: the session cookie on pages, a bearer token on the API, and CSRF checks.

- Pages read the ``admtrack_session`` cookie (HttpOnly, SameSite=Lax, Secure when the request
  came over HTTPS). Every form carries the session's synchroniser token (``csrf_token``); a POST
  without the right one is refused with 403. The sign-in form, used before any session exists,
  uses a double-submit token: a random value in an HttpOnly, SameSite=Strict cookie and the
  same value in the form.
- The API reads only ``Authorization: Bearer <token>`` and ignores cookies, so a page from
  another site cannot make a signed-in browser call it: no CSRF token is needed there.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData

from admtrack.errors import (
    Conflict,
    Forbidden,
    ImportRejected,
    TooLarge,
    TooManyAttempts,
    Unauthenticated,
)
from admtrack.services.accounts import ActiveSession, Principal, Sessions, Tokens
from admtrack.services.accounts.secrets import same
from admtrack.web import problems
from admtrack.web.security import SESSION_COOKIE

SIGNIN_CSRF_COOKIE = "admtrack_signin_csrf"


def sessions(request: Request) -> Sessions:
    service: Sessions = request.app.state.sessions
    return service


def tokens(request: Request) -> Tokens:
    service: Tokens = request.app.state.tokens
    return service


def active_session(request: Request) -> ActiveSession | None:
    found: ActiveSession | None = getattr(request.state, "session", None)
    return found


def page_principal(request: Request) -> Principal:
    """The signed-in user of a page request, or Unauthenticated (a redirect to sign in)."""
    session = active_session(request)
    if session is None:
        raise Unauthenticated("sign in to see this page")
    return session.principal


def api_principal(request: Request) -> Principal:
    """The owner of the request's bearer token, or Unauthenticated (401)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthenticated("this endpoint needs an API token: Authorization: Bearer <token>")
    principal = tokens(request).resolve(value.strip())
    if principal is None:
        raise Unauthenticated("the API token is unknown, expired or revoked")
    return principal


async def checked_form(request: Request) -> FormData:
    """The form of a signed-in POST after checking its CSRF token."""
    session = active_session(request)
    if session is None:
        raise Unauthenticated("sign in first")
    form = await request.form()
    request.state.forms = [*getattr(request.state, "forms", []), form]  # closed by the middleware
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not same(sent, session.csrf_token):
        raise Forbidden("the form's security token is missing or stale; reload the page and retry")
    return form


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def set_session_cookie(request: Request, response: Response, value: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE, value, max_age=max_age, path="/", httponly=True, samesite="lax",
        secure=request.url.scheme == "https",
    )  # fmt: skip


def install(app: FastAPI) -> None:
    """Resolve the session cookie of every request into ``request.state.session`` and turn
    the account errors into 401/403/409/413/422/429 responses (a sign-in redirect on pages)."""

    @app.middleware("http")
    async def resolve_session(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cookie = request.cookies.get(SESSION_COOKIE)
        request.state.session = None
        if cookie and not request.url.path.startswith(("/static/", "/api/")):
            request.state.session = sessions(request).resolve(cookie)
        try:
            response = await call_next(request)
        finally:
            for form in getattr(request.state, "forms", []):
                await form.close()  # uploaded files are spooled to disk: remove them
        if cookie and request.state.session is None and not request.url.path.startswith("/api/"):
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    def handler(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
        async def handle(request: Request, exc: Exception) -> Response:
            extra: dict[str, Any] = {}
            if isinstance(exc, ImportRejected):
                extra["errors"] = [str(i) for i in exc.issues]
            if status == 401 and not request.url.path.startswith("/api/"):
                return RedirectResponse(f"/signin?next={request.url.path}", status_code=303)
            response = problems.problem(status, str(exc), request, **extra)
            if status == 401:
                response.headers["www-authenticate"] = 'Bearer realm="admtrack"'
            return response

        return handle

    for error, status in (
        (Unauthenticated, 401), (Forbidden, 403), (Conflict, 409), (TooLarge, 413),
        (ImportRejected, 422), (TooManyAttempts, 429),
    ):  # fmt: skip
        app.add_exception_handler(error, handler(status))
