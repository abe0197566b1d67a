"""IQA sampling: rates, deterministic selection, and a sample's verdict."""

from __future__ import annotations

import hashlib
from enum import StrEnum

from portfolio.assessment.domain.judging import FEEDBACK_MAX
from portfolio.errors import ConflictError, ValidationError

DEFAULT_RATE = 25
NEW_ASSESSOR_RATE = 100


class SampleState(StrEnum):
    """Where an IQA sample is."""

    DUE = "due"
    AGREED = "agreed"
    SENT_BACK = "sent_back"

    @property
    def label(self) -> str:
        """The state as a person reads it."""
        return SAMPLE_LABELS[self]


SAMPLE_LABELS = {
    SampleState.DUE: "Due",
    SampleState.AGREED: "Agreed",
    SampleState.SENT_BACK: "Sent back",
}
# The IQA's verdict moves a due sample on; a decided sample stays as it is.
_SAMPLE_NEXT = {
    (SampleState.DUE, "agree"): SampleState.AGREED,
    (SampleState.DUE, "send_back"): SampleState.SENT_BACK,
}
VERDICTS = ("agree", "send_back")


def effective_rate(rate: int | None, new_assessor: bool) -> int:
    """The sampling rate in percent: 100 for new assessors (or with no plan)."""
    if rate is None or new_assessor:
        return NEW_ASSESSOR_RATE
    return min(100, max(0, rate))


def check_rate(value: int | None) -> int:
    """A whole percentage from 0 to 100."""
    if value is None or not 0 <= value <= 100:
        raise ValidationError("Enter a sampling rate from 0 to 100.", "rate")
    return value


def selected_for_sampling(key: str, rate: int) -> bool:
    """Deterministic selection: the same decision always gets the same answer.

    The decision key is hashed to a number 0..99, so a rate of r% picks about r%.
    """
    if rate >= 100:
        return True
    if rate <= 0:
        return False
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    return bucket < rate


def check_verdict(action: str | None) -> str:
    """The IQA's verdict: agree or send back."""
    if action is None or action not in VERDICTS:
        raise ValidationError("Choose agree or send back.", "action")
    return action


def sample_transition(state: str, action: str) -> SampleState:
    """The sample's state after ``action``; ConflictError if not allowed."""
    found = _SAMPLE_NEXT.get((SampleState(state), action))
    if found is None:
        raise ConflictError("This sample has already been dealt with.")
    return found


def check_feedback(text: str | None, field_name: str, needed: bool) -> str:
    """Trimmed feedback; required when ``needed``."""
    value = (text or "").strip()
    if needed and not value:
        raise ValidationError("Give feedback for the assessor.", field_name)
    if len(value) > FEEDBACK_MAX:
        raise ValidationError("The feedback is too long.", field_name)
    return value
