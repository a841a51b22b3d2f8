"""World Bank Indicators API v2 (``https://api.worldbank.org/v2``), JSON with paging.

``GET {base}/country/{codes}/indicator/{series}?format=json&date={start}:{end}&per_page=N&page=P``
answers ``[meta, records]`` where ``meta`` has ``page`` and ``pages`` and each record has
``countryiso3code``, ``date`` and ``value`` (``null`` = missing). Pages are fetched until
``page == pages``. An error answer (``[{"message": [...]}]``) or an HTTP error becomes an
``api.error`` issue. The ``httpx.Client`` is injected, so tests serve recorded responses and the
caller decides timeouts and proxies; ``retrieved`` is passed in rather than read from a clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import httpx

from admtrack.domain.numbers import parse_integer
from admtrack.domain.observations import SourceRef

from .base import IngestResult
from .checks import BatchChecker

DEFAULT_BASE_URL = "https://api.worldbank.org/v2"
#: Most pages one series may span (an answer claiming more is refused, not followed).
MAX_PAGES = 1000


class WorldBankApiConnector:
    id = "worldbank-api"
    source = SourceRef(
        publisher="World Bank",
        dataset="World Development Indicators (Indicators API v2)",
        licence="CC-BY-4.0",
        url=DEFAULT_BASE_URL,
        citation="World Bank (2026). World Development Indicators. Washington, DC: The World Bank.",
    )

    def __init__(
        self, client: httpx.Client, base_url: str = DEFAULT_BASE_URL, per_page: int = 1000
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.per_page = per_page

    def fetch(
        self, series: str, countries: Sequence[str], start: int, end: int, retrieved: date
    ) -> IngestResult:
        """All pages of one series for ``countries`` and years ``start``..``end``."""
        url = f"{self.base_url}/country/{';'.join(countries)}/indicator/{series}"
        checker = BatchChecker(self.id, url, retrieved=retrieved)
        page, pages = 1, 1
        while page <= pages:
            params: dict[str, str | int] = {
                "format": "json",
                "date": f"{start}:{end}",
                "per_page": self.per_page,
                "page": page,
            }
            try:
                response = self.client.get(url, params=params)
                response.raise_for_status()
                payload: Any = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                checker.error("api.error", f"page {page}: {exc}")
                break
            request = str(response.url)
            if not (
                isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)
            ):
                checker.error(
                    "api.error", f"unexpected answer: {str(payload)[:200]}", None, request
                )
                break
            meta, records = payload
            pages_given = parse_integer(str(meta.get("pages", 1)))
            if pages_given is None or not 0 <= pages_given <= MAX_PAGES:
                shown = str(meta.get("pages"))[:40]
                checker.error(
                    "api.error", f"page count {shown!r} is not 0-{MAX_PAGES}", None, request
                )
                break
            pages = pages_given
            if not isinstance(records, list | None) or not all(
                isinstance(r, dict) for r in records or []
            ):
                checker.error("api.error", "the records are not a list of objects", None, request)
                break
            for position, record in enumerate(records or [], start=1):
                self._add(record, series, request, position, checker)
            page += 1
        return checker.result()

    @staticmethod
    def _add(
        record: dict[str, Any], series: str, request: str, position: int, checker: BatchChecker
    ) -> None:
        if record.get("value") is None:
            return
        country = checker.country(
            str(record.get("countryiso3code", "")), position, "countryiso3code"
        )
        year = checker.year(str(record.get("date", "")), position, "date")
        value = checker.number(str(record["value"]), position, "value")
        if country is not None and year is not None and value is not None:
            checker.add(series, country, year, value, position, "value", provenance_file=request)
