"""The file formats a report is written in (a module of its own, so that the command line can
offer them without loading the report builder)."""

from __future__ import annotations

from enum import StrEnum


class ReportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
