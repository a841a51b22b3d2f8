"""The response shapes of the REST API under ``/api/v1``, as pydantic models.

They are what /openapi.json publishes for every path, and FastAPI checks each JSON answer against
its model before sending it. Every model forbids unknown fields, so an answer that gains or loses
a field fails loudly (in the tests) instead of drifting away from its documentation. Value sets
(progress categories, statuses, lights) come from the analytics that produce them.
"""

from __future__ import annotations

from .actions import ActionDetail, ActionList, ActionReportList, ActionReportOut
from .base import Input
from .catalog import (
    CountryList,
    CountryOut,
    IndicatorList,
    IndicatorOut,
    PlanDetail,
    PlanList,
    ReleaseList,
)
from .cyber import CyberReadiness
from .geo import MemberOutlines
from .index import IndexResponse, WhatIfAnswer, WhatIfAnswerRow
from .observations import ObservationPage
from .problem import FieldProblem, Problem
from .progress import ProgressResponse
from .submissions import (
    AuditPage,
    CommentCreated,
    Decided,
    FiledSubmission,
    RefusedUpload,
    SubmissionDetail,
    SubmissionList,
    SubmissionStatus,
    UploadForm,
    UploadReportOut,
    Withdrawn,
)

__all__ = [
    "ActionDetail",
    "ActionList",
    "ActionReportList",
    "ActionReportOut",
    "AuditPage",
    "CommentCreated",
    "CountryList",
    "CountryOut",
    "CyberReadiness",
    "Decided",
    "FieldProblem",
    "FiledSubmission",
    "IndexResponse",
    "IndicatorList",
    "IndicatorOut",
    "Input",
    "MemberOutlines",
    "ObservationPage",
    "PlanDetail",
    "PlanList",
    "Problem",
    "ProgressResponse",
    "RefusedUpload",
    "ReleaseList",
    "SubmissionDetail",
    "SubmissionList",
    "SubmissionStatus",
    "UploadForm",
    "UploadReportOut",
    "WhatIfAnswer",
    "WhatIfAnswerRow",
    "Withdrawn",
]
