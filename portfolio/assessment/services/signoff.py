"""Unit sign-off: both declarations, the lock, and unlocking with a reason.

The lock is written on the enrolment (``portfolio_locked_at``) as well as on the
sign-off row, so the access checks of lower layers can read it without assessment.
"""

from __future__ import annotations

from sqlalchemy import select

from portfolio.assessment.domain import signoff as rules
from portfolio.assessment.domain.segregation import check_can_judge
from portfolio.assessment.models import UnitSignOff
from portfolio.assessment.services.achievement import achievement_for
from portfolio.assessment.services.common import (
    current_lock,
    enrolment_of,
    notify,
    require_assessor_of,
    require_reader_of,
)
from portfolio.audit.services import record_event
from portfolio.auth.models import Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.framework.services import default_unit


def sign_offs_of(session: Session, learner_id: int) -> list[UnitSignOff]:
    """Every sign-off of a learner (lock and unlock history), newest first."""
    return list(
        session.scalars(
            select(UnitSignOff)
            .where(UnitSignOff.learner_id == learner_id)
            .order_by(UnitSignOff.id.desc())
        )
    )


def _enrolled(session: Session, learner_id: int) -> Enrolment:
    """The learner's enrolment, where the lock is recorded; ConflictError if none."""
    enrolment = enrolment_of(session, learner_id)
    if enrolment is None:
        raise ConflictError(
            "This learner is not enrolled, so their unit cannot be signed off."
        )
    return enrolment


def assessor_sign_off(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    declared: bool,
    base_url: str = "",
) -> UnitSignOff:
    """The assessor declares the unit achieved; the learner declares next."""
    require_assessor_of(session, actor, learner_id)
    enrolment = _enrolled(session, learner_id)
    check_can_judge(actor.id, learner_id, enrolment.supervisor_id)
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
    text = "Your assessor signed off your unit. Make your declaration to finish."
    notice = ("sign_off", text, "/assessment/sign-off")
    notify(session, enrolment.learner, notice, base_url=base_url)
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
    enrolment = _enrolled(session, actor.id)
    row.learner_declaration = rules.LEARNER_DECLARATION
    row.learner_signed_at = row.locked_at = utcnow()
    enrolment.portfolio_locked_at = row.locked_at
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
    enrolment = enrolment_of(session, learner_id)
    if enrolment is not None:
        enrolment.portfolio_locked_at = None
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
