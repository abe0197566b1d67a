"""The assessor's caseload against plan: every learner with their progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, Select, String, and_, bindparam, select
from sqlalchemy.sql.elements import ColumnElement

from portfolio.assessment.domain.progress import ProgressFacts
from portfolio.assessment.domain.rag import (
    DEFAULT_THRESHOLDS,
    TURNAROUND_DAYS,
    PlanStatus,
    Rag,
    Thresholds,
    plan_status,
)
from portfolio.assessment.models import CohortPlan, LearnerProgress
from portfolio.assessment.services.progress import (
    Rules,
    compute_progress,
    current_rules,
)
from portfolio.assessment.services.progress_sync import (
    STORED_COLUMNS,
    settle_progress,
    stored_facts,
)
from portfolio.auth.models import Cohort, Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import DomainError


@dataclass(frozen=True)
class CaseloadLearner:
    """The learner of a caseload row: only the name is shown."""

    id: int
    display_name: str


@dataclass(frozen=True)
class CaseloadCohort:
    """The cohort of a caseload row: only the name is shown."""

    name: str


@dataclass(frozen=True)
class CaseloadEnrolment:
    """The columns of an enrolment that the caseload reads (not the ORM row)."""

    id: int
    learner_id: int
    start_date: date | None
    planned_end_date: date | None
    learner: CaseloadLearner
    cohort: CaseloadCohort | None


@dataclass(frozen=True)
class CaseloadRow:
    """One learner on the caseload with their progress against plan."""

    enrolment: CaseloadEnrolment
    progress: ProgressFacts
    plan: PlanStatus
    waiting: int
    oldest_days: int | None
    overdue: int
    last_activity: datetime | None
    days_since: int | None

    @property
    def rag(self) -> str:
        """The RAG status against plan."""
        return self.plan.rag


def bound_caseload_scope(admin: bool) -> list[ColumnElement[bool]]:
    """Enrolments on a caseload, the actor's id bound as ``actor_id``.

    For statements built once: admins see every assessed learner, assessors their own
    (never themselves).
    """
    if admin:
        return [Enrolment.assessor_id.is_not(None)]
    actor = bindparam("actor_id", type_=Integer)
    return [Enrolment.assessor_id == actor, Enrolment.learner_id != actor]


@cache
def _caseload_ids(admin: bool) -> Select[int]:
    """The learner ids of a caseload (built once per kind of actor, then bound)."""
    return select(Enrolment.learner_id).where(*bound_caseload_scope(admin))


def caseload_learner_ids(session: Session, *, actor: User) -> list[int]:
    """The learners on the actor's caseload (what the caseload and queue show)."""
    stmt = _caseload_ids(actor.has_role(Role.ADMIN))
    return list(session.scalars(stmt, {"actor_id": actor.id}))


def cohort_thresholds(session: Session, cohort_ids: set[int]) -> dict[int, Thresholds]:
    """Each cohort's RAG thresholds (cohorts without a plan use the defaults)."""
    plans = session.scalars(
        select(CohortPlan).where(CohortPlan.cohort_id.in_(cohort_ids))
    )
    return {p.cohort_id: Thresholds(p.amber_behind, p.red_behind) for p in plans}


def _days(now: date, value: datetime | None) -> int | None:
    """Whole days from ``value`` to ``now``."""
    return (now - as_utc(value).date()).days if value else None


@cache
def _caseload_rows(admin: bool) -> Select[*tuple[Any, ...]]:
    """The caseload's enrolments by name, each with its stored row (built once).

    Columns only, not ORM rows: the learner's name, the cohort's name, the stored
    progress row (under the bound rules ``key``) and the cohort plan, one query.
    """
    return (
        select(
            Enrolment.id,
            Enrolment.learner_id,
            Enrolment.start_date,
            Enrolment.planned_end_date,
            User.display_name,
            Cohort.name,
            *STORED_COLUMNS,
            CohortPlan.amber_behind,
            CohortPlan.red_behind,
        )
        .join(User, User.id == Enrolment.learner_id)
        .outerjoin(Cohort, Cohort.id == Enrolment.cohort_id)
        .outerjoin(
            LearnerProgress,
            and_(
                LearnerProgress.learner_id == Enrolment.learner_id,
                LearnerProgress.rules_key == bindparam("key", type_=String),
            ),
        )
        .outerjoin(CohortPlan, CohortPlan.cohort_id == Enrolment.cohort_id)
        .where(*bound_caseload_scope(admin))
        .order_by(User.display_name, Enrolment.id)
    )


