"""Unit sign-off: both declarations, the lock, and unlocking with a reason."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.assessment import rules
from portfolio.assessment.models import UnitSignOff
from portfolio.assessment.services.achievement import achievement_for
from portfolio.assessment.services.common import (
    current_lock,
    default_unit,
    enrolment_of,
    notify,
    require_assessor_of,
    require_reader_of,
)
from portfolio.audit.services import record_event
from portfolio.auth.models import Role, User
from portfolio.errors import ConflictError, NotFoundError
from portfolio.core.time import utcnow


def sign_offs_of(session: Session, learner_id: int) -> list[UnitSignOff]:
    """Every sign-off of a learner (lock and unlock history), newest first."""
    return list(
        session.scalars(
            select(UnitSignOff)
            .where(UnitSignOff.learner_id == learner_id)
            .order_by(UnitSignOff.id.desc())
        )
    )


def assessor_sign_off(
    session: Session, learner_id: int, *, actor: User, declared: bool
) -> UnitSignOff:
    """The assessor declares the unit achieved; the learner declares next."""
    require_assessor_of(session, actor, learner_id)
    enrolment = enrolment_of(session, learner_id)
    rules.check_can_judge(
        actor.id, learner_id, enrolment.supervisor_id if enrolment else None
    )
    if current_lock(session, learner_id) is not None:
        raise ConflictError("This unit is already signed off or awaiting the learner.")
    rules.check_ready_for_signoff(achievement_for(session, learner_id))
    rules.check_declared(declared, "declared")
    row = UnitSignOff(
        learner_id=learner_id,
        unit_id=default_unit(session).id,
        assessor_id=actor.id,
        assessor_declaration=rules.ASSESSOR_DECLARATION,
        assessor_signed_at=utcnow(),
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="assessment.assessor_signed_off",
        object_type="unit_sign_off",
        object_id=row.id,
        learner_id=learner_id,
    )
    notify(
        session,
        enrolment.learner if enrolment else None,
        "sign_off",
        "Your assessor signed off your unit. Make your declaration to finish.",
        "/assessment/sign-off",
    )
    return row


def pending_for_learner(session: Session, actor: User) -> UnitSignOff | None:
    """The learner's sign-off that waits for (or has) their declaration."""
    if not actor.has_role(Role.LEARNER):
        raise NotFoundError("sign-off")
    return current_lock(session, actor.id)


def learner_declare(session: Session, *, actor: User, declared: bool) -> UnitSignOff:
    """The learner's authenticity declaration; the portfolio locks."""
    row = pending_for_learner(session, actor)
    if row is None or row.locked_at is not None:
        raise ConflictError("There is no sign-off waiting for your declaration.")
    rules.check_declared(declared, "declared")
    row.learner_declaration = rules.LEARNER_DECLARATION
    row.learner_signed_at = row.locked_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=actor,
        action="assessment.portfolio_locked",
        object_type="unit_sign_off",
        object_id=row.id,
        learner_id=actor.id,
    )
    return row


def unlock_portfolio(
    session: Session, learner_id: int, *, actor: User, reason: str | None
) -> UnitSignOff:
    """An IQA or admin unlocks a signed-off portfolio, giving a reason."""
    if not actor.has_role(Role.IQA, Role.ADMIN):
        raise NotFoundError(f"learner {learner_id}")
    require_reader_of(session, actor, learner_id)
    row = current_lock(session, learner_id)
    if row is None:
        raise ConflictError("This portfolio is not locked.")
    clean = rules.check_reason(reason)
    row.unlocked_at, row.unlocked_by_id, row.unlock_reason = utcnow(), actor.id, clean
    session.flush()
    record_event(
        session,
        actor=actor,
        action="assessment.portfolio_unlocked",
        object_type="unit_sign_off",
        object_id=row.id,
        learner_id=learner_id,
        details={"reason": clean},
    )
    return row
