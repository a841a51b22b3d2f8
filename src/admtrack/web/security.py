"""Headers on every response: a Content-Security-Policy that allows no inline script (and no
framing: ``frame-ancestors 'none'``), X-Content-Type-Options, Referrer-Policy, and
``Cache-Control: private, no-store`` on everything that is not public: any response to a
request carrying a session cookie or an ``Authorization`` header, and every account,
submission and review page or endpoint.

``'unsafe-eval'`` is allowed for scripts because Vega compiles chart expressions with
``Function``; inline script (``<script>`` bodies other than JSON data blocks, ``on*=``
attributes) is not.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "admtrack_session"
#: Paths whose responses are never public: accounts, submissions, review, audit.
PRIVATE_PREFIXES = (
    "/signin",
    "/signout",
    "/account",
    "/submissions",
    "/audit",
    "/api/v1/submissions",
    "/api/v1/submission-status",
    "/api/v1/tokens",
    "/api/v1/audit",
    "/api/v1/action-reports",
)
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


_SESSION = SESSION_COOKIE.encode()


def is_private_scope(scope: Scope) -> bool:
    """An ASGI request whose response must never be shared: signed in (a session cookie or an
    ``Authorization`` header), or on a private path."""
    if str(scope.get("path", "")).startswith(PRIVATE_PREFIXES):
        return True
    for key, value in scope.get("headers", ()):
        if key == b"authorization":
            return True
        if key == b"cookie" and _SESSION in value:
            if SESSION_COOKIE in cookie_parser(value.decode("latin-1")):
                return True
    return False


def is_private_request(request: Request) -> bool:
    """A request whose response must never be shared: signed in, or on a private path."""
    return is_private_scope(request.scope)


class SecurityHeaders:
    """The headers of the module doc on every HTTP response, as a plain ASGI layer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = is_private_scope(scope)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message.get("headers", ())))
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if private:
                    headers["cache-control"] = "private, no-store"
                    headers["vary"] = "Cookie, Authorization"
                message["headers"] = headers.raw
            await send(message)

        await self.app(scope, receive, with_headers)


def install(app: FastAPI) -> None:
    """Add the headers layer; install it before the page cache, so that the cache (outermost)
    keeps the headers with the answers it stores."""
    app.add_middleware(SecurityHeaders)
