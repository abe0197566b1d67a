"""Helpers the assessment services share: scopes, locks, notices, the unit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.assessment import rules
from portfolio.assessment.models import Notification, UnitSignOff
from portfolio.auth.models import Enrolment, User
from portfolio.errors import NotFoundError, ValidationError
from portfolio.framework.models import Unit
from portfolio.mail.services import send_mail


def config() -> Any:
    """The current app's configuration (services never read the request)."""
    from flask import current_app

    return current_app.config


def default_unit(session: Session) -> Unit:
    """The unit learners work on (the first loaded)."""
    unit = session.scalars(select(Unit).order_by(Unit.id).limit(1)).first()
    if unit is None:
        raise ValidationError("No qualification unit is loaded yet. Ask an admin.")
    return unit


def enrolment_of(session: Session, learner_id: int) -> Enrolment | None:
    """The learner's enrolment (assessor, supervisor, cohort)."""
    return session.scalars(
        select(Enrolment).where(Enrolment.learner_id == learner_id)
    ).first()


def require_assessor_of(session: Session, actor: User, learner_id: int) -> None:
    """NotFoundError unless ``actor`` assesses this learner (or is an admin)."""
    if not scopes.can_assess_learner(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")


def require_reader_of(session: Session, actor: User, learner_id: int) -> None:
    """NotFoundError unless ``actor`` may read this learner's evidence."""
    if not scopes.can_view_evidence(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")


def current_lock(session: Session, learner_id: int) -> UnitSignOff | None:
    """The newest sign-off of the learner that is not unlocked, if any."""
    return session.scalars(
        select(UnitSignOff)
        .where(UnitSignOff.learner_id == learner_id, UnitSignOff.unlocked_at.is_(None))
        .order_by(UnitSignOff.id.desc())
    ).first()


def check_unlocked(session: Session, learner_id: int) -> None:
    """ConflictError when the portfolio is signed off and locked."""
    row = current_lock(session, learner_id)
    rules.check_unlocked(row is not None and row.locked_at is not None)


def notify(
    session: Session, user: User | None, kind: str, text: str, path: str
) -> Notification | None:
    """Leave an in-app notice for ``user`` and email them through the outbox."""
    if user is None:
        return None
    row = Notification(user_id=user.id, kind=kind, text=text[:300], url=path)
    session.add(row)
    base = str(config().get("PUBLIC_BASE_URL") or "").rstrip("/")
    send_mail(
        session,
        user.email,
        f"Sales Order Portfolio: {text}",
        f"Hello {user.display_name},\n\n{text}\n\nOpen it here: {base}{path}\n",
    )
    session.flush()
    return row
