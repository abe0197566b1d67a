"""Helpers the assessment services share: scopes, the lock, notices, criteria."""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.sql.elements import ColumnElement

from portfolio.assessment.models import Notification, UnitSignOff
from portfolio.auth import scopes
from portfolio.auth.models import Enrolment, User
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.framework.domain.spec import CriterionSpec
from portfolio.framework.models import Criterion
from portfolio.mail.services import send_mail


def current_version() -> ColumnElement[bool]:
    """Join condition: an evidence item with its current version."""
    return and_(
        EvidenceVersion.item_id == EvidenceItem.id,
        EvidenceVersion.number == EvidenceItem.current_number,
    )


def enrolment_of(session: Session, learner_id: int) -> Enrolment | None:
    """The learner's enrolment (assessor, supervisor, cohort)."""
    return session.scalars(
        select(Enrolment).where(Enrolment.learner_id == learner_id)
    ).first()


def supervisor_of(session: Session, learner_id: int) -> int | None:
    """The id of the learner's workplace supervisor, if any."""
    enrolment = enrolment_of(session, learner_id)
    return enrolment.supervisor_id if enrolment else None


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


def criterion_specs(session: Session, unit_id: int) -> list[CriterionSpec]:
    """The unit's criteria as the rules read them, in order."""
    rows = session.scalars(
        select(Criterion)
        .where(Criterion.unit_id == unit_id)
        .order_by(Criterion.order, Criterion.id)
    )
    return [row.spec for row in rows]


def notify(
    session: Session,
    user: User | None,
    notice: tuple[str, str, str],
    *,
    base_url: str,
) -> Notification | None:
    """Leave an in-app notice for ``user`` and email them through the outbox.

    ``notice`` is (kind, text, path); ``base_url`` makes the path a link in the mail.
    """
    if user is None:
        return None
    kind, text, path = notice
    row = Notification(user_id=user.id, kind=kind, text=text[:300], url=path)
    session.add(row)
    send_mail(
        session,
        user.email,
        f"Sales Order Portfolio: {text}",
        f"Hello {user.display_name},\n\n{text}\n\nOpen it here: "
        f"{base_url.rstrip('/')}{path}\n",
    )
    session.flush()
    return row
