"""Read models of the role dashboards: what each role sees first, every count a link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from portfolio.assessment.domain.coverage import (
    CoverageState,
    CriterionCoverage,
    coverage_summary,
)
from portfolio.assessment.domain.rag import PlanStatus, plan_status
from portfolio.assessment.services.coverage import progress_with_testimonies
from portfolio.auth.models import Cohort, Enrolment, User, UserRole
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.errors import DomainError
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.models import Testimony
from portfolio.main.services.dashboard import LearnerHome

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
    session: Session, user: User, today: date, home: LearnerHome
) -> LearnerPanel:
    """The signed-in learner's dashboard figures (``home``: read with their enrolment).

    Their items per status and sign-off come with the enrolment; the coverage,
    achievement and testimonies are read once for the progress and next steps.
    """
    try:
        matrix, done, testimonies = progress_with_testimonies(
            session, user.id, actor=user
        )
    except DomainError:  # no unit loaded yet
        rows: list[CriterionCoverage] = []
        plan = None
        witness = _awaiting_witness(session, user.id)
    else:
        # The matrix loaded every testimony of the learner: count from those.
        witness = sum(t.state == TestimonyState.AWAITING for t in testimonies)
        rows = [r for _, rs in coverage_summary(matrix) for r in rs]
        plan = _plan(home, done.achieved_count, len(rows), today)
    return LearnerPanel(
        plan if rows else None,
        home.by_status,
        witness,
        tuple(r.criterion.code for r in rows if r.state == CoverageState.GAP),
        tuple(r.criterion.code for r in rows if r.state == CoverageState.CLAIMED),
        home.sign_off_waiting,
    )


def _awaiting_witness(session: Session, learner_id: int) -> int:
    """How many of the learner's testimonies wait for the witness's signature."""
    return int(
        session.scalar(
            select(func.count(Testimony.id)).where(
                Testimony.learner_id == learner_id,
                Testimony.state == TestimonyState.AWAITING,
            )
        )
        or 0
    )


def _plan(home: LearnerHome, met: int, total: int, today: date) -> PlanStatus:
    """The learner's criteria met against their plan, with their cohort's thresholds."""
    enrolment = home.enrolment
    return plan_status(
        met,
        total,
        enrolment.start_date if enrolment else None,
        enrolment.planned_end_date if enrolment else None,
        today,
        home.thresholds,
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


@cache
def _admin_counts() -> Select[Any]:
    """Every headline count in one statement, built once.

    The users per role in one pass over the roles (in ``Role`` order), the other
    counts beside them, each the statement it always was.
    """
    counts = (
        select(func.count()).select_from(User),
        select(func.count()).select_from(Cohort),
        select(func.count(Enrolment.id)),
        select(func.count(Enrolment.id)).where(MISSING["assessor"].is_(None)),
        select(func.count(Enrolment.id)).where(MISSING["supervisor"].is_(None)),
    )
    per_role = (func.count().filter(UserRole.role == role) for role in Role)
    return select(*(c.scalar_subquery() for c in counts), *per_role).select_from(
        UserRole
    )


def admin_panel(session: Session) -> AdminPanel:
    """The admin's headline counts, each matching the list it links to."""
    found = session.execute(_admin_counts()).one()
    # A role nobody holds is left out, as when the roles were grouped.
    users, cohorts, learners, no_assessor, no_supervisor, *roles = found
    return AdminPanel(
        users=int(users or 0),
        by_role={str(r): int(n) for r, n in zip(Role, roles, strict=True) if n},
        cohorts=int(cohorts or 0),
        learners=int(learners or 0),
        without_assessor=int(no_assessor or 0),
        without_supervisor=int(no_supervisor or 0),
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
