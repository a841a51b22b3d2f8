"""The built-in plans carry their own texts in every interface language; pages show them, say
whose translation they are, and mark the English fallback."""

from __future__ import annotations

import pytest

from admtrack import i18n
from admtrack.ingest.plan_files import builtin_plans

INTERFACE = [lang.code for lang in i18n.LANGUAGES if lang.coverage == "interface"][1:]


@pytest.mark.parametrize("plan", builtin_plans(), ids=lambda p: p.id)
@pytest.mark.parametrize("code", INTERFACE)
def test_every_outcome_and_indicator_name_is_translated(plan: object, code: str) -> None:
    from admtrack.domain.framework import Plan

    assert isinstance(plan, Plan)
    t = plan.translation(code)
    assert t is not None and t.source == "" and t.name  # admtrack's own translation
    missing = [
        o.id for o in plan.outcomes if not t.outcome_name(o.id) or not t.outcome_summary(o.id)
    ]
    missing += [i.code for i in plan.indicators if not t.indicator_name(i.code)]
    assert missing == []
    # a translation keeps the numbers of the English name (units, thresholds, "5 GB")
    for ind in plan.indicators:
        digits = [c for c in ind.name if c.isdigit()]
        assert [c for c in t.indicator_name(ind.code) if c.isdigit()] == digits, ind.code
