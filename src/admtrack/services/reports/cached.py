"""Report PDFs built once per (plan, release, data revision, report) and kept as files, so the
dashboard's "Report (PDF)" links cost one build per release."""

from __future__ import annotations

import threading
from pathlib import Path

from admtrack.services.report_formats import ReportFormat
from admtrack.services.reports.build import file_name, make_report, report_bytes
from admtrack.services.reports.inputs import load_inputs
from admtrack.services.scoring import ResultsCache
from admtrack.store import Store


class ReportFiles:
    """PDFs under ``directory/<revision>/``; ``builds`` counts the documents actually made."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.builds = 0
        self._lock = threading.Lock()

    def pdf(
        self, store: Store, cache: ResultsCache, kind: str, plan_id: str,
        release_id: str | None = None, iso3: str | None = None, lang: str = "en",
    ) -> tuple[Path, str]:  # fmt: skip
        """The path of the PDF in ``lang`` and its download name, built on first request."""
        with self._lock:
            inputs = load_inputs(store, cache, plan_id, release_id)
            with store.reader() as r:
                revision = r.data_revision()
            code = iso3.upper() if iso3 else None
            who = f"-{code.lower()}" if code else ""
            suffix = "" if lang == "en" else f"-{lang}"
            name = f"{plan_id}-{kind}{who}-{inputs.release.id}{suffix}.pdf"
            path = self.directory / str(revision) / name
            if not path.is_file():
                report = make_report(inputs, kind, code, lang)
                data, _ = report_bytes(report, ReportFormat.PDF)
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(path.name + ".part")
                tmp.write_bytes(data)
                tmp.replace(path)
                self.builds += 1
                name = file_name(report, ReportFormat.PDF, code)
            return path, name
