"""The one step by which approved values enter the published data.

The approved values of a submission enter the data as a release of their own,
``submission-<id>``, published at approval (a published release never changes, so values
approved later from the same submission go into ``submission-<id>.2``, ``.3``...). Their
observations cite the source ``submission-<id>`` and point back to the row of the upload.
Everything else calls :func:`enter_approved_values`, so collecting approvals into a draft that
the secretariat publishes later is a one-function change.
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
    source_id = release_id(submission.id)
    existing = {r.id for r in tx.releases()}
    rid, n = source_id, 1
    while rid in existing:
        n += 1
        rid = f"{source_id}.{n}"
    country = COUNTRIES_BY_ISO3[submission.country].name
    today = tx.audit.at.date()
    tx.create_release(
        Release(rid, today, f"Approved values of national submission {submission.id} ({country})")
    )
    sources = sorted({v.source_text for v in approved if v.source_text})
    tx.save_sources([SourceRecord(source_id, SourceRef(
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
            source_id,
            ObservationStatus(v.obs_status),
            Provenance(submission.file_name, v.row_number, "value", today),
        )  # fmt: skip
        for v in approved
    ]
    counts = tx.upsert_observations(batch, rid)
    tx.publish_release(rid, today)
    return counts.inserted + counts.updated
