"""Build a report from the store and the results service and write it as HTML or PDF.

File names say what a file is and where it comes from:
``<plan>-<kind>[-<iso3>]-<release>.<html|pdf>``; a file is written to a temporary name and
renamed, so nothing is left half-written."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from admtrack import i18n
from admtrack.errors import AdmtrackError, NotFound
from admtrack.reports.model import Report
from admtrack.reports.render import render_html, render_pdf
from admtrack.services.report_formats import ReportFormat
from admtrack.services.reports.baseline import baseline
from admtrack.services.reports.common import word
from admtrack.services.reports.country import country_profile
from admtrack.services.reports.end_of_term import end_of_term, sensitivity_headings
from admtrack.services.reports.inputs import ReportInputs, load_inputs
from admtrack.services.scoring import PlanSensitivity, ResultsCache
from admtrack.store import Store


@dataclass(frozen=True, slots=True)
class WrittenReport:
    path: Path
    content_hash: str
    release_id: str
    plan_id: str


def make_report(
    inputs: ReportInputs, kind: str, iso3: str | None = None, lang: str | None = None
) -> Report:
    """The report model of ``kind`` (end-of-term, baseline, country with ``iso3``) in ``lang``
    (headings, labels and numbers through the interface's catalogues; default: the language in
    force, English unless a page or command chose another)."""
    chosen = report_language(lang)
    with i18n.using(chosen):
        report = _build(inputs, kind, iso3)
    return replace(report, language=chosen)


def report_language(lang: str | None) -> str:
    """The language a report or a report command is asked for: ``lang`` when admtrack ships it,
    the language in force when None; an unknown code is a user error."""
    if lang is not None and i18n.supported(lang) is None:
        raise AdmtrackError(f"unknown language {lang!r}; known: {', '.join(i18n.CODES)}")
    return i18n.supported(lang) or i18n.current()


def _build(inputs: ReportInputs, kind: str, iso3: str | None) -> Report:
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
    """``<plan>-<kind>[-<iso3>]-<release>[-<lang>].<ext>`` (no language part in English)."""
    who = f"-{iso3.lower()}" if iso3 else ""
    lang = "" if report.language == i18n.SOURCE_LANGUAGE else f"-{report.language}"
    return f"{report.plan_id}-{report.kind}{who}-{report.release_id}{lang}.{fmt.value}"


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
    lang: str = "en",
) -> WrittenReport:
    """Build one report from the database at ``engine`` and write it into the directory ``to``
    (created if needed)."""
    inputs = load_inputs(Store(engine), cache, plan_id, release_id)
    report = make_report(inputs, kind, iso3, lang)
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


#: The columns of :func:`sensitivity_table` a table shows (codes and numbers; ``headings`` names
#: them in the table's language).
SENSITIVITY_COLUMNS = (
    "assumption_label", "varies_label", "first_order", "first_order_conf", "total", "total_conf",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SensitivityTable:
    """The end-of-term report's "which assumptions move ranks" as rows: ``rows`` keep the codes
    (``assumption``, ``varies``: the analysis' own English words) and the numbers, and add
    ``assumption_label`` and ``varies_label`` in ``language``; ``headings`` are the report's
    column headings for :data:`SENSITIVITY_COLUMNS` in ``language``."""

    found: PlanSensitivity
    release_id: str
    language: str
    rows: list[dict[str, Any]]
    headings: tuple[str, ...]


def sensitivity_table(
    engine: sa.Engine,
    cache: ResultsCache,
    plan_id: str,
    release_id: str | None = None,
    lang: str | None = None,
) -> SensitivityTable:
    """The end-of-term report's "which assumptions move ranks" (the results' Sobol indices),
    its release id and one row per assumption, from the database at ``engine``, labelled in
    ``lang`` (default: the language in force; unknown: a user error)."""
    chosen = report_language(lang)
    inputs = load_inputs(Store(engine), cache, plan_id, release_id)
    if inputs.results is None or inputs.results.sensitivity is None:
        raise AdmtrackError(f"plan {plan_id} has no results: {inputs.results_problem}")
    sa_ = inputs.results.sensitivity
    with i18n.using(chosen):
        rows = [
            {"plan": plan_id, "release": inputs.release.id, "output": sa_.output, **asdict(a),
             "assumption_label": word(a.assumption), "varies_label": word(a.varies),
             "base_rows": sa_.base_rows, "runs": sa_.runs, "failed_runs": sa_.failed_runs,
             "used_rows": sa_.used_rows, "confidence": sa_.confidence, "lang": chosen}
            for a in sa_.assumptions
        ]  # fmt: skip
        headings = sensitivity_headings(sa_.confidence)
    return SensitivityTable(sa_, inputs.release.id, chosen, rows, headings)
