"""The register as a table: one row per action and member state (CSV or XLSX)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook

from admtrack.services.actions.tracker import Register

COLUMNS = (
    "plan", "action", "title", "outcome", "priority", "timeframe", "lead", "indicators",
    "country", "status", "as_of", "note", "evidence_url", "evidence_sha256", "evidence_filename",
)  # fmt: skip


def register_rows(register: Register) -> list[dict[str, Any]]:
    out = []
    for row in register.rows:
        a = row.action
        for country, report in row.states.items():
            doc = report.evidence if report is not None else None
            out.append({
                "plan": register.plan.id, "action": a.id, "title": a.title,
                "outcome": a.outcome, "priority": a.priority, "timeframe": a.timeframe,
                "lead": a.lead, "indicators": ";".join(a.indicators), "country": country,
                "status": row.status_of(country),
                "as_of": report.as_of.isoformat() if report is not None else "",
                "note": report.note if report is not None else "",
                "evidence_url": (report.evidence_url or "") if report is not None else "",
                "evidence_sha256": doc.sha256 if doc is not None else "",
                "evidence_filename": doc.filename if doc is not None else "",
            })  # fmt: skip
    return out


def register_csv(register: Register) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(register_rows(register))
    return buffer.getvalue()


def register_xlsx(register: Register) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "actions"
    sheet.append(list(COLUMNS))
    for r in register_rows(register):
        sheet.append([r[c] for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
