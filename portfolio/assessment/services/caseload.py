"""The assessor's caseload against plan, and the queue of submitted evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload, selectinload
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
from portfolio.assessment.models import CohortPlan
from portfolio.assessment.services.progress_sync import progress_for
from portfolio.auth.models import Enrolment, User
from portfolio.core.roles import Role
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem, EvidenceVersion


@dataclass(frozen=True)
class CaseloadRow:
    """One learner on the caseload with their progress against plan."""

    enrolment: Enrolment
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


def _scope(actor: User) -> list[ColumnElement[bool]]:
    """Enrolments the actor assesses (admins see every assessed learner)."""
    if actor.has_role(Role.ADMIN):
        return [Enrolment.assessor_id.is_not(None)]
    return [Enrolment.assessor_id == actor.id, Enrolment.learner_id != actor.id]


def caseload_learner_ids(session: Session, *, actor: User) -> list[int]:
    """The learners on the actor's caseload (what the caseload and queue show)."""
    return list(session.scalars(select(Enrolment.learner_id).where(*_scope(actor))))


def _current_version() -> ColumnElement[bool]:
    """Join condition: an item with its current version."""
    return and_(
        EvidenceVersion.item_id == EvidenceItem.id,
        EvidenceVersion.number == EvidenceItem.current_number,
    )


def cohort_thresholds(session: Session, cohort_ids: set[int]) -> dict[int, Thresholds]:
    """Each cohort's RAG thresholds (cohorts without a plan use the defaults)."""
    plans = session.scalars(
        select(CohortPlan).where(CohortPlan.cohort_id.in_(cohort_ids))
    )
    return {p.cohort_id: Thresholds(p.amber_behind, p.red_behind) for p in plans}


def _days(now: date, value: datetime | None) -> int | None:
    """Whole days from ``value`` to ``now``."""
    return (now - as_utc(value).date()).days if value else None


def caseload(session: Session, *, actor: User, today: date) -> list[CaseloadRow]:
    """Every learner the actor assesses, with progress, in a fixed number of queries."""
    enrolments = list(
        session.scalars(
            select(Enrolment)
            .where(*_scope(actor))
            .options(
                # names and cohorts only: the learners' roles are not read here
                joinedload(Enrolment.learner).lazyload(User.role_rows),
                joinedload(Enrolment.cohort),
            )
            .join(User, User.id == Enrolment.learner_id)
            .order_by(User.display_name, Enrolment.id)
        ).unique()
    )
    ids = [e.learner_id for e in enrolments]
    if not ids:
        return []
    # Stored facts; what depends on the date (plan, days, overdue) is derived here.
    progress = progress_for(session, ids)
    cutoff = utcnow() - timedelta(days=TURNAROUND_DAYS)
    plans = cohort_thresholds(session, {e.cohort_id for e in enrolments if e.cohort_id})
    rows = []
    for e in enrolments:
        p = progress[e.learner_id]
        thresholds = plans.get(e.cohort_id or 0, DEFAULT_THRESHOLDS)
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


def evidence_queue(
    session: Session,
    *,
    actor: User,
    page: int = 1,
    per_page: int = 25,
    learner_id: int | None = None,
    overdue: bool = False,
) -> tuple[list[EvidenceItem], int]:
    """Submitted items across the actor's caseload, oldest submission first.

    ``learner_id`` narrows to one learner; ``overdue`` to items waiting longer than
    the turnaround, so that each caseload count links to exactly what it counts.
    """
    learners = select(Enrolment.learner_id).where(*_scope(actor))
    where = [
        EvidenceItem.status == Status.SUBMITTED,
        EvidenceItem.learner_id.in_(learners),
    ]
    if learner_id is not None:
        where.append(EvidenceItem.learner_id == learner_id)
    if overdue:
        cutoff = utcnow() - timedelta(days=TURNAROUND_DAYS)
        where.append(EvidenceVersion.submitted_at < cutoff)
    total = (
        session.scalar(
            select(func.count(EvidenceItem.id))
            .join(EvidenceVersion, _current_version())
            .where(*where)
        )
        or 0
    )
    stmt = (
        select(EvidenceItem)
        .join(EvidenceVersion, _current_version())
        .where(*where)
        .options(
            # names only: the learners' roles are not read here
            joinedload(EvidenceItem.learner).lazyload(User.role_rows),
            selectinload(EvidenceItem.current).selectinload(EvidenceVersion.claims),
        )
        .order_by(EvidenceVersion.submitted_at, EvidenceItem.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(session.scalars(stmt).unique()), total
