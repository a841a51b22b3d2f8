"""The one step by which approved values enter the data: they collect in a draft release.

Approving values of a submission adds them to the open draft release (the newest draft; one is
created, ``release-<YYYY-MM-DD>``, when there is none), with the review's reason kept on every
value; nothing is public until the secretariat publishes that draft (``admtrack releases
publish ID`` or the desk's release page), after which the store refuses any change to it.
Their observations cite the source ``submission-<id>`` and point back to the row of the upload.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from admtrack.domain.geography import COUNTRIES_BY_ISO3
from admtrack.domain.observations import (
    Observation,
    ObservationStatus,
    Provenance,
    Release,
    ReleaseStatus,
    SourceRef,
)
from admtrack.store import SourceRecord, Transaction
from admtrack.store.submissions_repo import SubmissionRow, ValueRow

DRAFT_PREFIX = "release-"


def source_id(submission_id: int) -> str:
    """The source every approved value of submission ``submission_id`` cites."""
    return f"submission-{submission_id}"


def open_draft(tx: Transaction) -> Release:
    """The draft release approved values go into: the newest draft, else a new one dated today
    (``release-<today>``, with ``.2``, ``.3``... if that id is taken)."""
    known = tx.releases()
    drafts = [r for r in known if r.status is ReleaseStatus.DRAFT]
    if drafts:
        return drafts[-1]
    today = tx.audit.at.date()
    base = f"{DRAFT_PREFIX}{today.isoformat()}"
    taken = {r.id for r in known}
    rid, n = base, 1
    while rid in taken:
        n += 1
        rid = f"{base}.{n}"
    draft = Release(rid, today, "Approved national submissions", ReleaseStatus.DRAFT)
    tx.create_release(draft)
    return draft


def approval_reason(submission: SubmissionRow, comment: str | None) -> str:
    """The reason a release's changelog gives for an approved value."""
    country = COUNTRIES_BY_ISO3[submission.country].name
    said = f": {comment.strip()}" if comment and comment.strip() else ""
    return f"approved in review of national submission {submission.id} ({country}){said}"


def enter_approved_values(
    tx: Transaction,
    submission: SubmissionRow,
    approved: Sequence[ValueRow],
    comments: Mapping[int, str | None] | None = None,
) -> int:
    """Add the ``approved`` values of ``submission`` to the open draft release, each with its
    review's reason (``comments``: the reviewer's comment by value id); return how many
    observations were inserted or updated."""
    if not approved:
        return 0
    draft = open_draft(tx)
    source = source_id(submission.id)
    country = COUNTRIES_BY_ISO3[submission.country].name
    today = tx.audit.at.date()
    sources = sorted({v.source_text for v in approved if v.source_text})
    tx.save_sources([SourceRecord(source, SourceRef(
        publisher=f"National submission: {country}",
        dataset=f"submission {submission.id}",
        licence="as agreed with the submitting member state",
        citation="; ".join(sources)[:2000],
    ), today)])  # fmt: skip
    by_reason: dict[str, list[Observation]] = defaultdict(list)
    for v in approved:
        reason = approval_reason(submission, (comments or {}).get(v.id))
        by_reason[reason].append(
            Observation(
                v.indicator,
                submission.country,
                v.year,
                v.value,
                source,
                ObservationStatus(v.obs_status),
                Provenance(submission.file_name, v.row_number, "value", today),
            )  # fmt: skip
        )
    changed = 0
    for reason, batch in by_reason.items():
        counts = tx.upsert_observations(batch, draft.id, reason)
        changed += counts.inserted + counts.updated
    return changed
