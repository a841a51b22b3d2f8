"""Monitoring frameworks as data: Plan > Outcome > Indicator, with targets and enabling actions.

A plan is a tree. Indicators (level 1) hang on outcomes (level 2); outcomes may hang on higher
aggregates (level 3 and up, e.g. COINr's sub-indices), and the highest aggregate is the index.
Everything is validated when a plan is built: the errors name every problem at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from admtrack.domain.observations import SourceRef
from admtrack.errors import ValidationError


class PlanStatus(StrEnum):
    ADOPTED = "adopted"
    PROVISIONAL = "provisional"  # structure as reported, not checked against the official text
    USER = "user"  # a framework a user imported (e.g. a COINr iMeta table)


@dataclass(frozen=True, slots=True)
class TargetSet:
    """A named, attributed family of targets. ``is_plan_target`` is False for reference targets
    taken from elsewhere (e.g. the Broadband Commission's), which are never shown as the plan's."""

    id: str
    name: str
    attribution: str
    url: str = ""
    is_plan_target: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Target:
    value: float
    target_set: str
    year: int | None = None
    group: str | None = None  # country group it applies to (e.g. "ldc"); None: every country
    note: str = ""


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    name: str
    unit: str
    direction: int  # +1 higher is better, -1 lower is better
    outcome: str
    weight: float = 1.0
    description: str = ""
    source: SourceRef | None = None
    targets: tuple[Target, ...] = ()
    goalposts: tuple[float, float] | None = None
    denominator: str | None = None
    proposed_by: str = ""
    headline: bool = False
    #: Judge the trend when the indicator has no target? False for series whose rise or fall is
    #: not progress in itself (e.g. a growth rate compared with a crisis-year baseline).
    trend_test: bool = True
    #: The natural bound the indicator cannot pass in its good direction (100 for % access or
    #: coverage); within the plan's ``ceiling_distance`` of it the verdict is "at ceiling".
    bound: float | None = None
    #: This indicator's ceiling distance (default: the plan's ``ceiling_distance``), e.g. 0
    #: for a count whose bound is reached only exactly.
    ceiling_distance: float | None = None
    #: Rescaled each edition (a relative index such as the UN EGDI): judged with the plan's
    #: ``relative_tolerance`` band, not by raw growth.
    relative: bool = False

    def targets_in(self, target_set: str) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.target_set == target_set)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A level-2 node: a Desired Outcome in ADM2025, a pillar in COINr's terms."""

    id: str
    name: str
    summary: str = ""
    weight: float = 1.0
    indicators: tuple[Indicator, ...] = ()
    parent: str | None = None
    unit: str = "Score"
    measurement_note: str = ""


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A node above the outcomes (level >= 3); the one without a parent is the index."""

    code: str
    name: str
    level: int
    parent: str | None = None
    weight: float = 1.0
    unit: str = "Score"


@dataclass(frozen=True, slots=True)
class Variable:
    """A unit-level variable that is not an indicator: a grouping or a denominator."""

    code: str
    name: str
    kind: str  # "Group" or "Denominator"
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Milestone:
    """A step of an enabling action with its due date (ISO ``YYYY-MM-DD``)."""

    title: str
    due: str


@dataclass(frozen=True, slots=True)
class EnablingAction:
    """An action of the plan; its content always comes from a user's import. ``lead`` is a
    member state, an ASEAN body or a sectoral body; ``indicators`` are the codes it should move."""

    id: str
    title: str
    outcome: str
    priority: str = ""
    timeframe: str = ""
    lead: str = ""
    status: tuple[tuple[int, str], ...] = ()
    evidence: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    indicators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EvaluationRules:
    """How a plan's results are judged (the ``evaluation`` block of a plan file; /methodology
    renders these values from the plan in use).

    * ``window``: the evaluation window (default: the plan period); a value counts as recent
      when its year lies in it.
    * Coverage rule: an outcome is scored and ranked for a member state only when at least
      ``outcome_min_share`` of its indicators have a value in the window; otherwise it is
      "not measured" for that state, with the reason.
    * An outcome scored for fewer than ``min_states_ranked`` member states is not ranked.
    * An outcome's status needs a verdict for at least ``verdict_min_share`` of the indicators
      in its score; otherwise it reads "no verdict", with the reasons.
    * Ceilings: an indicator with a ``bound`` whose latest value is within ``ceiling_distance``
      (in the indicator's unit) of it is "at ceiling".
    * Relative indices: a relative change ``d (xc / x0 - 1)`` inside +-``relative_tolerance``
      is "stable"; beyond it, improved (on track) or fell (regressed).
    """

    window: tuple[int, int] | None = None
    outcome_min_share: float = 0.5
    min_states_ranked: int = 1
    verdict_min_share: float = 0.5
    ceiling_distance: float = 1.0
    relative_tolerance: float = 0.05


@dataclass(frozen=True, slots=True)
class PlanTranslation:
    """The plan's own texts in one language (a BCP 47 code such as ``th``): the plan's name,
    outcome names and summaries, indicator names. ``source`` names the official translation
    they come from; empty means admtrack's own translation, and the pages say so."""

    language: str
    source: str = ""
    name: str = ""
    outcomes: tuple[tuple[str, str, str], ...] = ()  # (outcome id, name, summary)
    indicators: tuple[tuple[str, str], ...] = ()  # (indicator code, name)

    def outcome_name(self, outcome_id: str) -> str:
        return next((n for o, n, _ in self.outcomes if o == outcome_id), "")

    def outcome_summary(self, outcome_id: str) -> str:
        return next((s for o, _, s in self.outcomes if o == outcome_id), "")

    def indicator_name(self, code: str) -> str:
        return next((n for c, n in self.indicators if c == code), "")


@dataclass(frozen=True, slots=True)
class Plan:
    id: str
    name: str
    outcomes: tuple[Outcome, ...]
    period: tuple[int, int] | None = None
    baseline_year: int | None = None
    status: PlanStatus = PlanStatus.USER
    description: str = ""
    indicators_proposed_by: str = ""
    indicator_note: str = ""
    aggregates: tuple[Aggregate, ...] = ()
    target_sets: tuple[TargetSet, ...] = ()
    variables: tuple[Variable, ...] = ()
    enabling_actions: tuple[EnablingAction, ...] = field(default=())
    sources: tuple[str, ...] = ()
    evaluation: EvaluationRules = field(default_factory=EvaluationRules)
    translations: tuple[PlanTranslation, ...] = ()

    def __post_init__(self) -> None:
        problems = _plan_problems(self)
        if problems:
            raise ValidationError(f"plan {self.id!r}", problems)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for o in self.outcomes for i in o.indicators)

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise KeyError(f"plan {self.id} has no indicator {code!r}")

    def translation(self, language: str) -> PlanTranslation | None:
        """The plan's texts in ``language``, or None when the plan carries none."""
        return next((t for t in self.translations if t.language == language), None)

    def outcome(self, outcome_id: str) -> Outcome:
        for o in self.outcomes:
            if o.id == outcome_id:
                return o
        raise KeyError(f"plan {self.id} has no outcome {outcome_id!r}")

    @property
    def evaluation_window(self) -> tuple[int, int] | None:
        """The evaluation window: the plan's ``evaluation.window``, else its period."""
        return self.evaluation.window or self.period

    @property
    def index_code(self) -> str | None:
        roots = [a for a in self.aggregates if a.parent is None]
        return roots[0].code if roots else None

    def with_enabling_actions(self, actions: tuple[EnablingAction, ...]) -> Plan:
        from dataclasses import replace

        return replace(self, enabling_actions=actions)


