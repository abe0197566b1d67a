"""The lived-in demo centre: learners at every stage, decisions, samples, testimonies.

Deterministic per seed (names come from Faker seeded once); idempotent: it does
nothing when the caseload learners already exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from faker import Faker

from portfolio.admin import services as admin_services
from portfolio.assessment import services as assessment
from portfolio.auth.models import User
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.devdata.demo_centre.stories import play_runs, play_story
from portfolio.evidence import services as evidence

DEMO_PASSWORD = "order-desk-demo"
COHORTS = (
    ("Sales Administration, January 2026", date(2026, 1, 12), date(2027, 1, 29)),
    ("Customer Service, September 2026", date(2026, 9, 7), date(2027, 9, 24)),
)


@dataclass(frozen=True)
class Stage:
    """One demo learner: e-mail, cohort (0 or 1), and what has happened so far."""

    email: str
    cohort: int
    story: str


# Two learners per story where it helps the dashboards; order is the caseload's.
STAGES = (
    Stage("learner4@example.com", 1, "just_started"),
    Stage("learner5@example.com", 1, "just_started"),
    Stage("learner6@example.com", 1, "waiting"),
    Stage("learner7@example.com", 0, "waiting"),
    Stage("learner8@example.com", 0, "resubmitted"),
    Stage("learner9@example.com", 0, "all_met"),
    Stage("learner10@example.com", 0, "signed_off"),
    Stage("learner11@example.com", 0, "sampled_agreed"),
    Stage("learner12@example.com", 1, "sent_back"),
    Stage("learner13@example.com", 1, "testimony_signed"),
    Stage("learner14@example.com", 1, "unassigned"),
)


def _people(session: Session, fake: Faker) -> dict[str, User]:
    """The demo staff (made by ``load_demo``), plus a second assessor."""
    found = {
        key: accounts.find_user_by_email(session, f"{key}@example.com")
        for key in ("assessor", "iqa", "supervisor", "admin")
    }
    name = f"{fake.first_name()} {fake.last_name()}"
    found["assessor2"] = accounts.find_user_by_email(
        session, "assessor2@example.com"
    ) or accounts.create_user(
        session,
        email="assessor2@example.com",
        display_name=name,
        password=DEMO_PASSWORD,
        roles=(Role.ASSESSOR,),
        job_title="Assessor",
    )
    return {k: v for k, v in found.items() if v is not None}


def _cohorts(session: Session) -> list[int]:
    """The two demo cohorts (created once)."""
    have = {c.name: c for c in admin_services.list_cohorts(session)}
    ids = []
    for name, start, end in COHORTS:
        cohort = have.get(name) or admin_services.create_cohort(
            session, name=name, start_date=start, planned_end_date=end, actor=None
        )
        ids.append(cohort.id)
    return ids


def _learner(
    session: Session, fake: Faker, stage: Stage, cohort_id: int, people: dict[str, User]
) -> User:
    """Create and enrol one demo learner."""
    learner = accounts.create_user(
        session,
        email=stage.email,
        display_name=f"{fake.first_name()} {fake.last_name()}",
        password=DEMO_PASSWORD,
        roles=(Role.LEARNER,),
        job_title="Sales administration apprentice",
    )
    start, end = COHORTS[stage.cohort][1:]
    if stage.story == "just_started":  # joined the cohort late, last week
        start = utcnow().date() - timedelta(days=6)
    assessor = people["assessor2"] if stage.story == "sent_back" else people["assessor"]
    supervisor = None if stage.email == "learner5@example.com" else people["supervisor"]
    admin_services.save_enrolment(
        session,
        learner,
        actor=None,
        cohort_id=cohort_id,
        assessor_id=None if stage.story == "unassigned" else assessor.id,
        supervisor_id=supervisor.id if supervisor else None,
        start_date=start,
        planned_end_date=end,
    )
    return learner


def _testimony(
    session: Session, learner: User, supervisor: User, links: evidence.SigningLinks
) -> None:
    """A testimony the supervisor has signed in the app."""
    item = evidence.request_testimony(
        session,
        evidence.TestimonyRequest(
            witness_name=supervisor.display_name,
            witness_email=supervisor.email,
            witness_job_title=supervisor.job_title or "Supervisor",
            relationship="Line manager in the sales office",
            witnessed="Handling an urgent order from a key account by phone.",
            date_from=utcnow().date() - timedelta(days=40),
            date_to=utcnow().date() - timedelta(days=10),
            criteria=("MP2", "K2"),
            order_type="urgent",
        ),
        actor=learner,
        links=links,
    )
    sig = evidence.Signature(
        "I watched the learner confirm every line with the customer before "
        "submitting the order, and record the customer's reply in the CRM.",
        supervisor.display_name,
        supervisor.job_title or "Supervisor",
        True,
    )
    origin = evidence.Origin("127.0.0.1", "demo", "in_app", supervisor)
    assert item.testimony is not None
    evidence.sign_testimony(session, item.testimony, sig, origin=origin)


def _discussion(session: Session, learner: User, assessor: User) -> None:
    """A professional discussion the assessor recorded."""
    assessment.record_discussion(
        session,
        learner.id,
        assessment.DiscussionRecord(
            utcnow().date() - timedelta(days=6),
            25,
            "How do you decide whether a discount needs approval?",
            "Up to 5% I can agree; above that I ask my supervisor, above 15% the "
            "sales manager, and I note who approved it on the order.",
            ("K1", "K4"),
        ),
        actor=assessor,
    )


def load_demo_centre(session: Session, seed: int, links: evidence.SigningLinks) -> int:
    """Learners at every stage across two cohorts; returns how many were created."""
    if accounts.find_user_by_email(session, STAGES[0].email) is not None:
        return 0
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1000)
    people = _people(session, fake)
    cohort_ids = _cohorts(session)
    for stage in STAGES:
        learner = _learner(session, fake, stage, cohort_ids[stage.cohort], people)
        play_story(session, people, learner, stage.story)
        play_runs(session, learner, stage.story)
        if stage.story == "testimony_signed":
            _testimony(session, learner, people["supervisor"], links)
        if stage.story in {"waiting", "resubmitted", "testimony_signed"}:
            _discussion(session, learner, people["assessor"])
    return len(STAGES)


def demo_links(config: Mapping[str, Any]) -> evidence.SigningLinks:
    """Signing links as the app makes them, from its configuration."""
    base = str(config.get("PUBLIC_BASE_URL") or "")
    return evidence.SigningLinks(
        config["SECRET_KEY"],
        int(config["TESTIMONY_LINK_DAYS"]),
        lambda token: f"{base}/evidence/sign/{token}",
    )
