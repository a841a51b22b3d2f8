"""Revisions between vintages: where a later edition of a series changed a value.

The bundled data keep the values of older vintages (``superseded.csv.gz``) beside the values
used (the latest vintage, ``snapshot.csv.gz``; see :mod:`admtrack.ingest.vintages`).
:func:`indicator_revisions` lists, for one indicator, every country and year whose value the
later vintage changed, with both values, the change (new - old) and the vintages.
Example: OWID's copy gives 40.0 for a year and the later WDI copy 43.5: one revision of +3.5.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from admtrack.ingest.snapshot import SOURCES_FILE, read_snapshot, read_superseded
from admtrack.ingest.vintages import revisions
from admtrack.services.setup import bundled_data_dir


@dataclass(frozen=True, slots=True)
class VintageRevision:
    """One value revised by a later vintage: ``change = new_value - old_value``."""

    country: str
    year: int
    old_value: float
    new_value: float
    change: float
    old_source: str
    old_vintage: str
    new_source: str
    new_vintage: str


def indicator_revisions(
    indicator: str, data_dir: Path | None = None, tolerance: float = 1e-9
) -> list[VintageRevision]:
    """Every (country, year) of ``indicator`` whose value changed by more than ``tolerance``
    between vintages in the bundled data (or ``data_dir``), sorted by country, year and older
    source; empty when the indicator has one vintage only. Copies rounded to fewer decimals
    show as small revisions: pass a larger ``tolerance`` (e.g. 0.005) to see only real ones."""
    folder = data_dir or bundled_data_dir()
    vintages = {
        source: meta.get("vintage", "")
        for source, meta in json.loads((folder / SOURCES_FILE).read_text("utf-8")).items()
    }
    used = [o for o in read_snapshot(folder) if o.indicator == indicator]
    older = [o for o in read_superseded(folder) if o.indicator == indicator]
    return [
        VintageRevision(
            r.country,
            r.year,
            r.old_value,
            r.new_value,
            r.change,
            r.old_source,
            vintages.get(r.old_source, ""),
            r.new_source,
            vintages.get(r.new_source, ""),
        )  # fmt: skip
        for r in sorted(
            revisions(used, older, tolerance), key=lambda r: (r.country, r.year, r.old_source)
        )
    ]


def revisions_by_country(
    found: list[VintageRevision],
) -> dict[str, tuple[VintageRevision, ...]]:
    """The revisions grouped by country (for the indicator page), countries in ISO3 order."""
    grouped: dict[str, list[VintageRevision]] = defaultdict(list)
    for revision in found:
        grouped[revision.country].append(revision)
    return {country: tuple(grouped[country]) for country in sorted(grouped)}
