"""The one step by which approved values enter the published data.

Until releases have their own draft and publication lifecycle, the approved values of a
submission enter the current data as a release of their own, ``submission-<id>``, whose
observations cite the source ``submission-<id>`` and point back to the row of the upload.
Everything else calls :func:`enter_approved_values`, so re-pointing it is a one-function change.
"""

from __future__ import annotations

from collections.abc import Sequence

from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.domain.observations import (
    Observation,
    ObservationStatus,
    Provenance,
    Release,
    SourceRef,
)
from admtrack.store import SourceRecord, Transaction
from admtrack.store.submissions_repo import SubmissionRow, ValueRow


def release_id(submission_id: int) -> str:
    return f"submission-{submission_id}"


def enter_approved_values(
    tx: Transaction, submission: SubmissionRow, approved: Sequence[ValueRow]
) -> int:
    """Write ``approved`` values of ``submission`` into its release (created on first use);
    return how many observations were inserted or updated."""
    if not approved:
        return 0
    rid = release_id(submission.id)
    country = COUNTRIES_BY_ISO3[submission.country].name
    today = tx.audit.at.date()
    if rid not in {r.id for r in tx.releases()}:
        tx.create_release(
            Release(
                rid, today, f"Approved values of national submission {submission.id} ({country})"
            )
        )
    sources = sorted({v.source_text for v in approved if v.source_text})
    tx.save_sources([SourceRecord(rid, SourceRef(
        publisher=f"National submission: {country}",
        dataset=f"submission {submission.id}",
        licence="as agreed with the submitting member state",
        citation="; ".join(sources)[:2000],
    ), today)])  # fmt: skip
    batch = [
        Observation(
            v.indicator,
            submission.country,
            v.year,
            v.value,
            rid,
            ObservationStatus(v.obs_status),
            Provenance(submission.file_name, v.row_number, "value", today),
        )  # fmt: skip
        for v in approved
    ]
    counts = tx.upsert_observations(batch, rid)
    return counts.inserted + counts.updated
