"""External quality assurers: time-limited read-only access to chosen learners."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select

from portfolio.assessment.services.sampling import require_iqa
from portfolio.audit.services import record_event
from portfolio.auth.grants import AccessGrant
from portfolio.auth.models import Enrolment, User, UserRole
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ValidationError

MAX_DAYS = 90


def eqa_accounts(session: Session) -> list[User]:
    """Active accounts holding the EQA role, by name."""
    return list(
        session.scalars(
            select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.EQA.value, User.active.is_(True))
            .order_by(User.display_name)
        )
    )


def enrolled_learners(session: Session) -> list[User]:
    """Every enrolled learner, by name (the learners a grant may cover)."""
    return list(
        session.scalars(
            select(User)
            .join(Enrolment, Enrolment.learner_id == User.id)
            .order_by(User.display_name, User.id)
        )
    )


def grant_access(
    session: Session,
    grantee_id: int,
    learner_ids: Iterable[int],
    days: int,
    *,
    actor: User,
) -> list[AccessGrant]:
    """Let an EQA read the chosen learners for ``days`` days; audited per learner."""
    require_iqa(actor)
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(f"Enter for how many days, from 1 to {MAX_DAYS}.", "days")
    grantee = session.get(User, grantee_id)
    if grantee is None or not grantee.has_role(Role.EQA):
        raise ValidationError("Choose the external quality assurer.", "grantee_id")
    wanted = set(learner_ids)
    enrolled = set(
        session.scalars(
            select(Enrolment.learner_id).where(Enrolment.learner_id.in_(wanted))
        )
    )
    if not wanted or wanted != enrolled:
        raise ValidationError("Choose at least one learner.", "learners")
    expires = utcnow() + timedelta(days=days)
    grants = [
        AccessGrant(
            grantee_id=grantee.id,
            learner_id=lid,
            granted_by_id=actor.id,
            expires_at=expires,
        )
        for lid in sorted(wanted)
    ]
    session.add_all(grants)
    session.flush()
    for g in grants:
        record_event(
            session,
            actor=actor,
            action="eqa.granted",
            object_type="eqa_grant",
            object_id=g.id,
            learner_id=g.learner_id,
            details={"eqa": grantee.display_name, "days": days},
        )
    return grants


def grants_of(
    session: Session, grantee: User, *, now: datetime | None = None
) -> list[AccessGrant]:
    """The EQA's unexpired grants, soonest to end first."""
    stmt = (
        select(AccessGrant)
        .where(
            AccessGrant.grantee_id == grantee.id,
            AccessGrant.expires_at > (now or utcnow()),
        )
        .order_by(AccessGrant.expires_at, AccessGrant.id)
    )
    return list(session.scalars(stmt))


def recent_grants(
    session: Session, *, actor: User, limit: int = 50
) -> list[AccessGrant]:
    """Grants made so far, newest first (for the page that makes them)."""
    require_iqa(actor)
    return list(
        session.scalars(
            select(AccessGrant).order_by(AccessGrant.id.desc()).limit(limit)
        )
    )


def record_eqa_view(
    session: Session, actor: User, path: str, learner_id: int | None
) -> None:
    """Audit one page an EQA opened."""
    record_event(
        session,
        actor=actor,
        action="eqa.viewed",
        object_type="page",
        object_id=path[:64],
        learner_id=learner_id,
        details={"page": path},
    )


__all__ = [
    "MAX_DAYS",
    "eqa_accounts",
    "enrolled_learners",
    "grant_access",
    "grants_of",
    "recent_grants",
    "record_eqa_view",
]
