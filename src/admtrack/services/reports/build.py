"""Build a report from the store and the results service and write it as HTML or PDF.

File names say what a file is and where it comes from:
``<plan>-<kind>[-<iso3>]-<release>.<html|pdf>``; a file is written to a temporary name and
renamed, so nothing is left half-written."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from admtrack.errors import AdmtrackError, NotFound
from admtrack.reports.model import Report
from admtrack.reports.render import render_html, render_pdf
from admtrack.services.report_formats import ReportFormat
from admtrack.services.reports.baseline import baseline
from admtrack.services.reports.country import country_profile
from admtrack.services.reports.end_of_term import end_of_term
from admtrack.services.reports.inputs import ReportInputs, load_inputs
from admtrack.services.scoring import PlanSensitivity, ResultsCache
from admtrack.store import Store


@dataclass(frozen=True, slots=True)
class WrittenReport:
    path: Path
    content_hash: str
    release_id: str
    plan_id: str


def make_report(inputs: ReportInputs, kind: str, iso3: str | None = None) -> Report:
    """The report model of ``kind`` (end-of-term, baseline, country with ``iso3``)."""
    if kind == "end-of-term":
        return end_of_term(inputs)
    if kind == "baseline":
        return baseline(inputs)
    if kind == "country":
        if iso3 is None:
            raise AdmtrackError("a country profile needs a member state's ISO3 code")
        code = iso3.upper()
        if code not in inputs.members:
            raise NotFound(
                f"{iso3!r} is not a member state covered by plan {inputs.plan.id}; "
                f"known: {', '.join(inputs.members)}"
            )
        return country_profile(inputs, code)
    raise AdmtrackError(f"unknown report {kind!r}; known: end-of-term, baseline, country")


def report_bytes(report: Report, fmt: ReportFormat) -> tuple[bytes, str]:
    """The document's bytes in ``fmt`` and its content hash."""
    rendered = render_html(report)
    if fmt is ReportFormat.HTML:
        return rendered.html.encode(), rendered.content_hash
    return render_pdf(rendered, report), rendered.content_hash


def file_name(report: Report, fmt: ReportFormat, iso3: str | None = None) -> str:
    who = f"-{iso3.lower()}" if iso3 else ""
    return f"{report.plan_id}-{report.kind}{who}-{report.release_id}.{fmt.value}"


def write_report(
    engine: sa.Engine,
    cache: ResultsCache,
    kind: str,
    plan_id: str,
    to: Path,
    fmt: ReportFormat,
    *,
    release_id: str | None = None,
    iso3: str | None = None,
) -> WrittenReport:
    """Build one report from the database at ``engine`` and write it into the directory ``to``
    (created if needed)."""
    inputs = load_inputs(Store(engine), cache, plan_id, release_id)
    report = make_report(inputs, kind, iso3)
    data, digest = report_bytes(report, fmt)
    if to.exists() and not to.is_dir():
        raise AdmtrackError(f"{to} is not a directory")
    to.mkdir(parents=True, exist_ok=True)
    path = to / file_name(report, fmt, iso3.upper() if iso3 else None)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return WrittenReport(path=path, content_hash=digest, release_id=report.release_id,
                         plan_id=report.plan_id)  # fmt: skip


def sensitivity_table(
    engine: sa.Engine, cache: ResultsCache, plan_id: str, release_id: str | None = None
) -> tuple[PlanSensitivity, str, list[dict[str, Any]]]:
    """The end-of-term report's "which assumptions move ranks" (the results' Sobol indices),
    its release id and one row per assumption, from the database at ``engine``."""
    inputs = load_inputs(Store(engine), cache, plan_id, release_id)
    if inputs.results is None or inputs.results.sensitivity is None:
        raise AdmtrackError(f"plan {plan_id} has no results: {inputs.results_problem}")
    sa_ = inputs.results.sensitivity
    rows = [
        {"plan": plan_id, "release": inputs.release.id, "output": sa_.output, **asdict(a),
         "base_rows": sa_.base_rows, "runs": sa_.runs, "failed_runs": sa_.failed_runs,
         "used_rows": sa_.used_rows, "confidence": sa_.confidence}
        for a in sa_.assumptions
    ]  # fmt: skip
    return sa_, inputs.release.id, rows
