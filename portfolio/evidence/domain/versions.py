"""Versions: which fields are an item's content, and when a change needs a new one."""

from __future__ import annotations

from portfolio.evidence.domain.workflow import check_editable

# The content of a version: what a new version copies from the one before it.
VERSION_CONTENT: tuple[str, ...] = (
    "title",
    "evidence_date",
    "body",
    "data",
    "file_sha256",
    "file_name",
    "media_type",
    "file_size",
    "pii_findings",
)
# What may never change once a version has been submitted: its content and the
# submission time itself.
LOCKED_FIELDS: tuple[str, ...] = (*VERSION_CONTENT, "submitted_at")


def needs_new_version(status: str, current_submitted: bool) -> bool:
    """Whether a change must create a new version instead of editing in place."""
    check_editable(status)
    return current_submitted
