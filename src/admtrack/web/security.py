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

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

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


def is_private_request(request: Request) -> bool:
    """A request whose response must never be shared: signed in, or on a private path."""
    return (
        SESSION_COOKIE in request.cookies
        or "authorization" in request.headers
        or request.url.path.startswith(PRIVATE_PREFIXES)
    )


def install(app: FastAPI) -> None:
    """Add the headers middleware; install it after the page cache, so that it wraps it and
    cached pages get the headers too."""

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if is_private_request(request):
            response.headers["cache-control"] = "private, no-store"
            response.headers["vary"] = "Cookie, Authorization"
        return response
