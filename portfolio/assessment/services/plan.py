"""Cohort plans: each cohort's red, amber and green thresholds."""

from __future__ import annotations

from sqlalchemy import select

from portfolio.assessment.domain.rag import DEFAULT_THRESHOLDS, check_thresholds
from portfolio.assessment.models import CohortPlan
from portfolio.assessment.services.sampling import require_iqa
from portfolio.audit.services import record_event
from portfolio.auth.models import Cohort, User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ValidationError


def cohort_plans(session: Session, *, actor: User) -> list[tuple[Cohort, int, int]]:
    """Every cohort with its amber and red thresholds (defaults when unset)."""
    require_iqa(actor)
    plans = {p.cohort_id: p for p in session.scalars(select(CohortPlan))}
    rows = []
    for cohort in session.scalars(
        select(Cohort).order_by(Cohort.start_date, Cohort.id)
    ):
        plan = plans.get(cohort.id)
        amber = plan.amber_behind if plan else DEFAULT_THRESHOLDS.amber_behind
        red = plan.red_behind if plan else DEFAULT_THRESHOLDS.red_behind
        rows.append((cohort, amber, red))
    return rows


def set_cohort_plan(
    session: Session, cohort_id: int, amber: int, red: int, *, actor: User
) -> CohortPlan:
    """Set a cohort's thresholds; audited."""
    require_iqa(actor)
    if session.get(Cohort, cohort_id) is None:
        raise ValidationError("Choose the cohort.", "cohort_id")
    clean = check_thresholds(amber, red)
    plan = session.get(CohortPlan, cohort_id) or CohortPlan(cohort_id=cohort_id)
    plan.amber_behind, plan.red_behind = clean.amber_behind, clean.red_behind
    plan.updated_at = utcnow()
    session.add(plan)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="iqa.cohort_plan_set",
        object_type="cohort_plan",
        object_id=cohort_id,
        details={"amber_behind": clean.amber_behind, "red_behind": clean.red_behind},
    )
    return plan
