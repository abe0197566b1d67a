"""Witness signatures: the declaration, testimony states, hashing, link errors."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from portfolio.errors import DomainError

DECLARATION = (
    "I confirm that I witnessed the activity described above, that this statement is "
    "true to the best of my knowledge, and that typing my full name below is my "
    "electronic signature."
)
INVALID = "This link is not valid. Check you copied the whole link from the email."
EXPIRED = "This link has expired. Ask the learner to send you a new one."
CHANGED = "Someone else changed this testimony. Reload it."


class TestimonyState(StrEnum):
    """Where a witness testimony request is."""

    __test__ = False
    AWAITING = "awaiting"
    SIGNED = "signed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


# Why a closed request cannot be signed, and the HTTP status the link page gets.
CLOSED: dict[TestimonyState, tuple[str, int]] = {
    TestimonyState.SIGNED: ("This testimony has already been signed. Thank you.", 410),
    TestimonyState.DECLINED: ("This request was declined.", 410),
    TestimonyState.CANCELLED: ("The learner cancelled this request.", 410),
}
# The testimony columns that may never change once it is signed (SECURITY #34).
SIGNED_FIELDS: tuple[str, ...] = (
    "statement",
    "witnessed",
    "date_from",
    "date_to",
    "criteria_codes",
    "signer_name",
    "signer_job_title",
    "declaration",
    "signed_at",
    "content_sha256",
    "witness_email",
    "learner_id",
    "state",
)


class LinkError(DomainError):
    """A signing link that cannot be used; ``status`` is the HTTP status to show."""

    def __init__(self, message: str, status: int) -> None:
        """Keep the message and the status the link page answers with."""
        super().__init__(message)
        self.status = status


def check_open(state: str) -> None:
    """LinkError if a testimony in ``state`` no longer awaits a signature."""
    closed = CLOSED.get(TestimonyState(state))
    if closed is not None:
        raise LinkError(*closed)


def _default(value: Any) -> str:
    """JSON encoding for dates and datetimes (ISO 8601, seconds precision)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical_json(content: Any) -> str:
    """Sorted keys, no insignificant whitespace, UTF-8 text (RFC 8785 style)."""
    return json.dumps(
        content,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=_default,
    )


def content_hash(content: dict[str, Any]) -> str:
    """SHA-256 hex digest of the canonical JSON of ``content``."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def normalise_name(name: str | None) -> str:
    """Case-folded name with single spaces, for comparing typed names."""
    return " ".join((name or "").split()).casefold()


def normalise_email(email: str | None) -> str:
    """Case-folded address without whitespace or a plus tag in the local part."""
    value = "".join((email or "").split()).casefold()
    local, _, domain = value.partition("@")
    return f"{local.split('+', 1)[0]}@{domain}" if domain else value
