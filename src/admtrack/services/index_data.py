"""A plan's observations as the index engine's input: the member states' latest values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from admtrack.analytics.data_input import IndexData
from admtrack.domain.framework import Plan
from admtrack.domain.geography import Country
from admtrack.domain.observations import Observation
from admtrack.services.denominators import denominator_codes
from admtrack.services.results import latest_matrix, member_units, plan_tree


def plan_index_data(
    plan: Plan,
    observations: Sequence[Observation],
    countries: Sequence[Country],
    *,
    year: int | None = None,
    window: int = 10,
) -> IndexData:
    """Units = the ASEAN member states on 31 December of ``year`` (default: the plan's last
    year, else the latest observed year); values = each one's latest observation of each
    indicator from ``year - window`` to ``year``, and of each denominator variable (so a spec's
    ``denominate`` stage can divide by it); framework = the plan as an iMeta tree. Pass the
    observations of :func:`~admtrack.services.denominators.series_codes`."""
    ref = year or (
        plan.period[1] if plan.period else max((o.year for o in observations), default=0)
    )
    units = member_units(countries, date(ref, 12, 31))
    tree = plan_tree(plan)
    values, _ = latest_matrix(observations, tree.indicator_codes, units, ref - window, ref)
    sizes, _ = latest_matrix(observations, denominator_codes(plan), units, ref - window, ref)
    denominators = {code: sizes[:, k] for k, code in enumerate(denominator_codes(plan))}
    return IndexData.from_array(values, tree, list(units), denominators=denominators)
