"""The details every item has (title, date, choices) and its criterion claims."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from portfolio.errors import ValidationError

TITLE_MAX = 200
JUSTIFICATION_MAX = 300


def check_title(title: str | None) -> str:
    """A trimmed, non-empty title of at most 200 characters."""
    value = (title or "").strip()
    if not value:
        raise ValidationError("Enter a title.", "title")
    if len(value) > TITLE_MAX:
        raise ValidationError("The title must be 200 characters or fewer.", "title")
    return value


def check_evidence_date(value: date | None, today: date) -> date:
    """The evidence date is required and not in the future."""
    if value is None:
        raise ValidationError("Enter the date of the evidence.", "evidence_date")
    if value > today:
        raise ValidationError("The date cannot be in the future.", "evidence_date")
    return value


def check_choice(value: str | None, allowed: Collection[str], field: str) -> str | None:
    """Return ``value`` if it is one of ``allowed`` (or empty), else raise."""
    if value is None or value == "":
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


def one_line(text: str) -> str:
    """``text`` on one line with single spaces, cut to a justification's length."""
    return " ".join(text.split())[:JUSTIFICATION_MAX]
