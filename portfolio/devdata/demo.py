"""Demo data: a cohort and one or more users per role, deterministic per seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from faker import Faker

from portfolio.admin import services as admin_services
from portfolio.auth.models import User
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.typing import Session

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


DEMO_RUNS = (("standard", 101), ("urgent", 102), ("bespoke", 103))


def load_demo_portfolio(session: Session, public_base_url: str) -> int:
    """Give the first demo learner finished simulator runs, evidence and a testimony.

    Idempotent: does nothing when the learner already has simulator runs. Returns the
    number of evidence items created.
    """
    from flask import current_app

    from portfolio.evidence.services import (
        SigningLinks,
        TestimonyRequest,
        request_testimony,
    )
    from portfolio.evidence.services.simulator_records import (
        create_simulator_work_products,
    )
    from portfolio.evidence.services.workflow import submit_item
    from portfolio.simulator import domain as engine
    from portfolio.simulator import services as sim

    learner = accounts.find_user_by_email(session, "learner@example.com")
    if learner is None or sim.list_runs(session, learner_id=learner.id)[1]:
        return 0
    items = []
    for scenario_type, seed in DEMO_RUNS:
        run = sim.start_run(
            session,
            actor=learner,
            scenario_type=scenario_type,
            difficulty="medium",
            seed=seed,
        )
        loaded = sim.load_run(session, run)
        for action in engine.perfect_actions(loaded.company, loaded.scenario):
            sim.take_action(
                session,
                run.id,
                actor=learner,
                kind=action.kind,
                params=dict(action.params),
            )
        docs = sim.run_documents(session, run.id, actor=learner)
        items += create_simulator_work_products(
            session, learner=learner, run_id=run.id, actor=learner, **docs
        )
    submit_item(session, items[0].id, actor=learner)
    supervisor = accounts.find_user_by_email(session, "supervisor@example.com")
    assert supervisor is not None, "load_demo creates the supervisor first"
    request_testimony(
        session,
        TestimonyRequest(
            witness_name=supervisor.display_name,
            witness_email=supervisor.email,
            witness_job_title=supervisor.job_title or "Supervisor",
            relationship="Line manager in the sales office",
            witnessed="Taking and entering customer orders on the phone and by email, "
            "checking stock and confirming orders in writing before submitting them.",
            date_from=date(2026, 3, 2),
            date_to=date(2026, 6, 26),
            criteria=("MP1", "MP2", "K2"),
            order_type="standard",
        ),
        actor=learner,
        links=SigningLinks(
            current_app.config["SECRET_KEY"],
            int(current_app.config["TESTIMONY_LINK_DAYS"]),
            lambda token: f"{public_base_url}/evidence/sign/{token}",
        ),
    )
    return len(items) + 1
