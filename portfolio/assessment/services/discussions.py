"""Professional discussion records, with an optional audio recording."""

from __future__ import annotations

import json

import filetype
from sqlalchemy import select

from portfolio.assessment.domain.discussion import DiscussionRecord, check_discussion
from portfolio.assessment.domain.segregation import check_can_judge
from portfolio.assessment.models import ProfessionalDiscussion
from portfolio.assessment.services.common import (
    require_assessor_of,
    require_reader_of,
    supervisor_of,
)
from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError, ValidationError
from portfolio.evidence import services as evidence
from portfolio.evidence.services.storage import Storage
from portfolio.framework.services import default_unit

AUDIO_TYPES = {
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-wav": "wav",
    "audio/ogg": "ogg",
    "audio/webm": "webm",
}
Audio = tuple[bytes, str, str]


def check_audio(data: bytes, name: str, max_bytes: int) -> Audio:
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


def _check_recorder(session: Session, learner_id: int, actor: User) -> None:
    """The learner's assessor, not their supervisor, on an unlocked portfolio."""
    require_assessor_of(session, actor, learner_id)
    check_can_judge(actor.id, learner_id, supervisor_of(session, learner_id))
    scopes.check_portfolio_unlocked(session, learner_id)


def record_discussion(
    session: Session,
    learner_id: int,
    record: DiscussionRecord,
    *,
    actor: User,
    audio: Audio | None = None,
    storage: Storage | None = None,
) -> ProfessionalDiscussion:
    """Store a discussion record for one learner on the actor's caseload.

    A recording (from ``check_audio``) needs the ``storage`` to keep it in.
    """
    _check_recorder(session, learner_id, actor)
    codes = set(evidence.unit_criteria(session, default_unit(session).id))
    clean = check_discussion(record, codes, utcnow().date())
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
        if storage is None:
            raise ValueError("a recording needs the storage to keep it in")
        data, name, media = audio
        row.audio_sha256 = storage.put(data)
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
