"""Admin use cases: cohorts and enrolments (user accounts live in auth.services)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portfolio.audit.services import record_event
from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError, ValidationError


def list_users(
    session: Session, *, page: int, per_page: int = 25, role: str | None = None
) -> tuple[list[User], int]:
    """One page of users (optionally of one role) and the total count."""
    stmt = select(User)
    if role:
        stmt = stmt.where(
            User.id.in_(select(UserRole.user_id).where(UserRole.role == role))
        )
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.options(selectinload(User.role_rows))
        .order_by(User.display_name)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(rows), total


def users_with_role(session: Session, role: Role) -> list[User]:
    """Active users holding ``role``, by name."""
    stmt = (
        select(User)
        .join(UserRole)
        .where(UserRole.role == role.value, User.active.is_(True))
        .order_by(User.display_name)
    )
    return list(session.scalars(stmt))


def list_cohorts(session: Session) -> list[Cohort]:
    """Every cohort, newest first."""
    return list(session.scalars(select(Cohort).order_by(Cohort.start_date.desc())))


def create_cohort(
    session: Session, *, name: str, start_date: date, planned_end_date: date, actor: Any
) -> Cohort:
    """Create a cohort; names are unique and the end follows the start."""
    name = name.strip()
    if session.scalar(select(Cohort.id).where(Cohort.name == name)):
        raise ValidationError("A cohort with this name already exists.", "name")
    if planned_end_date <= start_date:
        raise ValidationError(
            "The planned end date must be after the start date.", "planned_end_date"
        )
    cohort = Cohort(name=name, start_date=start_date, planned_end_date=planned_end_date)
    session.add(cohort)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="cohort.create",
        object_type="cohort",
        object_id=cohort.id,
        details={"name": name},
    )
    return cohort


def find_enrolment(session: Session, learner: User) -> Enrolment | None:
    """The learner's enrolment, if one was saved; NotFoundError for non-learners."""
    if not learner.has_role(Role.LEARNER):
        raise NotFoundError(f"learner {learner.id}")
    stmt = select(Enrolment).where(Enrolment.learner_id == learner.id)
    return session.scalars(stmt).first()


def _check_role(session: Session, user_id: int | None, role: Role, field: str) -> None:
    """A chosen assessor or supervisor must hold that role."""
    if user_id is None:
        return
    user = session.get(User, user_id)
    if user is None or not user.has_role(role) or not user.active:
        raise ValidationError(f"Choose an active {role.value}.", field)


def save_enrolment(
    session: Session, learner: User, *, actor: Any, **values: Any
) -> Enrolment:
    """Assign cohort, assessor, supervisor and dates to a learner."""
    enrolment = find_enrolment(session, learner) or Enrolment(learner_id=learner.id)
    _check_role(session, values.get("assessor_id"), Role.ASSESSOR, "assessor_id")
    _check_role(session, values.get("supervisor_id"), Role.SUPERVISOR, "supervisor_id")
    if enrolment.learner_id in (values.get("assessor_id"), values.get("supervisor_id")):
        raise ValidationError(
            "A learner cannot assess or supervise themselves.", "assessor_id"
        )
    start, end = values.get("start_date"), values.get("planned_end_date")
    if start and end and end <= start:
        raise ValidationError(
            "The planned end date must be after the start date.", "planned_end_date"
        )
    for key, value in values.items():
        setattr(enrolment, key, value)
    session.add(enrolment)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="enrolment.update",
        object_type="enrolment",
        object_id=enrolment.id,
        learner_id=enrolment.learner_id,
        details={
            k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()
        },
    )
    return enrolment
