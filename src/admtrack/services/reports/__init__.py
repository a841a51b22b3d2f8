"""Reports: the end-of-term evaluation, the baseline and country profiles, as HTML and PDF,
built from the results service (see :mod:`admtrack.services.reports.inputs`)."""

from admtrack.services.report_formats import ReportFormat
from admtrack.services.reports.build import (
    SENSITIVITY_COLUMNS,
    SensitivityTable,
    WrittenReport,
    file_name,
    make_report,
    report_bytes,
    sensitivity_table,
    write_report,
)
from admtrack.services.reports.cached import ReportFiles
from admtrack.services.reports.charts import chart_figure
from admtrack.services.reports.inputs import ReportInputs, load_inputs, plan_results

__all__ = [
    "SENSITIVITY_COLUMNS",
    "ReportFiles",
    "ReportFormat",
    "ReportInputs",
    "SensitivityTable",
    "WrittenReport",
    "chart_figure",
    "file_name",
    "load_inputs",
    "make_report",
    "plan_results",
    "report_bytes",
    "sensitivity_table",
    "write_report",
]
