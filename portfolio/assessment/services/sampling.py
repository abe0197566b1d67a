"""IQA: sampling plans, the sample queue, agree or send back, and the report."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from portfolio.assessment import rules
from portfolio.assessment.models import ItemDecision, Sample, SamplingPlan
from portfolio.assessment.services.common import notify
from portfolio.audit.services import record_event
from portfolio.auth.models import Cohort, Enrolment, Role, User, UserRole
from portfolio.errors import NotFoundError
from portfolio.evidence.models import EvidenceItem
from portfolio.core.time import utcnow


def _require_iqa(actor: User) -> None:
    """Only IQAs and admins manage sampling."""
    if not actor.has_role(Role.IQA, Role.ADMIN):
        raise NotFoundError("sampling")


def plans(session: Session, *, actor: User) -> list[tuple[User, SamplingPlan | None]]:
    """Every assessor with their plan (None means new: 100%)."""
    _require_iqa(actor)
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
    _require_iqa(actor)
    assessor = session.get(User, assessor_id)
    if assessor is None or not assessor.has_role(Role.ASSESSOR):
        raise NotFoundError(f"assessor {assessor_id}")
    clean = rules.check_rate(rate)
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
    session: Session, *, actor: User, page: int = 1, per_page: int = 25
) -> tuple[list[Sample], int]:
    """Samples due, oldest first, never the actor's own decisions."""
    _require_iqa(actor)
    where = [Sample.state == rules.SampleState.DUE, Sample.assessor_id != actor.id]
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
    _require_iqa(actor)
    row = session.scalars(
        select(Sample)
        .where(Sample.id == sample_id)
        .options(selectinload(Sample.decision).selectinload(ItemDecision.judgements))
    ).first()
    if row is None:
        raise NotFoundError(f"sample {sample_id}")
    rules.check_can_sample(actor.id, row.decision.assessor_id or 0)
    return row


def _reopen(session: Session, decision: ItemDecision, actor: User) -> None:
    """Send-back: the decision stops counting and the item goes back to the queue."""
    decision.reopened_at = utcnow()
    item = session.get(EvidenceItem, decision.item_id)
    if (
        item is not None
        and item.current_number == decision.version_number
        and item.status in ("accepted", "returned")
    ):
        item.status, item.updated_at = "submitted", utcnow()
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
) -> Sample:
    """Agree with the decision, or send it back with feedback (it reopens)."""
    row = load_sample(session, sample_id, actor=actor)
    if expected_version is not None and expected_version != row.version_id:
        from portfolio.errors import ConflictError

        raise ConflictError("Another IQA dealt with this sample. Reload to see it.")
    if action not in ("agree", "send_back"):
        from portfolio.errors import ValidationError

        raise ValidationError("Choose agree or send back.", "action")
    target = rules.sample_transition(row.state, action)
    clean = rules.check_feedback(feedback, "feedback", action == "send_back")
    row.state, row.feedback = target.value, clean
    row.iqa_id, row.decided_at = actor.id, utcnow()
    if target == rules.SampleState.SENT_BACK:
        _reopen(session, row.decision, actor)
        notify(
            session,
            row.assessor,
            "sent_back",
            "An IQA sent back one of your decisions with feedback.",
            f"/assessment/items/{row.decision.item_id}",
        )
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


@dataclass(frozen=True)
class ReportRow:
    """Sampling figures for one assessor or cohort."""

    label: str
    decisions: int
    sampled: int
    agreed: int
    sent_back: int
    due: int

    @property
    def rate(self) -> int:
        """Share of decisions sampled, in percent."""
        return round(100 * self.sampled / self.decisions) if self.decisions else 0


def _report(session: Session, label_col, join_target, on) -> list[ReportRow]:  # type: ignore[no-untyped-def]
    """Decisions and sample outcomes grouped by one label."""

    def count(state: str):  # type: ignore[no-untyped-def]
        return func.sum(case((Sample.state == state, 1), else_=0))

    stmt = (
        select(
            label_col,
            func.count(ItemDecision.id),
            func.count(Sample.id),
            count("agreed"),
            count("sent_back"),
            count("due"),
        )
        .select_from(ItemDecision)
        .outerjoin(Sample, Sample.decision_id == ItemDecision.id)
        .join(join_target, on)
        .group_by(label_col)
        .order_by(label_col)
    )
    return [
        ReportRow(str(r[0]), *(int(v or 0) for v in r[1:]))
        for r in session.execute(stmt)
    ]


def sampling_report(session: Session, *, actor: User) -> dict[str, list[ReportRow]]:
    """Figures per assessor and per cohort."""
    _require_iqa(actor)
    by_assessor = _report(
        session, User.display_name, User, User.id == ItemDecision.assessor_id
    )
    cohort_join = (
        select(Enrolment.learner_id, Cohort.name.label("cohort"))
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .subquery()
    )
    by_cohort = _report(
        session,
        cohort_join.c.cohort,
        cohort_join,
        cohort_join.c.learner_id == ItemDecision.learner_id,
    )
    return {"assessors": by_assessor, "cohorts": by_cohort}
