"""Read models of the role dashboards: what each role sees first, every count a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portfolio.assessment import services as assessment
from portfolio.assessment.domain.coverage import (
    CoverageState,
    CriterionCoverage,
    coverage_summary,
)
from portfolio.assessment.domain.rag import DEFAULT_THRESHOLDS, PlanStatus, plan_status
from portfolio.assessment.services.caseload import cohort_thresholds
from portfolio.assessment.services.coverage import progress_of
from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.errors import DomainError
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.models import EvidenceItem, Testimony

# What "without" may name on the learners list, and the column that is empty.
MISSING = {"assessor": Enrolment.assessor_id, "supervisor": Enrolment.supervisor_id}


@dataclass(frozen=True)
class LearnerPanel:
    """The learner's progress, what waits on whom, and next steps."""

    plan: PlanStatus | None
    by_status: dict[str, int]
    awaiting_witness: int
    gaps: tuple[str, ...]
    claimed_only: tuple[str, ...]
    sign_off_waiting: bool


def learner_panel(
    session: Session, user: User, today: date, enrolment: Enrolment | None
) -> LearnerPanel:
    """The signed-in learner's dashboard figures (``enrolment``: theirs, if any)."""
    by_status = dict(
        session.execute(
            select(EvidenceItem.status, func.count(EvidenceItem.id))
            .where(EvidenceItem.learner_id == user.id)
            .group_by(EvidenceItem.status)
        ).all()
    )
    witness = session.scalar(
        select(func.count(Testimony.id)).where(
            Testimony.learner_id == user.id,
            Testimony.state == TestimonyState.AWAITING,
        )
    )
    try:
        matrix, done = progress_of(session, user.id, actor=user)
    except DomainError:  # no unit loaded yet
        rows: list[CriterionCoverage] = []
        plan = None
    else:
        rows = [r for _, rs in coverage_summary(matrix) for r in rs]
        plan = _plan(session, enrolment, done.achieved_count, len(rows), today)
    lock = assessment.current_lock(session, user.id)
    return LearnerPanel(
        plan if rows else None,
        {str(k): int(v) for k, v in by_status.items()},
        int(witness or 0),
        tuple(r.criterion.code for r in rows if r.state == CoverageState.GAP),
        tuple(r.criterion.code for r in rows if r.state == CoverageState.CLAIMED),
        bool(lock is not None and lock.locked_at is None),
    )


def _plan(
    session: Session, enrolment: Enrolment | None, met: int, total: int, today: date
) -> PlanStatus:
    """The learner's criteria met against their plan, with their cohort's thresholds."""
    thresholds = DEFAULT_THRESHOLDS
    if enrolment is not None and enrolment.cohort_id:
        plans = cohort_thresholds(session, {enrolment.cohort_id})
        thresholds = plans.get(enrolment.cohort_id, thresholds)
    return plan_status(
        met,
        total,
        enrolment.start_date if enrolment else None,
        enrolment.planned_end_date if enrolment else None,
        today,
        thresholds,
    )


@dataclass(frozen=True)
class AdminPanel:
    """Accounts, learners missing an assessor or supervisor, recent activity."""

    users: int
    by_role: dict[str, int]
    cohorts: int
    learners: int
    without_assessor: int
    without_supervisor: int


def learners_without(session: Session, missing: str) -> list[Enrolment]:
    """Enrolled learners with no assessor (or no supervisor), by name."""
    column = MISSING[missing]
    stmt = (
        select(Enrolment)
        .join(User, User.id == Enrolment.learner_id)
        .where(column.is_(None))
        .options(joinedload(Enrolment.learner), joinedload(Enrolment.cohort))
        .order_by(User.display_name, Enrolment.id)
    )
    return list(session.scalars(stmt).unique())


def admin_panel(session: Session) -> AdminPanel:
    """The admin's headline counts, each matching the list it links to."""
    by_role = {
        str(r): int(n)
        for r, n in session.execute(
            select(UserRole.role, func.count()).group_by(UserRole.role)
        )
    }

    def missing(column: str) -> int:
        return int(
            session.scalar(
                select(func.count(Enrolment.id)).where(MISSING[column].is_(None))
            )
            or 0
        )

    return AdminPanel(
        users=session.scalar(select(func.count()).select_from(User)) or 0,
        by_role=by_role,
        cohorts=session.scalar(select(func.count()).select_from(Cohort)) or 0,
        learners=session.scalar(select(func.count(Enrolment.id))) or 0,
        without_assessor=missing("assessor"),
        without_supervisor=missing("supervisor"),
    )


def role_count(panel: AdminPanel, role: Role) -> int:
    """How many users hold ``role``."""
    return panel.by_role.get(role.value, 0)


__all__ = [
    "AdminPanel",
    "LearnerPanel",
    "admin_panel",
    "learner_panel",
    "learners_without",
    "role_count",
]