def _enrolments_with_facts(
    session: Session, actor: User, key: str
) -> list[tuple[CaseloadEnrolment, ProgressFacts | None, Thresholds]]:
    """The actor's enrolments by name, each with its row stored under rules ``key``.

    One query: the learner, cohort, stored progress row and cohort plan are joined.
    """
    stmt = _caseload_rows(actor.has_role(Role.ADMIN))
    found = []
    for row in session.execute(stmt, {"actor_id": actor.id, "key": key}):
        eid, lid, start, end, name, cohort, *stored, amber, red = row
        enrolment = CaseloadEnrolment(
            eid,
            lid,
            start,
            end,
            CaseloadLearner(lid, name),
            None if cohort is None else CaseloadCohort(cohort),
        )
        plan = DEFAULT_THRESHOLDS if amber is None else Thresholds(amber, red)
        found.append((enrolment, stored_facts(stored), plan))
    return found


def caseload(session: Session, *, actor: User, today: date) -> list[CaseloadRow]:
    """Every learner the actor assesses, with progress, in a fixed number of queries.

    Stored facts are read with the enrolments; a missing or outdated row is computed
    (as ``progress_for`` does). What depends on the date (plan, days, overdue) is
    derived here.
    """
    settle_progress(session)  # the caller sees its own writes
    try:
        rules: Rules | None = current_rules(session)
    except DomainError:
        rules = None  # an empty caseload needs no unit; any other does (raised below)
    found = _enrolments_with_facts(session, actor, rules.key if rules else "")
    if not found:
        return []
    if rules is None:
        rules = current_rules(session)
    missing = [e.learner_id for e, facts, _ in found if facts is None]
    computed = compute_progress(session, missing, rules) if missing else {}
    cutoff = utcnow() - timedelta(days=TURNAROUND_DAYS)
    rows = []
    for e, facts, thresholds in found:
        p = facts or computed[e.learner_id]
        status = plan_status(
            p.achieved, p.total, e.start_date, e.planned_end_date, today, thresholds
        )
        seen = p.last_activity
        rows.append(
            CaseloadRow(
                e,
                p,
                status,
                p.waiting,
                _days(today, p.oldest_waiting),
                p.overdue(cutoff),
                seen,
                _days(today, seen),
            )
        )
    return rows


# Most in need of attention first: furthest behind plan, then waiting work.
_RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}


def attention_key(row: CaseloadRow) -> tuple[int, int, int, int, str, int]:
    """Sort key: RAG, then overdue items, criteria behind, items waiting, name."""
    return (
        _RAG_RANK.get(Rag(row.rag), 3),
        -row.overdue,
        -row.plan.behind,
        -row.waiting,
        row.enrolment.learner.display_name,
        row.enrolment.id,
    )


@dataclass(frozen=True)
class CaseloadSummary:
    """Counts over the whole caseload and the learners most needing attention."""

    learners: int
    red: int
    amber: int
    waiting: int
    overdue: int
    first: tuple[CaseloadRow, ...]


def caseload_summary(
    session: Session, *, actor: User, today: date, first: int = 15
) -> CaseloadSummary:
    """The caseload's counts and its ``first`` rows by attention, for the dashboard.

    The counts cover every learner; only ``first`` rows are rendered, so the panel
    costs the same to show however big the caseload (queries are fixed either way).
    """
    rows = caseload(session, actor=actor, today=today)
    return CaseloadSummary(
        learners=len(rows),
        red=sum(1 for r in rows if r.rag == Rag.RED),
        amber=sum(1 for r in rows if r.rag == Rag.AMBER),
        waiting=sum(r.waiting for r in rows),
        overdue=sum(r.overdue for r in rows),
        first=tuple(sorted(rows, key=attention_key)[:first]),
    )
