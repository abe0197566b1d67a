"""A testimony request as the learner writes it, and the checks it must pass."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from portfolio.errors import ValidationError
from portfolio.evidence.domain.details import check_choice
from portfolio.evidence.domain.signing import normalise_email
from portfolio.framework.domain.vocabulary import ORDER_TYPE_VALUES

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class TestimonyRequest:
    """What the learner asks a witness to confirm."""

    __test__ = False
    witness_name: str
    witness_email: str
    witness_job_title: str
    relationship: str
    witnessed: str
    date_from: date | None
    date_to: date | None
    criteria: tuple[str, ...]
    draft_statement: str = ""
    order_type: str | None = None


def _text(value: str | None, field: str, label: str, limit: int) -> str:
    """A required, trimmed text of at most ``limit`` characters."""
    clean = (value or "").strip()
    if not clean:
        raise ValidationError(f"Enter {label}.", field)
    if len(clean) > limit:
        raise ValidationError(f"{label.capitalize()} is too long.", field)
    return clean


def _witness_email(raw: str | None, learner_email: str) -> str:
    """A valid address that is not the learner's own (under any plus tag)."""
    email = (raw or "").strip().casefold()
    if not email:
        raise ValidationError("Enter the witness's email address.", "witness_email")
    if not EMAIL_RE.fullmatch(email) or len(email) > 254:
        raise ValidationError(
            "Enter the witness's email address in the right format, like "
            "name@example.com.",
            "witness_email",
        )
    if normalise_email(email) == normalise_email(learner_email):
        raise ValidationError(
            "The witness must be someone else: you cannot sign your own testimony.",
            "witness_email",
        )
    return email


def check_request(
    req: TestimonyRequest, *, learner_email: str, today: date
) -> TestimonyRequest:
    """Validate every field, including segregation of duties (SECURITY #16)."""
    email = _witness_email(req.witness_email, learner_email)
    if req.date_from is None or req.date_to is None:
        raise ValidationError("Enter the dates you were observed.", "date_from")
    if req.date_from > req.date_to or req.date_to > today:
        raise ValidationError(
            "The dates must be in order and not in the future.", "date_to"
        )
    if not req.criteria:
        raise ValidationError("Choose at least one criterion.", "criteria")
    if len(req.draft_statement or "") > 5000:
        raise ValidationError("The draft statement is too long.", "draft_statement")
    return TestimonyRequest(
        _text(req.witness_name, "witness_name", "the witness's name", 120),
        email,
        _text(req.witness_job_title, "witness_job_title", "their job title", 120),
        _text(req.relationship, "relationship", "how they know your work", 120),
        _text(req.witnessed, "witnessed", "what they saw you do", 2000),
        req.date_from,
        req.date_to,
        tuple(dict.fromkeys(req.criteria)),
        (req.draft_statement or "").strip(),
        check_choice(req.order_type, ORDER_TYPE_VALUES, "order_type"),
    )
