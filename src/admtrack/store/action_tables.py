"""Tables of the enabling-action tracker: per-state status reports (pending, approved or
returned) and their evidence documents, kept content-addressed by SHA-256 in the database."""

from __future__ import annotations

import sqlalchemy as sa

from admtrack.store.tables import BigId, UTCDateTime, metadata

evidence_documents = sa.Table(
    "evidence_documents",
    metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("media_type", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("stored_at", UTCDateTime, nullable=False),
)

action_status_reports = sa.Table(
    "action_status_reports",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("plan", sa.String(64), sa.ForeignKey("plans.id"), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("country", sa.String(3), sa.ForeignKey("countries.iso3"), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("evidence_url", sa.Text),
    sa.Column("evidence_sha256", sa.String(64), sa.ForeignKey("evidence_documents.sha256")),
    sa.Column("review_state", sa.String(16), nullable=False),  # pending | approved | returned
    sa.Column("submitted_by", sa.Text, nullable=False),
    sa.Column("submitted_at", UTCDateTime, nullable=False),
    sa.Column("reviewed_by", sa.Text),
    sa.Column("reviewed_at", UTCDateTime),
    sa.Column("review_note", sa.Text, nullable=False),
    sa.Index(None, "plan", "action", "country"),
    sa.Index(None, "review_state"),
)
