"""Sign in, sign out, and the account page where a user creates API tokens for themself."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from admtrack.errors import TooManyAttempts, Unauthenticated
from admtrack.i18n import gettext as _
from admtrack.services.accounts.secrets import new_token, same
from admtrack.web.auth import (
    SIGNIN_CSRF_COOKIE,
    active_session,
    checked_form,
    client_address,
    page_principal,
    sessions,
    set_session_cookie,
    tokens,
)
from admtrack.web.pages.common import render
from admtrack.web.security import SESSION_COOKIE

router = APIRouter()


def render_private(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A page for the signed-in user, with the session's CSRF token for its forms."""
    session = active_session(request)
    response = render(request, template, me=session.principal if session else None,
                      csrf=session.csrf_token if session else "", **context)  # fmt: skip
    response.status_code = status_code
    return response


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/submissions"


def _signin_page(
    request: Request, message: str = "", status: int = 200, next_: str = ""
) -> HTMLResponse:
    token = new_token()
    response = render(request, "desk/signin.html", csrf=token, message=message, next=next_)
    response.status_code = status
    response.set_cookie(SIGNIN_CSRF_COOKIE, token, max_age=3600, path="/signin", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = "") -> HTMLResponse:  # noqa: A002
    return _signin_page(request, next_=_safe_next(next) if next else "")


@router.post("/signin")
async def signin(request: Request) -> Response:
    form = await request.form()
    request.state.forms = [form]  # closed by the session middleware
    sent, cookie = form.get("csrf_token"), request.cookies.get(SIGNIN_CSRF_COOKIE)
    if not isinstance(sent, str) or not cookie or not same(sent, cookie):
        return _signin_page(request, _("The sign-in form expired; please try again."), 403)
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    try:
        signed = sessions(request).sign_in(username, password, client_address(request))
    except TooManyAttempts as exc:
        return _signin_page(request, str(exc).capitalize() + ".", 429, target)
    except Unauthenticated:
        return _signin_page(request, _("Unknown user name or wrong password."), 401, target)
    response = RedirectResponse(target, status_code=303)
    lifetime = int(sessions(request).policy.lifetime.total_seconds())
    set_session_cookie(request, response, signed.cookie, lifetime)
    response.delete_cookie(SIGNIN_CSRF_COOKIE, path="/signin")
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    await checked_form(request)
    session = active_session(request)
    if session is not None:
        sessions(request).sign_out(session)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/account", response_class=HTMLResponse)
def account(request: Request) -> HTMLResponse:
    principal = page_principal(request)
    return render_private(
        request, "desk/account.html", tokens=tokens(request).list_for(principal), new=None
    )


@router.post("/account/tokens", response_class=HTMLResponse)
async def create_token(request: Request) -> HTMLResponse:
    form = await checked_form(request)
    principal = page_principal(request)
    try:
        days = int(str(form.get("days", "90")))
    except ValueError:
        days = 0
    new = tokens(request).create(principal, str(form.get("name", "")), days)
    listed = tokens(request).list_for(principal)
    return render_private(request, "desk/account.html", tokens=listed, new=new)


@router.post("/account/tokens/{token_id}/revoke")
async def revoke_token(request: Request, token_id: int) -> Response:
    await checked_form(request)
    tokens(request).revoke(page_principal(request), token_id)
    return RedirectResponse("/account", status_code=303)
