"""Judging an evidence item: per-criterion decisions, accept or return, history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from portfolio.assessment import rules
from portfolio.assessment.models import ItemDecision, Judgement, Sample, SamplingPlan
from portfolio.assessment.services.common import (
    check_unlocked,
    enrolment_of,
    notify,
    require_assessor_of,
    require_reader_of,
)
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.errors import ConflictError, NotFoundError
from portfolio.evidence import services as evidence
from portfolio.evidence.models import EvidenceItem, EvidenceVersion
from portfolio.evidence.services.common import unit_criteria


@dataclass(frozen=True)
class ItemView:
    """An item with its decision history, for the judging and history pages."""

    item: EvidenceItem
    decisions: list[ItemDecision]
    criteria: dict


def decision_history(session: Session, item_id: int) -> list[ItemDecision]:
    """Every decision on an item, newest first, with judgements and samples."""
    return list(
        session.scalars(
            select(ItemDecision)
            .where(ItemDecision.item_id == item_id)
            .options(
                selectinload(ItemDecision.judgements),
                selectinload(ItemDecision.sample),
                selectinload(ItemDecision.assessor),
            )
            .order_by(ItemDecision.id.desc())
        )
    )


def item_view(
    session: Session, item_id: int, *, actor: User, judging: bool
) -> ItemView:
    """Load an item for judging (its assessor) or for reading its history."""
    item = session.get(EvidenceItem, item_id)
    if item is None:
        raise NotFoundError(f"evidence {item_id}")
    if judging:
        require_assessor_of(session, actor, item.learner_id)
    else:
        require_reader_of(session, actor, item.learner_id)
    item = evidence.load_item(session, item_id, actor=actor)
    return ItemView(
        item, decision_history(session, item_id), unit_criteria(session, item.unit_id)
    )


def _witness_ids(item: EvidenceItem) -> list[int | None]:
    """Users who signed the item's testimony (they may not judge it)."""
    return [item.testimony.signer_user_id] if item.testimony else []


def _check_judge(session: Session, item: EvidenceItem, actor: User) -> None:
    """Scope, segregation of duties and the lock."""
    require_assessor_of(session, actor, item.learner_id)
    enrolment = enrolment_of(session, item.learner_id)
    rules.check_can_judge(
        actor.id,
        item.learner_id,
        enrolment.supervisor_id if enrolment else None,
        _witness_ids(item),
    )
    if item.testimony is not None and evidence.is_tampered(item.testimony):
        raise ConflictError(
            "This testimony fails its integrity check; do not accept it."
        )
    check_unlocked(session, item.learner_id)


def _select_sample(session: Session, decision: ItemDecision, actor: User) -> None:
    """Put the decision in the IQA queue if the assessor's plan picks it."""
    plan = session.scalars(
        select(SamplingPlan).where(SamplingPlan.assessor_id == actor.id)
    ).first()
    rate = rules.effective_rate(
        plan.rate if plan else None, plan.new_assessor if plan else True
    )
    if rules.selected_for_sampling(f"decision:{decision.id}", rate):
        session.add(
            Sample(
                decision_id=decision.id,
                assessor_id=actor.id,
                learner_id=decision.learner_id,
            )
        )


def judge_item(
    session: Session,
    item_id: int,
    *,
    actor: User,
    rows: list[tuple[str, str | None, str | None]],
    outcome: str | None,
    actions: str | None,
    expected_version: int | None,
) -> ItemDecision:
    """Record a decision per criterion and accept or return the item.

    Raises:
        ConflictError: the item changed since the page was opened, or is locked.
        SegregationError: the assessor is too close to the evidence.
    """
    item = session.get(EvidenceItem, item_id)
    if item is None:
        raise NotFoundError(f"evidence {item_id}")
    _check_judge(session, item, actor)
    rules.check_version(expected_version, item.version_id)
    if item.status != "submitted":
        raise ConflictError("This item is not waiting for a decision.")
    criteria = unit_criteria(session, item.unit_id)
    judged, outcome_value, clean_actions = rules.check_judgements(
        rows, set(criteria), outcome, actions
    )
    version: EvidenceVersion = item.current
    claimed = {c.criterion_id for c in version.claims}
    decision = ItemDecision(
        item_id=item.id,
        version_id=version.id,
        version_number=version.number,
        learner_id=item.learner_id,
        assessor_id=actor.id,
        outcome=outcome_value.value,
        actions=clean_actions,
        judgements=[
            Judgement(
                criterion_id=criteria[j.code].id,
                decision=j.decision.value,
                feedback=j.feedback,
                claimed=criteria[j.code].id in claimed,
            )
            for j in judged
        ],
    )
    session.add(decision)
    status = "accepted" if outcome_value == rules.Outcome.ACCEPT else "returned"
    try:
        evidence.set_item_status(session, item, status, actor=actor)
    except StaleDataError as exc:
        raise ConflictError(rules.CONFLICT_MESSAGE) from exc
    _select_sample(session, decision, actor)
    record_event(
        session,
        actor=actor,
        action="assessment.decided",
        object_type="item_decision",
        object_id=decision.id,
        learner_id=item.learner_id,
        details={
            "item": item.id,
            "version": version.number,
            "outcome": outcome_value.value,
            "judgements": {j.code: j.decision.value for j in judged},
        },
    )
    if status == "returned":
        notify(
            session,
            item.learner,
            "returned",
            f"Your assessor returned “{version.title}” with actions.",
            f"/evidence/{item.id}",
        )
    return decision
