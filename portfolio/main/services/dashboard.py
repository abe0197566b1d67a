"""Read models for the role dashboards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    bindparam,
    func,
    select,
)
from sqlalchemy.orm import InstrumentedAttribute, joinedload

from portfolio.assessment.domain.rag import DEFAULT_THRESHOLDS, Thresholds
from portfolio.assessment.models import CohortPlan, UnitSignOff
from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.badges import services as badge_services
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem
from portfolio.simulator.models import SimulationRun


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
class EnrolmentNames:
    """The learner's enrolment as their dashboard shows it: names and dates, no rows."""

    cohort: str | None  # the cohort's name; None: no cohort
    assessor: str | None  # display names; None: nobody assigned
    supervisor: str | None
    start_date: date | None
    planned_end_date: date | None


@dataclass(frozen=True)
class LearnerHome:
    """What the learner's dashboard shows around their coverage, read together."""

    enrolment: EnrolmentNames | None
    thresholds: Thresholds  # the cohort's plan, else the defaults
    run_total: int
    by_status: dict[str, int]  # items per status, statuses without items left out
    sign_off_waiting: bool  # the newest sign-off not unlocked awaits the learner
    has_badge: bool  # as ``badges.services.has_badge``, for the navigation


def _name_of(person: InstrumentedAttribute[int | None]) -> ScalarSelect[str]:
    """The display name of the enrolment's person in ``person`` (None: nobody)."""
    return select(User.display_name).where(User.id == person).scalar_subquery()


def _learner_facts(learner_id: BindParameter[int]) -> list[ColumnElement[Any]]:
    """A badge held, runs started, the newest open sign-off's state."""
    runs = select(func.count(SimulationRun.id)).where(
        SimulationRun.learner_id == learner_id
    )
    # As ``current_lock``: the newest sign-off that is not unlocked, if any.
    waiting = (
        select(UnitSignOff.locked_at.is_(None))
        .where(UnitSignOff.learner_id == learner_id, UnitSignOff.unlocked_at.is_(None))
        .order_by(UnitSignOff.id.desc())
        .limit(1)
    )
    return [
        badge_services.has_badge_clause(learner_id),
        runs.scalar_subquery(),
        waiting.scalar_subquery(),
    ]


@cache
def _home_statement() -> Select[Any]:
    """The learner's facts with their enrolment, if any: built once, then bound.

    One row whether or not the learner is enrolled: the items per status (one
    pass, a count per status) are the row the enrolment is outer-joined to. The
    names are single-row subqueries and plain columns, not four joined ORM rows:
    five joined tables took longer to plan than to run (PostgreSQL kept planning
    it afresh), and loading the people's whole rows cost more than the names.
    """
    learner_id = bindparam("learner_id", type_=Integer)
    counts = (
        select(*(func.count().filter(EvidenceItem.status == s) for s in Status))
        .where(EvidenceItem.learner_id == learner_id)
        .subquery()
    )
    cohort = select(Cohort.name).where(Cohort.id == Enrolment.cohort_id)
    return (
        select(
            Enrolment.id,
            cohort.scalar_subquery(),
            _name_of(Enrolment.assessor_id),
            _name_of(Enrolment.supervisor_id),
            Enrolment.start_date,
            Enrolment.planned_end_date,
            CohortPlan.amber_behind,
            CohortPlan.red_behind,
            *_learner_facts(learner_id),
            *counts.c,
        )
        .select_from(counts)
        .outerjoin(Enrolment, Enrolment.learner_id == learner_id)
        .outerjoin(CohortPlan, CohortPlan.cohort_id == Enrolment.cohort_id)
    )


def learner_home(session: Session, learner_id: int) -> LearnerHome:
    """What the learner's dashboard reads around the coverage, in one query.

    The enrolment as ``enrolments_where(learner_id=...)`` shows it (the names of
    the cohort and people, the dates), the cohort's plan as ``cohort_thresholds``,
    the runs as ``list_runs`` counts them, the items per status, whether a sign-off
    waits for the learner's declaration (as ``current_lock``) and a badge is held.
    """
    row = session.execute(_home_statement(), {"learner_id": learner_id}).one()
    enrolment_id, cohort, assessor, supervisor, start, end, amber, red = row[:8]
    badge, runs, waiting, *counts = row[8:]
    enrolment = (
        None
        if enrolment_id is None
        else EnrolmentNames(cohort, assessor, supervisor, start, end)
    )
    return LearnerHome(
        enrolment,
        DEFAULT_THRESHOLDS if amber is None or red is None else Thresholds(amber, red),
        int(runs or 0),
        {str(s): int(n) for s, n in zip(Status, counts, strict=True) if n},
        bool(waiting),
        bool(badge),
    )


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
