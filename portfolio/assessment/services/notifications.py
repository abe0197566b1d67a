"""In-app notifications: the newest, how many are unread, marking them read."""

from __future__ import annotations

from sqlalchemy import func, select, update

from portfolio.assessment.models import Notification
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session


def notifications_for(
    session: Session, user: User, limit: int = 50
) -> list[Notification]:
    """The user's newest notifications."""
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.user_id == user.id)
            .order_by(Notification.id.desc())
            .limit(limit)
        )
    )


def unread_count(session: Session, user: User) -> int:
    """How many notifications the user has not marked as read."""
    return (
        session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.read_at.is_(None)
            )
        )
        or 0
    )


def mark_all_read(session: Session, *, actor: User) -> int:
    """Mark every notification of the actor as read; return how many."""
    unread = (Notification.user_id == actor.id, Notification.read_at.is_(None))
    count = unread_count(session, actor)
    session.execute(update(Notification).where(*unread).values(read_at=utcnow()))
    record_event(
        session,
        actor=actor,
        action="notifications.read",
        object_type="notification",
        details={"count": count},
    )
    return count