def _duplicates(codes: list[str]) -> list[str]:
    return sorted(c for c, n in Counter(codes).items() if n > 1)


def _plan_problems(plan: Plan) -> list[str]:
    problems: list[str] = []
    if not plan.id.strip():
        problems.append("plan id is empty")
    if not plan.outcomes:
        problems.append("a plan needs at least one outcome")
    if plan.period is not None:
        start, end = plan.period
        if start > end:
            problems.append(f"period {start}-{end}: start is after end")
        if plan.baseline_year is not None and plan.baseline_year > start:
            problems.append(f"baseline year {plan.baseline_year} is after the period start {start}")
    outcome_ids = [o.id for o in plan.outcomes]
    indicator_codes = [i.code for o in plan.outcomes for i in o.indicators]
    aggregate_codes = [a.code for a in plan.aggregates]
    variable_codes = [v.code for v in plan.variables]
    all_codes = outcome_ids + indicator_codes + aggregate_codes + variable_codes
    for dup in _duplicates(all_codes):
        problems.append(f"code {dup!r} is used more than once")
    known_sets = {t.id for t in plan.target_sets}
    denominators = {v.code for v in plan.variables if v.kind == "Denominator"}
    for o in plan.outcomes:
        if not o.name.strip():
            problems.append(f"outcome {o.id}: name is empty")
        if o.weight < 0:
            problems.append(f"outcome {o.id}: weight {o.weight} is negative")
        if o.parent is not None and o.parent not in aggregate_codes:
            problems.append(f"outcome {o.id}: parent {o.parent!r} is not an aggregate of the plan")
        for ind in o.indicators:
            problems.extend(_indicator_problems(plan, o, ind, known_sets, denominators))
    for a in plan.aggregates:
        if a.level < 3:
            problems.append(f"aggregate {a.code}: level {a.level} must be 3 or more")
        if a.parent is not None:
            parents = [p for p in plan.aggregates if p.code == a.parent]
            if not parents:
                problems.append(f"aggregate {a.code}: parent {a.parent!r} is not an aggregate")
            elif parents[0].level <= a.level:
                problems.append(f"aggregate {a.code}: parent {a.parent} is not on a higher level")
    roots = [a for a in plan.aggregates if a.parent is None]
    if len(roots) > 1:
        problems.append(f"more than one top-level aggregate: {', '.join(a.code for a in roots)}")
    problems.extend(_evaluation_problems(plan.evaluation))
    for v in plan.variables:
        if v.kind not in ("Group", "Denominator"):
            problems.append(f"variable {v.code}: kind {v.kind!r} is not Group or Denominator")
    for ea in plan.enabling_actions:
        if ea.outcome not in outcome_ids:
            problems.append(f"enabling action {ea.id}: outcome {ea.outcome!r} is not in the plan")
    for dup in _duplicates([ea.id for ea in plan.enabling_actions]):
        problems.append(f"enabling action id {dup!r} is used more than once")
    problems.extend(_translation_problems(plan, set(outcome_ids), set(indicator_codes)))
    return problems


