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

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

#: Where each public name lives: imported on first use, so that ``import admtrack`` (and the
#: ``admtrack`` command, a subpackage) does not pay for scipy, polars or the engine up front.
_LOCATIONS = {
    "ASEAN_MEMBERS": "admtrack.domain.geography",
    "AdmtrackError": "admtrack.errors",
    "Country": "admtrack.domain.geography",
    "EnablingAction": "admtrack.domain.framework",
    "FrameworkTree": "admtrack.analytics.framework_table",
    "ImportRejected": "admtrack.errors",
    "IndexData": "admtrack.analytics.data_input",
    "IndexResult": "admtrack.analytics.pipeline",
    "Indicator": "admtrack.domain.framework",
    "Issue": "admtrack.domain.issues",
    "MethodError": "admtrack.errors",
    "Observation": "admtrack.domain.observations",
    "Outcome": "admtrack.domain.framework",
    "PipelineSpec": "admtrack.analytics.spec",
    "Plan": "admtrack.domain.framework",
    "Target": "admtrack.domain.framework",
    "TargetSet": "admtrack.domain.framework",
    "UncertaintySpec": "admtrack.analytics.uncertain_inputs",
    "ValidationError": "admtrack.errors",
    "aggregate_tree": "admtrack.analytics.aggregate",
    "build": "admtrack.analytics.pipeline",
    "builtin_plans": "admtrack.ingest.plan_files",
    "compare_builds": "admtrack.analytics.audit",
    "correlation_flags": "admtrack.analytics.audit",
    "correlations": "admtrack.analytics.audit",
    "cronbach_alpha": "admtrack.analytics.audit",
    "effective_weights": "admtrack.analytics.weights",
    "evaluate": "admtrack.analytics.uncertainty",
    "get_stats": "admtrack.analytics.stats",
    "index_sensitivity": "admtrack.analytics.sensitivity",
    "indicator_progress": "admtrack.analytics.progress",
    "leave_one_out": "admtrack.analytics.audit",
    "normalise": "admtrack.analytics.normalise",
    "optimised_weights": "admtrack.analytics.weights",
    "outcome_progress": "admtrack.analytics.progress",
    "pca_weights": "admtrack.analytics.weights",
    "plan_from_imeta": "admtrack.domain.imeta",
    "plan_to_imeta": "admtrack.domain.imeta",
    "read_coinr": "admtrack.ingest.coinr",
    "read_imeta": "admtrack.analytics.framework_table",
    "read_plan_file": "admtrack.ingest.plan_files",
    "regional_summary": "admtrack.analytics.progress",
    "run_uncertainty": "admtrack.analytics.uncertainty",
    "saltelli_design": "admtrack.analytics.sensitivity",
    "sobol_indices": "admtrack.analytics.sensitivity",
    "spec_from_mapping": "admtrack.analytics.spec",
    "spec_to_mapping": "admtrack.analytics.spec",
    "strengths_weaknesses": "admtrack.analytics.audit",
    "uncertainty_from_mapping": "admtrack.analytics.uncertain_inputs",
}

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


def __getattr__(name: str) -> Any:
    module = _LOCATIONS.get(name)
    if module is None:
        raise AttributeError(f"module 'admtrack' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
