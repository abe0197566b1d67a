"""Demo data: a cohort and one or more users per role, deterministic per seed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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


def demo_cohorts(today: date) -> tuple[tuple[str, date, date], ...]:
    """The two demo cohorts, dated from ``today``: one well on, one a term in.

    Names carry the starting month, as centres name their intakes.
    """
    sales = today - timedelta(days=280)
    service = today - timedelta(days=150)
    return (
        (f"Sales Administration, {sales:%B %Y}", sales, sales + timedelta(days=385)),
        (f"Customer Service, {service:%B %Y}", service, service + timedelta(days=365)),
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
    from portfolio.devdata.demo_centre.clock import demo_clock

    with demo_clock() as clock:  # the centre opened before its first cohort
        clock.at(290)
        return _load_people(session, seed, clock.limit.date())


def _load_people(session: Session, seed: int, today: date) -> list[DemoLogin]:
    """The demo staff and first learners, enrolled on the first cohort."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    users = {
        email: _person(session, fake, email, roles, title)
        for email, roles, title in PEOPLE
    }
    cohorts = {c.name: c for c in admin_services.list_cohorts(session)}
    name, start, end = demo_cohorts(today)[0]
    cohort = cohorts.get(name) or admin_services.create_cohort(
        session, name=name, start_date=start, planned_end_date=end, actor=None
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
    from portfolio.devdata.demo_centre.clock import demo_clock
    from portfolio.devdata.demo_centre.stories import judge
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
    with demo_clock() as clock:
        for days_ago, (scenario_type, seed) in zip((9, 8, 6), DEMO_RUNS, strict=True):
            clock.at(days_ago, hour=10)
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
        clock.at(8, hour=15)  # one record is judged already, so decisions show
        submit_item(session, items[1].id, actor=learner)
        clock.at(6, hour=10)
        judge(session, _assessor(session), items[1].id)
        clock.at(5, hour=14)
        submit_item(session, items[0].id, actor=learner)
        clock.at(4, hour=11)
        _ask_supervisor(session, learner, clock.today(), public_base_url)
    return len(items) + 1


def _assessor(session: Session) -> User:
    """The demo assessor (``load_demo`` makes them first)."""
    found = accounts.find_user_by_email(session, "assessor@example.com")
    assert found is not None, "load_demo creates the assessor first"
    return found


def _ask_supervisor(
    session: Session, learner: User, today: date, public_base_url: str
) -> None:
    """The first learner asks their supervisor for a witness testimony."""
    from flask import current_app

    from portfolio.evidence.services import (
        SigningLinks,
        TestimonyRequest,
        request_testimony,
    )

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
            date_from=today - timedelta(days=120),
            date_to=today - timedelta(days=7),
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
