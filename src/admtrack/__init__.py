"""admtrack: monitoring and evaluation of the ASEAN Digital Masterplan.

The public API for analysts: plans as data, and a COINr-complete composite-index engine that
works on plain frames and arrays, without a database::

    import admtrack
    data = admtrack.read_coinr("iData.csv", "iMeta.csv")
    spec = admtrack.spec_from_mapping(yaml.safe_load(open("spec.yaml")))
    result = admtrack.build(spec, data)
    result.frame("Aggregated")
"""

from __future__ import annotations

from admtrack.analytics.aggregate import aggregate_tree
from admtrack.analytics.audit import (
    compare_builds,
    correlation_flags,
    correlations,
    cronbach_alpha,
    leave_one_out,
    strengths_weaknesses,
)
from admtrack.analytics.data_input import IndexData
from admtrack.analytics.framework_table import FrameworkTree, read_imeta
from admtrack.analytics.normalise import normalise
from admtrack.analytics.pipeline import IndexResult, build
from admtrack.analytics.progress import indicator_progress, outcome_progress, regional_summary
from admtrack.analytics.sensitivity import index_sensitivity, saltelli_design, sobol_indices
from admtrack.analytics.spec import PipelineSpec, spec_from_mapping, spec_to_mapping
from admtrack.analytics.stats import get_stats
from admtrack.analytics.uncertain_inputs import UncertaintySpec, uncertainty_from_mapping
from admtrack.analytics.uncertainty import evaluate, run_uncertainty
from admtrack.analytics.weights import effective_weights, optimised_weights, pca_weights
from admtrack.domain.framework import (
    EnablingAction,
    Indicator,
    Outcome,
    Plan,
    Target,
    TargetSet,
)
from admtrack.domain.geography import ASEAN_MEMBERS, Country
from admtrack.domain.imeta import plan_from_imeta, plan_to_imeta
from admtrack.domain.issues import Issue
from admtrack.domain.observations import Observation
from admtrack.errors import AdmtrackError, ImportRejected, MethodError, ValidationError
from admtrack.ingest.coinr import read_coinr
from admtrack.ingest.plan_files import builtin_plans, read_plan_file

__version__ = "0.1.0"

__all__ = [
    "ASEAN_MEMBERS",
    "AdmtrackError",
    "Country",
    "EnablingAction",
    "FrameworkTree",
    "ImportRejected",
    "IndexData",
    "IndexResult",
    "Indicator",
    "Issue",
    "MethodError",
    "Observation",
    "Outcome",
    "PipelineSpec",
    "Plan",
    "Target",
    "TargetSet",
    "UncertaintySpec",
    "ValidationError",
    "__version__",
    "aggregate_tree",
    "build",
    "builtin_plans",
    "compare_builds",
    "correlation_flags",
    "correlations",
    "cronbach_alpha",
    "effective_weights",
    "evaluate",
    "get_stats",
    "index_sensitivity",
    "indicator_progress",
    "leave_one_out",
    "normalise",
    "optimised_weights",
    "outcome_progress",
    "pca_weights",
    "plan_from_imeta",
    "plan_to_imeta",
    "read_coinr",
    "read_imeta",
    "read_plan_file",
    "regional_summary",
    "run_uncertainty",
    "saltelli_design",
    "sobol_indices",
    "spec_from_mapping",
    "spec_to_mapping",
    "strengths_weaknesses",
    "uncertainty_from_mapping",
]
