"""Task lists per role, in-app notifications, and the learner's audit trail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portfolio.assessment.models import Notification, Sample
from portfolio.assessment.services.caseload import evidence_queue
from portfolio.assessment.services.common import require_reader_of
from portfolio.audit import services as audit
from portfolio.auth.models import Role, User
from portfolio.evidence.models import EvidenceItem, Testimony
from portfolio.core.time import utcnow


@dataclass(frozen=True)
class Task:
    """One line of a task list: what, how many, and where to do it."""

    label: str
    count: int
    endpoint: str
    args: tuple[tuple[str, Any], ...] = ()


def task_list(session: Session, user: User) -> list[Task]:
    """The signed-in user's tasks for every role they hold."""
    tasks: list[Task] = []
    if user.has_role(Role.ASSESSOR):
        _items, waiting = evidence_queue(session, actor=user, per_page=1)
        tasks.append(Task("Evidence to judge", waiting, "assessment.queue"))
    if user.has_role(Role.IQA):
        due = session.scalar(
            select(func.count(Sample.id)).where(
                Sample.state == "due", Sample.assessor_id != user.id
            )
        )
        tasks.append(Task("Samples due", due or 0, "assessment.samples"))
    if user.has_role(Role.LEARNER):
        returned = session.scalar(
            select(func.count(EvidenceItem.id)).where(
                EvidenceItem.learner_id == user.id, EvidenceItem.status == "returned"
            )
        )
        tasks.append(
            Task(
                "Returned evidence to act on",
                returned or 0,
                "evidence.index",
                (("status", "returned"),),
            )
        )
        replies = session.scalar(
            select(func.count(Testimony.id))
            .join(EvidenceItem, EvidenceItem.id == Testimony.item_id)
            .where(
                Testimony.learner_id == user.id,
                Testimony.state.in_(("signed", "declined")),
                EvidenceItem.status == "draft",
            )
        )
        tasks.append(
            Task(
                "Testimony replies to submit or follow up",
                replies or 0,
                "evidence.index",
                (("status", "draft"),),
            )
        )
    if user.has_role(Role.SUPERVISOR):
        awaiting = session.scalar(
            select(func.count(Testimony.id)).where(
                func.lower(Testimony.witness_email) == user.email.lower(),
                Testimony.state == "awaiting",
            )
        )
        tasks.append(
            Task("Testimonies to sign", awaiting or 0, "evidence.witness_list")
        )
    return tasks


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
    result = session.execute(
        update(Notification)
        .where(Notification.user_id == actor.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    count = result.rowcount or 0
    audit.record_event(
        session,
        actor=actor,
        action="notifications.read",
        object_type="notification",
        details={"count": count},
    )
    return count


@dataclass(frozen=True)
class AuditTrail:
    """A learner's events plus the result of verifying the whole chain."""

    events: list
    intact: bool
    broken_at: int | None
    reason: str | None


def learner_audit(session: Session, learner_id: int, *, actor: User) -> AuditTrail:
    """The learner's audit trail, with the chain verified now."""
    require_reader_of(session, actor, learner_id)
    events = audit.events_for_learner(session, learner_id, limit=500)
    broken = audit.verify_chain(session)
    if broken is None:
        return AuditTrail(events, True, None, None)
    return AuditTrail(events, False, broken.id, broken.reason)
