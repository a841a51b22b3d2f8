"""Scoring: the one route from stored observations to scores, ranks, rank intervals, progress
verdicts, strengths and weaknesses and the audit. The dashboard, the API, ``admtrack index ...
--plan`` and ``admtrack progress`` all call it; nothing else computes a score.

One module per concern, so new rules slot in beside the others:

* :mod:`~admtrack.services.scoring.data`: observations -> the engine's input (member states,
  latest values, the one meaning of denomination: same-year denominators);
* :mod:`~admtrack.services.scoring.plan_spec`: a plan and its :class:`IndexMethod` -> one
  pipeline spec;
* :mod:`~admtrack.services.scoring.results`: the engine's build -> :class:`PlanResults`;
* :mod:`~admtrack.services.scoring.intervals`: rank intervals (the engine's uncertainty analysis);
* :mod:`~admtrack.services.scoring.coverage_rule`: the coverage rule (which outcomes are scored
  for which member state) and the data gaps;
* :mod:`~admtrack.services.scoring.progress`: progress verdicts and their summaries;
* :mod:`~admtrack.services.scoring.targets`: each target labelled as the plan's own or a
  reference, applied or not;
* :mod:`~admtrack.services.scoring.audit`: audit summary, strengths and weaknesses;
* :mod:`~admtrack.services.scoring.sensitivity`: which assumptions move ranks (Sobol indices
  through SALib);
* :mod:`~admtrack.services.scoring.what_if`: the weights panel (the engine's aggregation);
* :mod:`~admtrack.services.scoring.analysis`: ``admtrack index build|uncertainty|sensitivity|audit``;
* :mod:`~admtrack.services.scoring.cache`: results computed once per plan, release and method;
* :mod:`~admtrack.services.scoring.parameters`: every parameter in use, for /methodology.
"""

from __future__ import annotations

from admtrack.services.scoring.cache import Loader, ResultsCache, plan_fingerprint
from admtrack.services.scoring.coverage_rule import DataGaps, OutcomeCoverage, ScoreCoverage
from admtrack.services.scoring.data import (
    PlanData,
    denominator_codes,
    latest_values,
    member_units,
    plan_index_data,
    plan_tree,
    series_codes,
)
from admtrack.services.scoring.model import (
    AGGREGATIONS,
    NORMALISATIONS,
    Aggregation,
    AssumptionSensitivity,
    AuditSummary,
    IndexMethod,
    LatestValue,
    Normalisation,
    OutcomeStatus,
    PlanResults,
    PlanSensitivity,
    RankInterval,
    RegionalStatus,
    Verdict,
)
from admtrack.services.scoring.plan_spec import plan_spec
from admtrack.services.scoring.progress import plan_verdicts
from admtrack.services.scoring.reasons import applies_label, not_measured_label, reason_label
from admtrack.services.scoring.results import build_plan, compute_results, plan_data, scored_states
from admtrack.services.scoring.sensitivity import plan_sensitivity
from admtrack.services.scoring.targets import TargetLabel, target_labels
from admtrack.services.scoring.what_if import Reweighted, reweight

__all__ = [
    "AGGREGATIONS",
    "NORMALISATIONS",
    "Aggregation",
    "AssumptionSensitivity",
    "AuditSummary",
    "DataGaps",
    "IndexMethod",
    "LatestValue",
    "Loader",
    "Normalisation",
    "OutcomeCoverage",
    "OutcomeStatus",
    "PlanData",
    "PlanResults",
    "PlanSensitivity",
    "RankInterval",
    "RegionalStatus",
    "ResultsCache",
    "Reweighted",
    "ScoreCoverage",
    "TargetLabel",
    "Verdict",
    "applies_label",
    "build_plan",
    "compute_results",
    "denominator_codes",
    "latest_values",
    "member_units",
    "not_measured_label",
    "plan_data",
    "plan_fingerprint",
    "plan_index_data",
    "plan_sensitivity",
    "plan_spec",
    "plan_tree",
    "plan_verdicts",
    "reason_label",
    "reweight",
    "scored_states",
    "series_codes",
    "target_labels",
]
