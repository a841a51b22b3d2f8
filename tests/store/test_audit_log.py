"""The comparison of keyed documents that decides what a write changes and audits."""

from __future__ import annotations

from admtrack.store.audit import diff_documents
from admtrack.store.records import ChangeCounts


def test_diff_classifies_every_key() -> None:
    old = {"a": {"v": 1}, "b": {"v": 2}, "c": {"v": 3}}
    new = {"b": {"v": 2}, "c": {"v": 4}, "d": {"v": 5}}
    diff = diff_documents(old, new, delete_missing=True)
    assert (diff.inserted, diff.updated, diff.deleted, diff.unchanged) == (["d"], ["c"], ["a"], 1)
    assert diff.counts == ChangeCounts(inserted=1, updated=1, deleted=1, unchanged=1)
    assert diff.counts.changed == 3


def test_diff_keeps_missing_keys_unless_asked_to_delete() -> None:
    diff = diff_documents({"a": {"v": 1}}, {}, delete_missing=False)
    assert diff.counts == ChangeCounts()
    assert diff.counts.changed == 0


def test_identical_documents_change_nothing() -> None:
    docs = {"x": {"list": [1, 2], "nested": {"k": None}}}
    diff = diff_documents(docs, {"x": {"list": [1, 2], "nested": {"k": None}}}, delete_missing=True)
    assert diff.counts == ChangeCounts(unchanged=1)
