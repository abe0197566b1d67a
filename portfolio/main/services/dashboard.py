"""Read models for the role dashboards."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.core.roles import Role
from portfolio.core.typing import Session


def supervised_ids(session: Session, supervisor_id: int) -> list[int]:
    """The learners a workplace supervisor oversees."""
    return list(
        session.scalars(
            select(Enrolment.learner_id).where(Enrolment.supervisor_id == supervisor_id)
        )
    )


def enrolments_where(session: Session, **filters: int) -> list[Enrolment]:
    """Enrolments matching column filters, with people and cohort loaded in one go."""
    stmt = (
        select(Enrolment)
        .filter_by(**filters)
        .options(  # people with their roles in the same query, not one query each
            joinedload(Enrolment.learner).joinedload(User.role_rows),
            joinedload(Enrolment.assessor).joinedload(User.role_rows),
            joinedload(Enrolment.supervisor).joinedload(User.role_rows),
            joinedload(Enrolment.cohort),
        )
        .join(User, Enrolment.learner_id == User.id)
        .order_by(User.display_name)
    )
    return list(session.scalars(stmt).unique())


@dataclass(frozen=True)
class AdminCounts:
    """Headline numbers for the admin dashboard."""

    users: int
    by_role: dict[str, int]
    cohorts: int
    unassigned_learners: int


def admin_counts(session: Session) -> AdminCounts:
    """Count users per role, cohorts and learners without an assessor."""
    by_role = dict(
        session.execute(
            select(UserRole.role, func.count()).group_by(UserRole.role)
        ).all()
    )
    learners_with = select(Enrolment.learner_id).where(
        Enrolment.assessor_id.is_not(None)
    )
    unassigned = session.scalar(
        select(func.count())
        .select_from(UserRole)
        .where(
            UserRole.role == Role.LEARNER.value, UserRole.user_id.not_in(learners_with)
        )
    )
    return AdminCounts(
        users=session.scalar(select(func.count()).select_from(User)) or 0,
        by_role=by_role,
        cohorts=session.scalar(select(func.count()).select_from(Cohort)) or 0,
        unassigned_learners=unassigned or 0,
    )
