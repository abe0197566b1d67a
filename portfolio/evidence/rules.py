"""Pure evidence rules: kinds, status transitions, versions, signing hashes, PII.

Standard library only (plus portfolio.errors), so it is tested without Flask or a DB.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from portfolio.errors import ConflictError, ValidationError


class Kind(StrEnum):
    """The kinds of evidence a portfolio holds."""

    WORK_PRODUCT = "work_product"
    WITNESS_TESTIMONY = "witness_testimony"
    REFLECTION = "reflection"
    PROFESSIONAL_DISCUSSION = "professional_discussion"
    OBSERVATION = "observation"


KIND_LABELS = {
    Kind.WORK_PRODUCT: "Work product",
    Kind.WITNESS_TESTIMONY: "Witness testimony",
    Kind.REFLECTION: "Reflection",
    Kind.PROFESSIONAL_DISCUSSION: "Professional discussion record",
    Kind.OBSERVATION: "Observation",
}


class Status(StrEnum):
    """Where an evidence item is in its life."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.ACCEPTED: "Accepted",
    Status.RETURNED: "Returned for action",
    Status.WITHDRAWN: "Withdrawn",
}

CONTEXTS = {"workplace": "Workplace", "simulation": "Simulation"}
ORDER_TYPES = {"standard": "Standard", "bespoke": "Bespoke", "urgent": "Urgent"}
JUSTIFICATION_MAX = 300


class Actor(StrEnum):
    """Who may perform a status action."""

    LEARNER = "learner"
    ASSESSOR = "assessor"


# (from, action) -> (to, who may do it)
TRANSITIONS: dict[tuple[Status, str], tuple[Status, Actor]] = {
    (Status.DRAFT, "submit"): (Status.SUBMITTED, Actor.LEARNER),
    (Status.RETURNED, "submit"): (Status.SUBMITTED, Actor.LEARNER),
    (Status.SUBMITTED, "accept"): (Status.ACCEPTED, Actor.ASSESSOR),
    (Status.SUBMITTED, "return"): (Status.RETURNED, Actor.ASSESSOR),
    (Status.DRAFT, "withdraw"): (Status.WITHDRAWN, Actor.LEARNER),
    (Status.RETURNED, "withdraw"): (Status.WITHDRAWN, Actor.LEARNER),
    (Status.SUBMITTED, "withdraw"): (Status.WITHDRAWN, Actor.LEARNER),
}
TARGET_ACTIONS = {Status.ACCEPTED: "accept", Status.RETURNED: "return"}
EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


def transition(status: str, action: str, who: Actor) -> Status:
    """Return the status after ``action``; raise ConflictError if not allowed."""
    found = TRANSITIONS.get((Status(status), action))
    if found is None:
        label = STATUS_LABELS[Status(status)].lower()
        raise ConflictError(f"You cannot {action} evidence that is {label}.")
    target, allowed = found
    if allowed != who:
        raise ConflictError(f"Only the {allowed.value} can {action} this evidence.")
    return target


def check_editable(status: str) -> None:
    """Raise ConflictError unless the learner may change the item now."""
    if Status(status) not in EDITABLE:
        label = STATUS_LABELS[Status(status)].lower()
        raise ConflictError(f"This evidence is {label} and cannot be changed.")


def needs_new_version(status: str, current_submitted: bool) -> bool:
    """Whether a change must create a new version instead of editing in place."""
    check_editable(status)
    return current_submitted


def check_submittable(status: str, current_submitted: bool) -> None:
    """A returned item goes back only as a new, unsubmitted version."""
    if Status(status) == Status.RETURNED and current_submitted:
        raise ConflictError(
            "Change the evidence first: a returned item goes back as a new version."
        )


def check_title(title: str | None) -> str:
    """A trimmed, non-empty title of at most 200 characters."""
    value = (title or "").strip()
    if not value:
        raise ValidationError("Enter a title.", "title")
    if len(value) > 200:
        raise ValidationError("The title must be 200 characters or fewer.", "title")
    return value


def check_evidence_date(value: date | None, today: date) -> date:
    """The evidence date is required and not in the future."""
    if value is None:
        raise ValidationError("Enter the date of the evidence.", "evidence_date")
    if value > today:
        raise ValidationError("The date cannot be in the future.", "evidence_date")
    return value


def check_choice(value: str | None, allowed: dict[str, str], field: str) -> str | None:
    """Return ``value`` if it is one of ``allowed`` (or empty), else raise."""
    if value in (None, ""):
        return None
    if value not in allowed:
        raise ValidationError(f"Choose a valid {field.replace('_', ' ')}.", field)
    return value


def check_claims(
    claims: dict[str, str], unit_codes: set[str], unit_code: str
) -> dict[str, str]:
    """Validate a {criterion code: justification} mapping against one unit."""
    clean: dict[str, str] = {}
    for code, text in claims.items():
        if code not in unit_codes:
            raise ValidationError(
                f"{code} is not a criterion of unit {unit_code}.", "claims"
            )
        value = (text or "").strip()
        if not value:
            raise ValidationError(
                f"Say in one line how this evidence shows {code}.", "claims"
            )
        if len(value) > JUSTIFICATION_MAX or "\n" in value:
            raise ValidationError(
                f"The justification for {code} must be one line of at most "
                f"{JUSTIFICATION_MAX} characters.",
                "claims",
            )
        clean[code] = value
    return clean


# ---- signing -------------------------------------------------------------------

DECLARATION = (
    "I confirm that I witnessed the activity described above, that this statement is "
    "true to the best of my knowledge, and that typing my full name below is my "
    "electronic signature."
)


class TestimonyState(StrEnum):
    """Where a witness testimony request is."""

    __test__ = False
    AWAITING = "awaiting"
    SIGNED = "signed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


def _default(value: Any) -> str:
    """JSON encoding for dates and datetimes (ISO 8601, seconds precision)."""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def canonical_json(content: dict[str, Any]) -> str:
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


# ---- personal data in uploaded text ---------------------------------------------

PII_PATTERNS = {
    "email address": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    "phone number": re.compile(
        r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
    ),
    "postcode": re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b"),
}


@dataclass(frozen=True)
class PiiFinding:
    """How many things that look like one kind of personal data were found."""

    kind: str
    count: int


def find_personal_data(text: str) -> list[PiiFinding]:
    """Counts of email addresses, UK phone numbers and postcodes in ``text``."""
    found = []
    for kind, pattern in PII_PATTERNS.items():
        count = len(pattern.findall(text or ""))
        if count:
            found.append(PiiFinding(kind, count))
    return found


def describe_findings(findings: list[PiiFinding]) -> str:
    """A summary such as '2 email addresses and 1 postcode'."""
    plural = {"email address": "email addresses"}
    parts = [
        f"{f.count} {f.kind if f.count == 1 else plural.get(f.kind, f.kind + 's')}"
        for f in findings
    ]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
