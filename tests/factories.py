"""Plain factory functions for tests (they flush; tests commit when they need to)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from sqlalchemy.orm import Session

from portfolio.auth import passwords
from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.core.roles import Role

PASSWORD = "correct horse battery"


@cache
def _hash(password: str) -> str:
    """Hash once per password per run (Argon2 is deliberately slow)."""
    return passwords.hash_password(password)


def make_user(
    session: Session,
    email: str,
    roles: Iterable[Role | str] = (Role.LEARNER,),
    *,
    name: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    """Create a user directly (no audit row), with a cached password hash."""
    user = User(
        email=email,
        display_name=name or email.split("@")[0].title(),
        password_hash=_hash(password),
        active=active,
        role_rows=[UserRole(role=Role(r).value) for r in roles],
    )
    session.add(user)
    session.flush()
    return user


def make_enrolment(
    session: Session,
    learner: User,
    *,
    assessor: User | None = None,
    supervisor: User | None = None,
) -> Enrolment:
    """Enrol a learner on a cohort with optional assessor and supervisor."""
    cohort = session.query(Cohort).first() or Cohort(
        name="Test cohort",
        start_date=date(2026, 1, 5),
        planned_end_date=date(2026, 12, 18),
    )
    session.add(cohort)
    session.flush()
    row = Enrolment(
        learner_id=learner.id,
        cohort_id=cohort.id,
        assessor_id=assessor.id if assessor else None,
        supervisor_id=supervisor.id if supervisor else None,
        start_date=cohort.start_date,
        planned_end_date=cohort.planned_end_date,
    )
    session.add(row)
    session.flush()
    return row


def make_people(session: Session) -> dict[str, User]:
    """One user per role plus a second learner and assessor, enrolled as a caseload."""
    people = {
        "learner": make_user(session, "learner@test.example", [Role.LEARNER]),
        "learner_b": make_user(session, "learner.b@test.example", [Role.LEARNER]),
        "supervisor": make_user(session, "supervisor@test.example", [Role.SUPERVISOR]),
        "assessor": make_user(session, "assessor@test.example", [Role.ASSESSOR]),
        "assessor_b": make_user(session, "assessor.b@test.example", [Role.ASSESSOR]),
        "iqa": make_user(session, "iqa@test.example", [Role.IQA]),
        "admin": make_user(session, "admin@test.example", [Role.ADMIN]),
    }
    make_enrolment(
        session,
        people["learner"],
        assessor=people["assessor"],
        supervisor=people["supervisor"],
    )
    make_enrolment(session, people["learner_b"], assessor=people["assessor_b"])
    return people
