"""The assessment records of a portfolio as plain report data (read-only).

Decisions and feedback, the accept-or-return outcome, unit sign-off, IQA samples
and professional discussion records, from the tables of ``portfolio.assessment``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portfolio.assessment.models import (
    ItemDecision,
    ProfessionalDiscussion,
    Sample,
    UnitSignOff,
)
from portfolio.auth.models import User
from portfolio.core.filters import uk_date, uk_datetime
from portfolio.core.typing import Session
from portfolio.evidence.domain.kinds import Kind
from portfolio.evidence.models import EvidenceItem
from portfolio.exports.domain import report as r

OUTCOMES = {"met": "met", "not_met": "not_yet_met", "not_yet_met": "not_yet_met"}
Decided = dict[tuple[int, str], r.Decision]


@dataclass(frozen=True)
class Signed:
    """What a standing unit sign-off records (all blank if none or unlocked)."""

    assessor: datetime | None = None
    learner: datetime | None = None
    locked: datetime | None = None
    assessor_text: str | None = None
    learner_text: str | None = None


def name_of(user: User | None) -> str:
    """A user's display name, or blank."""
    return user.display_name if user is not None else ""


def latest_decisions(
    session: Session, items: list[EvidenceItem]
) -> dict[int, ItemDecision]:
    """Each item's latest decision on its current version that still counts."""
    versions = [i.current.id for i in items]
    if not versions:
        return {}
    rows = session.scalars(
        select(ItemDecision)
        .where(
            ItemDecision.version_id.in_(versions), ItemDecision.reopened_at.is_(None)
        )
        .options(
            selectinload(ItemDecision.judgements), selectinload(ItemDecision.assessor)
        )
        .order_by(ItemDecision.id)
    )
    return {row.item_id: row for row in rows}


def decisions_by_criterion(latest: Mapping[int, ItemDecision]) -> Decided:
    """Per-criterion decisions and feedback keyed by (item id, criterion code)."""
    return {
        (item_id, j.criterion.code): r.Decision(
            j.criterion.code,
            OUTCOMES.get(j.decision, "not_yet_met"),
            j.feedback or "",
            name_of(row.assessor),
            row.created_at,
        )
        for item_id, row in latest.items()
        for j in row.judgements
    }


def item_outcomes(latest: Mapping[int, ItemDecision]) -> dict[int, r.ItemOutcome]:
    """The accept-or-return decision on each item's current version."""
    return {
        item_id: r.ItemOutcome(
            row.outcome,
            name_of(row.assessor),
            row.created_at,
            row.version_number,
            row.actions or "",
        )
        for item_id, row in latest.items()
    }


def unit_signoff(session: Session, learner_id: int, unit_id: int) -> UnitSignOff | None:
    """The learner's latest unit sign-off (it may since have been unlocked)."""
    return session.scalars(
        select(UnitSignOff)
        .where(UnitSignOff.learner_id == learner_id, UnitSignOff.unit_id == unit_id)
        .order_by(UnitSignOff.id.desc())
        .limit(1)
    ).first()


def signoff_summary(row: UnitSignOff | None) -> Signed:
    """Sign-off times and declaration texts; nothing if unlocked or not signed."""
    if row is None or row.unlocked_at is not None:
        return Signed()
    return Signed(
        assessor=row.assessor_signed_at,
        learner=row.learner_signed_at,
        locked=row.locked_at,
        assessor_text=row.assessor_declaration,
        learner_text=row.learner_declaration,
    )


def signoff_notes(row: UnitSignOff | None) -> tuple[str, ...]:
    """A note when the last sign-off was unlocked."""
    if row is None or row.unlocked_at is None:
        return ()
    who = name_of(row.unlocked_by) or "an administrator"
    reason = f": {row.unlock_reason}" if row.unlock_reason else ""
    when = uk_datetime(row.unlocked_at)
    return (f"The unit sign-off was unlocked on {when} by {who}{reason}.",)


def _sample(row: Sample) -> r.SamplingRecord:
    """One IQA sample as a report record."""
    decision = row.decision
    return r.SamplingRecord(
        sampled_at=row.selected_at,
        iqa_name=name_of(row.iqa),
        assessor_name=name_of(row.assessor),
        evidence_ref=f"E{decision.item_id} v{decision.version_number}",
        criterion_code=", ".join(j.criterion.code for j in decision.judgements),
        outcome=row.state,
        comment=row.feedback or "",
        decided_at=row.decided_at,
    )


def sampling_records(session: Session, learner_id: int) -> tuple[r.SamplingRecord, ...]:
    """IQA samples of the learner's decisions, with outcome and feedback."""
    rows = session.scalars(
        select(Sample)
        .where(Sample.learner_id == learner_id)
        .options(
            selectinload(Sample.decision).selectinload(ItemDecision.judgements),
            selectinload(Sample.iqa),
            selectinload(Sample.assessor),
        )
        .order_by(Sample.selected_at, Sample.id)
    )
    return tuple(_sample(row) for row in rows)


def _discussion(row: ProfessionalDiscussion) -> r.EvidenceSection:
    """A professional discussion record as a section of its own."""
    content = {
        "held_on": str(row.held_on),
        "duration": row.duration_minutes,
        "questions": row.questions,
        "answers": row.answers,
        "criteria": row.criteria,
        "audio_sha256": row.audio_sha256,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    body = r.Discussion(
        held_at=None,
        recorded_by=name_of(row.assessor),
        exchanges=(),
        held_on=row.held_on,
        duration_minutes=row.duration_minutes,
        questions=row.questions,
        answers=row.answers,
        recording=row.audio_name or "",
    )
    return r.EvidenceSection(
        key=f"discussion-{row.id}",
        ref=f"PD{row.id}",
        version=1,
        kind=Kind.PROFESSIONAL_DISCUSSION,
        title=f"Professional discussion, {uk_date(row.held_on)}",
        description="",
        status="Recorded by the assessor",
        submitted_at=row.created_at,
        criteria=tuple(row.criteria),
        body=body,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def discussion_sections(
    session: Session, learner_id: int
) -> tuple[r.EvidenceSection, ...]:
    """The learner's professional discussion records, oldest first."""
    rows = session.scalars(
        select(ProfessionalDiscussion)
        .where(ProfessionalDiscussion.learner_id == learner_id)
        .options(selectinload(ProfessionalDiscussion.assessor))
        .order_by(ProfessionalDiscussion.held_on, ProfessionalDiscussion.id)
    )
    return tuple(_discussion(row) for row in rows)
