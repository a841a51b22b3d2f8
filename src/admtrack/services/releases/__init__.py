"""Releases: drafts that collect approved values, publication (after which the store refuses any
change), the changes between two releases, and the static bundle written for each published one."""

from admtrack.services.releases.bundle import BundleFile, verify_bundle
from admtrack.services.releases.changes import Change, ChangeKind, changelog, diff_releases
from admtrack.services.releases.lifecycle import (
    bundle_release,
    create_draft,
    drafts,
    get_release,
    list_releases,
    publish,
    publish_by,
    resolve_release,
    stage_values,
    withdraw_values,
)

__all__ = [
    "BundleFile",
    "bundle_release",
    "verify_bundle",
    "Change",
    "ChangeKind",
    "changelog",
    "create_draft",
    "drafts",
    "diff_releases",
    "get_release",
    "list_releases",
    "publish",
    "publish_by",
    "resolve_release",
    "stage_values",
    "withdraw_values",
]
