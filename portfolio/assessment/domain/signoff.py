"""Unit sign-off: both declarations, readiness, and the reason for an unlock."""

from __future__ import annotations

from enum import StrEnum

from portfolio.assessment.domain.achievement import Achievement
from portfolio.errors import ConflictError, ValidationError

REASON_MAX = 500
ASSESSOR_DECLARATION = (
    "I confirm that I have assessed this evidence against every criterion and the "
    "range of the unit, that it is valid, sufficient, current and authentic, and "
    "that the learner has achieved the unit."
)
LEARNER_DECLARATION = (
    "I confirm that the evidence in this portfolio is my own work, that testimonies "
    "are from the people named, and that I understand the portfolio will be locked."
)


class SignOffState(StrEnum):
    """Where a sign-off is: waiting for the learner, locked, or unlocked again."""

    AWAITING_LEARNER = "awaiting_learner"
    LOCKED = "locked"
    UNLOCKED = "unlocked"


def check_ready_for_signoff(result: Achievement) -> None:
    """Sign-off needs every criterion and the range achieved."""
    missing = result.missing()
    if missing:
        raise ConflictError(
            "The unit cannot be signed off yet: not achieved "
            + ", ".join(missing)
            + "."
        )


def check_reason(reason: str | None) -> str:
    """An unlock needs a reason of at most REASON_MAX characters."""
    value = (reason or "").strip()
    if not value:
        raise ValidationError("Give the reason for unlocking.", "reason")
    if len(value) > REASON_MAX:
        raise ValidationError("The reason is too long.", "reason")
    return value


def check_declared(ticked: bool, field_name: str) -> None:
    """A declaration must be ticked."""
    if not ticked:
        raise ValidationError("Tick the declaration to confirm it.", field_name)
