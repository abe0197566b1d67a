"""Judging an evidence item: per-criterion decisions, accept or return, history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portfolio.assessment.domain import judging, sampling
from portfolio.assessment.domain.judging import CriterionJudgement, JudgementRow
from portfolio.assessment.domain.segregation import check_can_judge
from portfolio.assessment.models import ItemDecision, Judgement, Sample, SamplingPlan
from portfolio.assessment.services.common import (
    notify,
    require_assessor_of,
    require_reader_of,
    supervisor_of,
)
from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError
from portfolio.evidence import services as evidence
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem
from portfolio.framework.models import Criterion


@dataclass(frozen=True)
class ItemView:
    """An item with its decision history, for the judging and history pages."""

    item: EvidenceItem
    decisions: list[ItemDecision]
    criteria: dict[str, Criterion]


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
    criteria = evidence.unit_criteria(session, item.unit_id)
    return ItemView(item, decision_history(session, item_id), criteria)


def _check_judge(session: Session, item: EvidenceItem, actor: User) -> None:
    """Scope, segregation of duties, the testimony's integrity and the lock."""
    require_assessor_of(session, actor, item.learner_id)
    witnesses = [item.testimony.signer_user_id] if item.testimony else []
    check_can_judge(
        actor.id, item.learner_id, supervisor_of(session, item.learner_id), witnesses
    )
    if item.testimony is not None and evidence.is_tampered(item.testimony):
        raise ConflictError(
            "This testimony fails its integrity check; do not accept it."
        )
    scopes.check_portfolio_unlocked(session, item.learner_id)


def _select_sample(session: Session, decision: ItemDecision, actor: User) -> None:
    """Put the decision in the IQA queue if the assessor's plan picks it."""
    plan = session.scalars(
        select(SamplingPlan).where(SamplingPlan.assessor_id == actor.id)
    ).first()
    rate = sampling.effective_rate(
        plan.rate if plan else None, plan.new_assessor if plan else True
    )
    if sampling.selected_for_sampling(f"decision:{decision.id}", rate):
        session.add(
            Sample(
                decision_id=decision.id,
                assessor_id=actor.id,
                learner_id=decision.learner_id,
            )
        )


def _decision(
    item: EvidenceItem,
    actor: User,
    criteria: dict[str, Criterion],
    judged: list[CriterionJudgement],
    outcome: judging.Outcome,
    actions: str,
) -> ItemDecision:
    """The decision row on the item's current version, one judgement per criterion."""
    version = item.current
    claimed = {c.criterion_id for c in version.claims}
    return ItemDecision(
        item_id=item.id,
        version_id=version.id,
        version_number=version.number,
        learner_id=item.learner_id,
        assessor_id=actor.id,
        outcome=outcome.value,
        actions=actions,
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


def _record(
    session: Session, item: EvidenceItem, decision: ItemDecision, actor: User
) -> None:
    """Write the decision and the item's new status; a concurrent save conflicts.

    A savepoint keeps the session usable after a refused flush, so the page can be
    shown again with the other assessor's decision.
    """
    accepted = decision.outcome == judging.Outcome.ACCEPT
    status = Status.ACCEPTED if accepted else Status.RETURNED
    try:
        with session.begin_nested():
            session.add(decision)
            evidence.set_item_status(session, item, status, actor=actor)
    except StaleDataError as exc:
        raise ConflictError(judging.CONFLICT_MESSAGE) from exc


def judge_item(
    session: Session,
    item_id: int,
    *,
    actor: User,
    rows: Sequence[JudgementRow],
    outcome: str | None,
    actions: str | None,
    expected_version: int | None,
    base_url: str = "",
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
    judging.check_version(expected_version, item.version_id)
    if item.status != Status.SUBMITTED:
        raise ConflictError("This item is not waiting for a decision.")
    criteria = evidence.unit_criteria(session, item.unit_id)
    judged, chosen, clean_actions = judging.check_judgements(
        rows, set(criteria), outcome, actions
    )
    decision = _decision(item, actor, criteria, judged, chosen, clean_actions)
    _record(session, item, decision, actor)
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
            "version": decision.version_number,
            "outcome": chosen.value,
            "judgements": {j.code: j.decision.value for j in judged},
        },
    )
    if chosen == judging.Outcome.RETURN:
        title = item.current.title
        notice = ("returned", f"Your assessor returned “{title}” with actions.")
        notify(
            session, item.learner, (*notice, f"/evidence/{item.id}"), base_url=base_url
        )
    return decision
