"""The lived-in demo centre: learners at every stage, decisions, samples, testimonies.

Deterministic per seed and relative to today: names come from Faker seeded once, and
each learner's story is a list of steps dated in days before today, played in date
order under a demo clock so that waiting times, overdue work and last activity vary.
Idempotent: it does nothing when the caseload learners already exist.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from faker import Faker

from portfolio.admin import services as admin_services
from portfolio.assessment import services as assessment
from portfolio.assessment.services.eqa import grant_access
from portfolio.auth.models import User
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.devdata.demo import DEMO_PASSWORD, demo_cohorts
from portfolio.devdata.demo_centre.clock import DemoClock, demo_clock
from portfolio.devdata.demo_centre.stories import Steps, run_steps, story_steps
from portfolio.evidence import services as evidence


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


def _cohorts(session: Session, today: date) -> list[tuple[int, date, date]]:
    """The two demo cohorts (created once): id, start and planned end."""
    have = {c.name: c for c in admin_services.list_cohorts(session)}
    ids = []
    for name, start, end in demo_cohorts(today):
        cohort = have.get(name) or admin_services.create_cohort(
            session, name=name, start_date=start, planned_end_date=end, actor=None
        )
        ids.append((cohort.id, cohort.start_date, cohort.planned_end_date))
    return ids


def _learner(
    session: Session,
    fake: Faker,
    stage: Stage,
    cohort: tuple[int, date, date],
    people: dict[str, User],
    today: date,
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
    cohort_id, start, end = cohort
    if stage.story == "just_started":  # joined the cohort late, last week
        start = today - timedelta(days=6)
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


def _testimony_steps(
    session: Session,
    learner: User,
    supervisor: User,
    links: evidence.SigningLinks,
    clock: DemoClock,
) -> Steps:
    """A testimony the learner asks for and the supervisor signs in the app."""
    yield 14
    item = evidence.request_testimony(
        session,
        evidence.TestimonyRequest(
            witness_name=supervisor.display_name,
            witness_email=supervisor.email,
            witness_job_title=supervisor.job_title or "Supervisor",
            relationship="Line manager in the sales office",
            witnessed="Handling an urgent order from a key account by phone.",
            date_from=clock.today() - timedelta(days=40),
            date_to=clock.today() - timedelta(days=2),
            criteria=("MP2", "K2"),
            order_type="urgent",
        ),
        actor=learner,
        links=links,
    )
    yield 11
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


def _discussion_steps(
    session: Session, learner: User, assessor: User, clock: DemoClock
) -> Steps:
    """A professional discussion the assessor records the day after holding it."""
    yield 7
    assessment.record_discussion(
        session,
        learner.id,
        assessment.DiscussionRecord(
            clock.today() - timedelta(days=1),
            25,
            "How do you decide whether a discount needs approval?",
            "Up to 5% I can agree; above that I ask my supervisor, above 15% the "
            "sales manager, and I note who approved it on the order.",
            ("K1", "K4"),
        ),
        actor=assessor,
    )


def _shifted(steps: Steps, days: int) -> Steps:
    """The same steps, ``days`` earlier (one learner's pace differs from another's)."""
    for day in steps:
        yield day + days


def play_in_date_order(clock: DemoClock, stories: list[Steps]) -> None:
    """Run every story's steps in date order across stories, setting the clock."""
    heap: list[tuple[float, int, Steps]] = []

    def advance(n: int, steps: Steps) -> None:
        day = next(steps, None)
        if day is not None:
            heapq.heappush(heap, (-day, n, steps))

    for n, steps in enumerate(stories):
        advance(n, steps)
    while heap:
        day, n, steps = heapq.heappop(heap)
        clock.at(-day, hour=9 + (n * 5 + int(-day)) % 8)
        advance(n, steps)


def load_demo_centre(session: Session, seed: int, links: evidence.SigningLinks) -> int:
    """Learners at every stage across two cohorts; returns how many were created."""
    if accounts.find_user_by_email(session, STAGES[0].email) is not None:
        return 0
    fake = Faker("en_GB")
    fake.seed_instance(seed + 1000)
    pace = random.Random(seed)
    with demo_clock() as clock:
        today = clock.limit.date()
        clock.at(120)
        people = _people(session, fake)
        cohorts = _cohorts(session, today)
        stories: list[Steps] = []
        for stage in STAGES:
            learner = _learner(
                session, fake, stage, cohorts[stage.cohort], people, today
            )
            late = pace.randint(0, 2)
            mine = [
                story_steps(session, people, learner, stage.story, clock),
                run_steps(session, learner, stage.story),
            ]
            if stage.story == "testimony_signed":
                mine.append(
                    _testimony_steps(
                        session, learner, people["supervisor"], links, clock
                    )
                )
            if stage.story in {"waiting", "resubmitted", "testimony_signed"}:
                mine.append(
                    _discussion_steps(session, learner, people["assessor"], clock)
                )
            stories += [_shifted(steps, late) for steps in mine]
        play_in_date_order(clock, stories)
        clock.at(3)
        _external_assurer(session, fake, people["iqa"])
    return len(STAGES)


def _external_assurer(session: Session, fake: Faker, iqa: User) -> None:
    """An EQA account with four weeks' read-only access to three learners."""
    eqa = accounts.create_user(
        session,
        email="eqa@example.com",
        display_name=f"{fake.first_name()} {fake.last_name()}",
        password=DEMO_PASSWORD,
        roles=(Role.EQA,),
        job_title="External quality assurer",
    )
    learners = [
        accounts.find_user_by_email(session, email)
        for email in (
            "learner@example.com",
            "learner9@example.com",
            "learner11@example.com",
        )
    ]
    grant_access(session, eqa.id, [u.id for u in learners if u], 28, actor=iqa)


def demo_links(config: Mapping[str, Any]) -> evidence.SigningLinks:
    """Signing links as the app makes them, from its configuration."""
    base = str(config.get("PUBLIC_BASE_URL") or "")
    return evidence.SigningLinks(
        config["SECRET_KEY"],
        int(config["TESTIMONY_LINK_DAYS"]),
        lambda token: f"{base}/evidence/sign/{token}",
    )
