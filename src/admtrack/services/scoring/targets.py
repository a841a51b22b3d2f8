"""How each target of an indicator is used: the plan's own target or a reference, and whether
it is applied (to every member state, or to a group with a sourced country list) or shown as a
reference only (a group without a sourced list, e.g. "developing countries")."""

from __future__ import annotations

from dataclasses import dataclass

from admtrack.domain.framework import Indicator, Plan
from admtrack.domain.geography import SOURCED_GROUPS
from admtrack.i18n import N_
from admtrack.services.scoring.progress import target_applies

#: Whom a target applies to (``applies_to``, English; the pages translate the templates).
EVERY_STATE = N_("every member state without a group-specific target")
NOT_APPLIED = N_("not applied: admtrack holds no sourced list of the '%(group)s' countries")


@dataclass(frozen=True, slots=True)
class TargetLabel:
    value: float
    year: int | None
    target_set: str
    set_name: str
    plan_target: bool  # the plan's own target (else a reference target from elsewhere)
    applied: bool  # judged in the verdicts; False: shown for reference only
    applies_to: str  # "every member state", the group and its source, or why not applied
    group: str | None
    note: str

    @property
    def kind(self) -> str:
        return N_("plan target") if self.plan_target else N_("reference target")


def target_labels(plan: Plan, ind: Indicator) -> list[TargetLabel]:
    """One label per target of ``ind``, in the plan's order."""
    sets = {t.id: t for t in plan.target_sets}
    out: list[TargetLabel] = []
    for t in ind.targets:
        target_set = sets.get(t.target_set)
        applied = target_applies(t)
        if t.group is None:
            applies_to = EVERY_STATE
        elif applied:
            source = SOURCED_GROUPS[t.group]
            applies_to = f"{source.name} ({source.source})"
        else:
            applies_to = NOT_APPLIED % {"group": t.group}
        out.append(
            TargetLabel(
                value=t.value,
                year=t.year,
                target_set=t.target_set,
                set_name=target_set.name if target_set else t.target_set,
                plan_target=bool(target_set and target_set.is_plan_target),
                applied=applied,
                applies_to=applies_to,
                group=t.group,
                note=t.note,
            )  # fmt: skip
        )
    return out
