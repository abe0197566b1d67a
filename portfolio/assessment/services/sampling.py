"""IQA: sampling plans, the sample queue, agree or send back."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from portfolio.assessment.domain import sampling
from portfolio.assessment.domain.sampling import SampleState
from portfolio.assessment.domain.segregation import check_can_sample
from portfolio.assessment.models import ItemDecision, Sample, SamplingPlan
from portfolio.assessment.services.common import notify
from portfolio.audit.services import record_event
from portfolio.auth.models import User, UserRole
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem


def require_iqa(actor: User) -> None:
    """Only IQAs and admins manage sampling."""
    if not actor.has_role(Role.IQA, Role.ADMIN):
        raise NotFoundError("sampling")


def plans(session: Session, *, actor: User) -> list[tuple[User, SamplingPlan | None]]:
    """Every assessor with their plan (None means new: 100%)."""
    require_iqa(actor)
    assessors = session.scalars(
        select(User)
        .join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.ASSESSOR.value)
        .order_by(User.display_name)
    ).all()
    by_assessor = {p.assessor_id: p for p in session.scalars(select(SamplingPlan))}
    return [(a, by_assessor.get(a.id)) for a in assessors]


def set_plan(
    session: Session,
    assessor_id: int,
    *,
    actor: User,
    rate: int | None,
    new_assessor: bool,
) -> SamplingPlan:
    """Create or change one assessor's sampling plan."""
    require_iqa(actor)
    assessor = session.get(User, assessor_id)
    if assessor is None or not assessor.has_role(Role.ASSESSOR):
        raise NotFoundError(f"assessor {assessor_id}")
    clean = sampling.check_rate(rate)
    plan = session.scalars(
        select(SamplingPlan).where(SamplingPlan.assessor_id == assessor_id)
    ).first() or SamplingPlan(assessor_id=assessor_id)
    plan.rate, plan.new_assessor, plan.updated_at = clean, new_assessor, utcnow()
    session.add(plan)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="iqa.plan_set",
        object_type="sampling_plan",
        object_id=plan.id,
        details={"assessor": assessor_id, "rate": clean, "new": new_assessor},
    )
    return plan


def sample_queue(
    session: Session,
    *,
    actor: User,
    page: int = 1,
    per_page: int = 25,
    assessor_id: int | None = None,
    selected_before: datetime | None = None,
) -> tuple[list[Sample], int]:
    """Samples due, oldest first, never the actor's own decisions."""
    require_iqa(actor)
    where = [Sample.state == SampleState.DUE, Sample.assessor_id != actor.id]
    if assessor_id is not None:
        where.append(Sample.assessor_id == assessor_id)
    if selected_before is not None:
        where.append(Sample.selected_at < selected_before)
    total = session.scalar(select(func.count(Sample.id)).where(*where)) or 0
    rows = session.scalars(
        select(Sample)
        .where(*where)
        .options(
            joinedload(Sample.assessor),
            joinedload(Sample.learner),
            joinedload(Sample.decision).joinedload(ItemDecision.version),
        )
        .order_by(Sample.selected_at, Sample.id)
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(rows.unique()), total


def load_sample(session: Session, sample_id: int, *, actor: User) -> Sample:
    """A sample for review; SegregationError on the actor's own decision."""
    require_iqa(actor)
    row = session.scalars(
        select(Sample)
        .where(Sample.id == sample_id)
        .options(selectinload(Sample.decision).selectinload(ItemDecision.judgements))
    ).first()
    if row is None:
        raise NotFoundError(f"sample {sample_id}")
    check_can_sample(actor.id, row.decision.assessor_id or 0)
    return row


def _reopen(session: Session, decision: ItemDecision, actor: User) -> None:
    """Send-back: the decision stops counting and the item goes back to the queue."""
    decision.reopened_at = utcnow()
    item = session.get(EvidenceItem, decision.item_id)
    if (
        item is not None
        and item.current_number == decision.version_number
        and item.status in (Status.ACCEPTED, Status.RETURNED)
    ):
        item.status, item.updated_at = Status.SUBMITTED, utcnow()
        session.flush()
        record_event(
            session,
            actor=actor,
            action="evidence.reopened",
            object_type="evidence_item",
            object_id=item.id,
            learner_id=item.learner_id,
            details={"version": item.current_number, "decision": decision.id},
        )


def decide_sample(
    session: Session,
    sample_id: int,
    *,
    actor: User,
    action: str | None,
    feedback: str | None,
    expected_version: int | None,
    base_url: str = "",
) -> Sample:
    """Agree with the decision, or send it back with feedback (it reopens)."""
    row = load_sample(session, sample_id, actor=actor)
    if expected_version is not None and expected_version != row.version_id:
        raise ConflictError("Another IQA dealt with this sample. Reload to see it.")
    verdict = sampling.check_verdict(action)
    target = sampling.sample_transition(row.state, verdict)
    clean = sampling.check_feedback(feedback, "feedback", verdict == "send_back")
    row.state, row.feedback = target.value, clean
    row.iqa_id, row.decided_at = actor.id, utcnow()
    if target == SampleState.SENT_BACK:
        _reopen(session, row.decision, actor)
        text = "An IQA sent back one of your decisions with feedback."
        path = f"/assessment/items/{row.decision.item_id}"
        notify(session, row.assessor, ("sent_back", text, path), base_url=base_url)
    session.flush()
    record_event(
        session,
        actor=actor,
        action=f"iqa.{target.value}",
        object_type="iqa_sample",
        object_id=row.id,
        learner_id=row.learner_id,
        details={"decision": row.decision_id, "feedback": clean},
    )
    return row
