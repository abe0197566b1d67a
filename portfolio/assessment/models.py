"""Assessment rows: decisions and judgements, discussions, sign-off, IQA, notices."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    DDL,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portfolio.assessment.domain.sampling import SampleState
from portfolio.assessment.domain.signoff import SignOffState
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.errors import ConflictError
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.extensions import Model
from portfolio.framework.models import Criterion


class JudgementImmutableError(ConflictError):
    """A recorded judgement was about to be changed in place (SECURITY #34)."""


class ItemDecision(Model):
    """The assessor's accept-or-return decision on one submitted version."""

    __tablename__ = "item_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_item.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("evidence_version.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int] = mapped_column(Integer)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20))
    actions: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    # Set when an IQA sends the decision back: it no longer counts.
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    item: Mapped[EvidenceItem] = relationship()
    version: Mapped[EvidenceVersion] = relationship()
    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    judgements: Mapped[list[Judgement]] = relationship(
        back_populates="item_decision",
        cascade="all, delete-orphan",
        order_by="Judgement.id",
    )
    sample: Mapped[Sample | None] = relationship(back_populates="decision")

    @property
    def current(self) -> bool:
        """Not reopened by an IQA."""
        return self.reopened_at is None


class Judgement(Model):
    """One criterion's decision (met / not yet met) and feedback; never edited."""

    __tablename__ = "judgement"
    __table_args__ = (UniqueConstraint("decision_id", "criterion_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("item_decision.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("criterion.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(20))
    feedback: Mapped[str] = mapped_column(Text, default="")
    # Whether the learner claimed it, or the assessor added it.
    claimed: Mapped[bool] = mapped_column(default=True)
    item_decision: Mapped[ItemDecision] = relationship(back_populates="judgements")
    criterion: Mapped[Criterion] = relationship(lazy="joined")


class ProfessionalDiscussion(Model):
    """An assessor's record of a professional discussion with a learner."""

    __tablename__ = "professional_discussion"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    questions: Mapped[str] = mapped_column(Text)
    answers: Mapped[str] = mapped_column(Text)
    criteria_codes: Mapped[str] = mapped_column(Text, default="[]")
    audio_sha256: Mapped[str | None] = mapped_column(String(64))
    audio_name: Mapped[str | None] = mapped_column(String(255))
    audio_media_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])

    @property
    def criteria(self) -> list[str]:
        """The criterion codes the discussion covered."""
        return json.loads(self.criteria_codes or "[]")


class UnitSignOff(Model):
    """A unit sign-off: both declarations, the lock, and its unlock (if any)."""

    __tablename__ = "unit_sign_off"
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    assessor_declaration: Mapped[str] = mapped_column(Text)
    assessor_signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    learner_declaration: Mapped[str | None] = mapped_column(Text)
    learner_signed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unlocked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unlocked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    unlock_reason: Mapped[str | None] = mapped_column(Text)
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])
    unlocked_by: Mapped[User | None] = relationship(foreign_keys=[unlocked_by_id])

    @property
    def state(self) -> SignOffState:
        """Awaiting the learner, locked, or unlocked again."""
        if self.unlocked_at is not None:
            return SignOffState.UNLOCKED
        if self.locked_at is not None:
            return SignOffState.LOCKED
        return SignOffState.AWAITING_LEARNER


class SamplingPlan(Model):
    """How much of one assessor's work the IQA samples."""

    __tablename__ = "sampling_plan"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessor_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    rate: Mapped[int] = mapped_column(Integer, default=25)
    new_assessor: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])


class Sample(Model):
    """One decision selected for IQA review and the IQA's verdict."""

    __tablename__ = "iqa_sample"
    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(
        ForeignKey("item_decision.id", ondelete="CASCADE"), unique=True
    )
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default=SampleState.DUE, index=True)
    selected_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    iqa_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    feedback: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version_id: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version_id}

    decision: Mapped[ItemDecision] = relationship(back_populates="sample")
    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])
    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    iqa: Mapped[User | None] = relationship(foreign_keys=[iqa_id])


class Notification(Model):
    """An in-app message for one user (also sent by email through the outbox)."""

    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


@event.listens_for(Judgement, "before_update")
def _judgement_is_final(_mapper: Any, _conn: Any, target: Judgement) -> None:
    """Refuse any change to a recorded judgement: amend by deciding again."""
    attrs = inspect(target).attrs
    if any(
        attrs[n].history.has_changes()
        for n in ("decision", "feedback", "criterion_id", "decision_id", "claimed")
    ):
        raise JudgementImmutableError("A recorded judgement cannot be changed.")


# A database-level guard as well (SECURITY #34): judgements are never updated.
JUDGEMENT_TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS judgement_no_update BEFORE UPDATE ON judgement "
        "BEGIN SELECT RAISE(ABORT, 'judgement is immutable'); END"
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION judgement_immutable() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'judgement is immutable'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER judgement_no_update BEFORE UPDATE ON judgement "
        "FOR EACH ROW EXECUTE FUNCTION judgement_immutable()",
    ],
}
for _dialect, _statements in JUDGEMENT_TRIGGERS.items():
    for _statement in _statements:
        event.listen(
            Judgement.__table__,
            "after_create",
            DDL(_statement).execute_if(dialect=_dialect),
        )


class CohortPlan(Model):
    """A cohort's RAG thresholds: criteria behind plan that turn amber and red."""

    __tablename__ = "cohort_plan"
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohort.id", ondelete="CASCADE"), primary_key=True
    )
    amber_behind: Mapped[int] = mapped_column(Integer, default=2)
    red_behind: Mapped[int] = mapped_column(Integer, default=4)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )


class EqaLink(Model):
    """An e-mailed, signed link that lets an EQA in with a one-time code.

    The link lives as long as the grants it came with; each code works once, and
    only its hash is stored.
    """

    __tablename__ = "eqa_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    rid: Mapped[str] = mapped_column(String(64), unique=True)
    grantee_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    granted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    code_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LearnerProgress(Model):
    """One learner's caseload facts, recomputed whenever a write changes them.

    ``services.progress`` keeps it in step in the writing transaction; values that
    depend on the date are derived from it when read (``domain.progress``).
    """

    __tablename__ = "learner_progress"
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    # What achievement was counted against: a row under other rules is not used.
    rules_key: Mapped[str] = mapped_column(String(32))
    achieved: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    waiting: Mapped[int] = mapped_column(Integer, default=0)
    oldest_waiting_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Submission times of the waiting items (JSON, microseconds since the epoch).
    waiting_since: Mapped[str] = mapped_column(Text, default="[]")
    last_activity_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow
    )
