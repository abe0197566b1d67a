"""Demo data: a cohort and one or more users per role, deterministic per seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from faker import Faker
from sqlalchemy.orm import Session

from portfolio.admin import services as admin_services
from portfolio.auth import services as accounts
from portfolio.auth.models import Role, User

DEMO_PASSWORD = "order-desk-demo"


@dataclass(frozen=True)
class DemoLogin:
    """One demo account as printed for the person running the demo."""

    email: str
    name: str
    roles: tuple[str, ...]


PEOPLE = (
    ("admin@example.com", (Role.ADMIN,), "Centre administrator"),
    ("assessor@example.com", (Role.ASSESSOR,), "Assessor"),
    ("iqa@example.com", (Role.IQA,), "Internal quality assurer"),
    ("supervisor@example.com", (Role.SUPERVISOR,), "Sales office supervisor"),
    ("learner@example.com", (Role.LEARNER,), "Sales administrator (apprentice)"),
    ("learner2@example.com", (Role.LEARNER,), "Sales administrator (apprentice)"),
    ("learner3@example.com", (Role.LEARNER,), "Customer service apprentice"),
)


def _person(
    session: Session, fake: Faker, email: str, roles: tuple[Role, ...], title: str
) -> User:
    """Find or create one demo user (a name is drawn either way, for determinism)."""
    name = f"{fake.first_name()} {fake.last_name()}"
    existing = accounts.find_user_by_email(session, email)
    if existing is not None:
        return existing
    return accounts.create_user(
        session,
        email=email,
        display_name=name,
        password=DEMO_PASSWORD,
        roles=roles,
        job_title=title,
    )


def load_demo(session: Session, seed: int = 1) -> list[DemoLogin]:
    """Create (or find) the demo cohort and people; return their logins."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    users = {
        email: _person(session, fake, email, roles, title)
        for email, roles, title in PEOPLE
    }
    cohorts = {c.name: c for c in admin_services.list_cohorts(session)}
    cohort = cohorts.get(
        "Sales Administration, January 2026"
    ) or admin_services.create_cohort(
        session,
        name="Sales Administration, January 2026",
        start_date=date(2026, 1, 12),
        planned_end_date=date(2027, 1, 29),
        actor=None,
    )
    for email, *_ in PEOPLE:
        learner = users[email]
        if (
            Role.LEARNER in learner.roles
            and admin_services.find_enrolment(session, learner) is None
        ):
            admin_services.save_enrolment(
                session,
                learner,
                actor=None,
                cohort_id=cohort.id,
                assessor_id=users["assessor@example.com"].id,
                supervisor_id=users["supervisor@example.com"].id,
                start_date=cohort.start_date,
                planned_end_date=cohort.planned_end_date,
            )
    return [
        DemoLogin(u.email, u.display_name, tuple(sorted(r.value for r in u.roles)))
        for u in users.values()
    ]
