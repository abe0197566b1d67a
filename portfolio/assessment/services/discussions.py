"""Professional discussion records, with an optional audio recording."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import filetype
from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.assessment import rules
from portfolio.assessment.models import ProfessionalDiscussion
from portfolio.assessment.services.common import (
    check_unlocked,
    enrolment_of,
    require_assessor_of,
    require_reader_of,
)
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.errors import NotFoundError, ValidationError
from portfolio.evidence.services.common import unit_criteria
from portfolio.evidence.storage import Storage, get_storage
from portfolio.core.time import utcnow

AUDIO_TYPES = {
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-wav": "wav",
    "audio/ogg": "ogg",
    "audio/webm": "webm",
}
TEXT_MAX = 10_000


@dataclass(frozen=True)
class DiscussionRecord:
    """What the assessor records."""

    held_on: date | None
    duration_minutes: int | None
    questions: str
    answers: str
    criteria: tuple[str, ...]


def _check(record: DiscussionRecord, codes: set[str]) -> DiscussionRecord:
    """Validate every field of a record."""
    if record.held_on is None or record.held_on > utcnow().date():
        raise ValidationError(
            "Enter the date of the discussion (not in the future).", "held_on"
        )
    if record.duration_minutes is None or not 1 <= record.duration_minutes <= 600:
        raise ValidationError(
            "Enter the duration in minutes, from 1 to 600.", "duration"
        )
    for name, label in (
        ("questions", "the questions you asked"),
        ("answers", "a summary of the answers"),
    ):
        value = getattr(record, name).strip()
        if not value:
            raise ValidationError(f"Enter {label}.", name)
        if len(value) > TEXT_MAX:
            raise ValidationError("The text is too long.", name)
    if not record.criteria:
        raise ValidationError("Choose the criteria the discussion covered.", "criteria")
    unknown = [c for c in record.criteria if c not in codes]
    if unknown:
        raise ValidationError(
            f"{unknown[0]} is not a criterion of this unit.", "criteria"
        )
    return record


def check_audio(data: bytes, name: str, max_bytes: int) -> tuple[bytes, str, str]:
    """An audio file decided by its content; returns (bytes, safe name, media type)."""
    if len(data) > max_bytes:
        raise ValidationError("The recording is larger than the upload limit.", "audio")
    kind = filetype.guess(data)
    if kind is None or kind.mime not in AUDIO_TYPES:
        raise ValidationError(
            "The recording must be an MP3, M4A, WAV, OGG or WEBM audio file.", "audio"
        )
    safe = "".join(ch for ch in name if ch.isalnum() or ch in "._- ")[:100]
    return data, safe or f"discussion.{AUDIO_TYPES[kind.mime]}", kind.mime


def record_discussion(
    session: Session,
    learner_id: int,
    record: DiscussionRecord,
    *,
    actor: User,
    audio: tuple[bytes, str, str] | None = None,
    storage: Storage | None = None,
) -> ProfessionalDiscussion:
    """Store a discussion record for one learner on the actor's caseload."""
    require_assessor_of(session, actor, learner_id)
    enrolment = enrolment_of(session, learner_id)
    rules.check_can_judge(
        actor.id, learner_id, enrolment.supervisor_id if enrolment else None
    )
    check_unlocked(session, learner_id)
    codes = set(unit_criteria(session, _unit_id(session)))
    clean = _check(record, codes)
    row = ProfessionalDiscussion(
        learner_id=learner_id,
        assessor_id=actor.id,
        held_on=clean.held_on,
        duration_minutes=clean.duration_minutes,
        questions=clean.questions.strip(),
        answers=clean.answers.strip(),
        criteria_codes=json.dumps(sorted(clean.criteria)),
    )
    if audio is not None:
        data, name, media = audio
        row.audio_sha256 = (storage or get_storage()).put(data)
        row.audio_name, row.audio_media_type = name, media
    session.add(row)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="assessment.discussion_recorded",
        object_type="professional_discussion",
        object_id=row.id,
        learner_id=learner_id,
        details={"criteria": sorted(clean.criteria), "audio": row.audio_sha256},
    )
    return row


def _unit_id(session: Session) -> int:
    """The default unit's id."""
    from portfolio.assessment.services.common import default_unit

    return default_unit(session).id


def load_discussion(
    session: Session, discussion_id: int, *, actor: User
) -> ProfessionalDiscussion:
    """A discussion the actor may read, else NotFoundError."""
    row = session.get(ProfessionalDiscussion, discussion_id)
    if row is None:
        raise NotFoundError(f"discussion {discussion_id}")
    require_reader_of(session, actor, row.learner_id)
    return row


def discussions_of(session: Session, learner_id: int) -> list[ProfessionalDiscussion]:
    """A learner's discussions, newest first."""
    return list(
        session.scalars(
            select(ProfessionalDiscussion)
            .where(ProfessionalDiscussion.learner_id == learner_id)
            .order_by(
                ProfessionalDiscussion.held_on.desc(), ProfessionalDiscussion.id.desc()
            )
        )
    )
