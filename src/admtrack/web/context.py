"""The request context of the dashboard and the API lives in the services layer
(:mod:`admtrack.services.dashboard`); this module names it for the web handlers."""

from __future__ import annotations

from admtrack.services.dashboard import DEFAULT_PLAN, Catalog, WebContext, make_context

__all__ = ["DEFAULT_PLAN", "Catalog", "WebContext", "make_context"]
