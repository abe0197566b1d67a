"""A professional discussion record and the checks on what the assessor wrote."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portfolio.errors import ValidationError

TEXT_MAX = 10_000
MAX_MINUTES = 600


@dataclass(frozen=True)
class DiscussionRecord:
    """What the assessor records."""

    held_on: date | None
    duration_minutes: int | None
    questions: str
    answers: str
    criteria: tuple[str, ...]


def _check_texts(record: DiscussionRecord) -> None:
    """The questions and the answers are both needed, within TEXT_MAX."""
    for name, label in (
        ("questions", "the questions you asked"),
        ("answers", "a summary of the answers"),
    ):
        value = str(getattr(record, name)).strip()
        if not value:
            raise ValidationError(f"Enter {label}.", name)
        if len(value) > TEXT_MAX:
            raise ValidationError("The text is too long.", name)


def check_discussion(
    record: DiscussionRecord, codes: set[str], today: date
) -> DiscussionRecord:
    """Validate every field of a record against the unit's criterion codes."""
    if record.held_on is None or record.held_on > today:
        raise ValidationError(
            "Enter the date of the discussion (not in the future).", "held_on"
        )
    if (
        record.duration_minutes is None
        or not 1 <= record.duration_minutes <= MAX_MINUTES
    ):
        raise ValidationError(
            "Enter the duration in minutes, from 1 to 600.", "duration"
        )
    _check_texts(record)
    if not record.criteria:
        raise ValidationError("Choose the criteria the discussion covered.", "criteria")
    unknown = [c for c in record.criteria if c not in codes]
    if unknown:
        raise ValidationError(
            f"{unknown[0]} is not a criterion of this unit.", "criteria"
        )
    return record
