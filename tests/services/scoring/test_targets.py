"""Targets applied evenly: a group target applies only to a group with a sourced country list;
every target is labelled as the plan's own or a reference, applied or shown for reference only."""

from __future__ import annotations

from dataclasses import replace

from admtrack.domain.geography import COUNTRIES_BY_ISO3, LDC, SOURCED_GROUPS
from admtrack.ingest.plan_files import builtin_plans
from admtrack.services.scoring import target_labels
from admtrack.services.scoring.progress import plan_progress

PLAN = builtin_plans()[0]


def test_internet_use_targets_are_labelled() -> None:
    labels = target_labels(PLAN, PLAN.indicator("IT.NET.USER.ZS"))
    assert [(t.value, t.group, t.applied, t.plan_target) for t in labels] == [
        (75.0, None, True, False), (65.0, "developing", False, False), (35.0, LDC, True, False),
    ]  # fmt: skip
    assert all(t.kind == "reference target" for t in labels)
    assert "no sourced list of the 'developing' countries" in labels[1].applies_to
    assert SOURCED_GROUPS[LDC].source in labels[2].applies_to


def test_a_group_without_a_sourced_list_is_never_applied() -> None:
    # a member state tagged "developing" still gets the general 75 % target, not the 65 %
    countries = dict(COUNTRIES_BY_ISO3)
    countries["VNM"] = replace(countries["VNM"], groups=frozenset({"developing"}))
    panel = {("IT.NET.USER.ZS", u): [(2020, 50.0), (2023, 66.0)] for u in ("VNM", "KHM")}
    verdicts, _, _ = plan_progress(
        PLAN, panel, ("VNM", "KHM"), countries, baseline_year=2020, end_year=2025,
        current_year=2025,
    )  # fmt: skip
    targeted = {
        v.country: v
        for v in verdicts
        if v.indicator == "IT.NET.USER.ZS" and v.target_set is not None
    }
    assert targeted["VNM"].target_value == 75.0 and targeted["VNM"].target_met is False
    assert targeted["KHM"].target_value == 35.0 and targeted["KHM"].category == "target achieved"