def _translation_problems(plan: Plan, outcomes: set[str], indicators: set[str]) -> list[str]:
    problems: list[str] = []
    for dup in _duplicates([t.language for t in plan.translations]):
        problems.append(f"translations: language {dup!r} is given more than once")
    for t in plan.translations:
        where = f"translations.{t.language}"
        if not t.language.strip() or not t.language.replace("-", "").isalnum():
            problems.append(f"translations: {t.language!r} is not a language code")
        for oid, _, _ in t.outcomes:
            if oid not in outcomes:
                problems.append(f"{where}.outcomes: {oid!r} is not an outcome of the plan")
        for code, _ in t.indicators:
            if code not in indicators:
                problems.append(f"{where}.indicators: {code!r} is not an indicator of the plan")
    return problems


def _evaluation_problems(rules: EvaluationRules) -> list[str]:
    problems: list[str] = []
    for name in ("outcome_min_share", "verdict_min_share"):
        value = getattr(rules, name)
        if not 0 <= value <= 1:
            problems.append(f"evaluation.{name}: {value} must be a share between 0 and 1")
    if rules.min_states_ranked < 1:
        problems.append(f"evaluation.min_states_ranked: {rules.min_states_ranked} must be >= 1")
    for name in ("ceiling_distance", "relative_tolerance"):
        if getattr(rules, name) < 0:
            problems.append(f"evaluation.{name}: {getattr(rules, name)} is negative")
    if rules.window is not None and rules.window[0] > rules.window[1]:
        problems.append(f"evaluation.window {rules.window}: start is after end")
    return problems


def _indicator_problems(
    plan: Plan, outcome: Outcome, ind: Indicator, known_sets: set[str], denominators: set[str]
) -> list[str]:
    where = f"indicator {ind.code}"
    problems: list[str] = []
    if not ind.code.strip():
        problems.append(f"an indicator of outcome {outcome.id} has an empty code")
    if ind.outcome != outcome.id:
        problems.append(f"{where}: says outcome {ind.outcome!r} but sits under {outcome.id!r}")
    if ind.direction not in (1, -1):
        problems.append(f"{where}: direction {ind.direction} must be +1 or -1")
    if ind.weight < 0:
        problems.append(f"{where}: weight {ind.weight} is negative")
    if ind.goalposts is not None and ind.goalposts[0] >= ind.goalposts[1]:
        problems.append(f"{where}: goalposts {ind.goalposts} must be (lower, upper), lower < upper")
    if ind.denominator is not None and ind.denominator not in denominators:
        problems.append(f"{where}: denominator {ind.denominator!r} is not a declared Denominator")
    for t in ind.targets:
        if t.target_set not in known_sets:
            problems.append(f"{where}: target set {t.target_set!r} is not declared by the plan")
        if t.year is not None and plan.period is not None:
            start, end = plan.period
            if not start <= t.year <= end:
                problems.append(
                    f"{where}: target year {t.year} is outside the period {start}-{end}"
                )
    return problems
