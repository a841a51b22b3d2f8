"""The language of each request, chosen before anything else runs.

Pages: ``?lang=xx``, then the ``admtrack_lang`` cookie, then the browser's ``Accept-Language``
(Babel's ``negotiate_locale``), then English. A page asked for with a ``?lang=`` other than the
cookie's sets the cookie, so that the links of that page keep the language. A page whose language
came from the headers says ``Vary: Accept-Language, Cookie``; every page says
``Content-Language``.

The API answers in English (codes and English names); its ``lang`` parameter adds labels in
that language and is read here too, so that the services label in it.

A plain ASGI layer, installed outside the page cache: the cache keys on the language this layer
puts in the scope (:data:`SCOPE_KEY`) and never sees the cookie it sets. The language is a
context variable (:func:`admtrack.i18n.using`), so concurrent requests in different languages
never share translations.
"""

from __future__ import annotations

from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from admtrack import i18n

COOKIE = "admtrack_lang"
SCOPE_KEY = "admtrack.language"
API_PREFIX = "/api/"
#: Paths without language: static files and downloads of data.
NEUTRAL_PREFIXES = ("/static/", "/data/download/", "/data/releases/", "/actions/evidence/")
ONE_YEAR = 365 * 24 * 3600


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed Cookie header chooses nothing
        return None
    morsel = jar.get(name)
    return morsel.value if morsel is not None else None


def query_language(scope: Scope) -> str | None:
    query = scope.get("query_string", b"").decode("latin-1")
    values = [v for k, v in parse_qsl(query, keep_blank_values=True) if k == "lang"]
    return values[-1] if values else None


def scope_language(scope: Scope) -> str:
    """The language this layer chose for ``scope`` (English when the layer did not run)."""
    chosen: str = scope.get(SCOPE_KEY, i18n.SOURCE_LANGUAGE)
    return chosen


class LanguageLayer:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        asked = query_language(scope)
        if path.startswith(API_PREFIX):
            lang, page = i18n.supported(asked) or i18n.SOURCE_LANGUAGE, False
        elif path.startswith(NEUTRAL_PREFIXES):
            lang, page = i18n.SOURCE_LANGUAGE, False
        else:
            cookie = _cookie(scope, COOKIE)
            lang = i18n.choose(asked, cookie, _header(scope, b"accept-language"))
            page = True
        scope[SCOPE_KEY] = lang
        from_query = i18n.supported(asked) is not None
        set_cookie = page and from_query and lang != i18n.supported(_cookie(scope, COOKIE))

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start" and page:
                headers: list[Any] = list(message.get("headers", ()))
                headers.append((b"content-language", lang.encode()))
                if not from_query:
                    headers = _add_vary(headers, "Accept-Language, Cookie")
                if set_cookie:
                    value = f"{COOKIE}={lang}; Path=/; Max-Age={ONE_YEAR}; SameSite=Lax"
                    headers.append((b"set-cookie", value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        with i18n.using(lang):
            await self.app(scope, receive, send_with_language)


def _add_vary(headers: list[Any], names: str) -> list[Any]:
    present = [v.decode("latin-1") for k, v in headers if bytes(k).lower() == b"vary"]
    tokens = [t.strip() for v in present for t in v.split(",") if t.strip()]
    lowered = {t.lower() for t in tokens}
    tokens += [n.strip() for n in names.split(",") if n.strip().lower() not in lowered]
    kept = [(k, v) for k, v in headers if bytes(k).lower() != b"vary"]
    return [*kept, (b"vary", ", ".join(tokens).encode())]


def with_query(path: str, query: str, **changes: str | None) -> str:
    """``path?query`` with ``changes`` applied (None removes a parameter), order kept."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    encoded = urlencode(pairs)
    return f"{path}?{encoded}" if encoded else path


def install(app: Any) -> None:
    """Add the layer; install it after the page cache so that it runs outside it."""
    app.add_middleware(LanguageLayer)
