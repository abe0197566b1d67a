"""Loading evidence through the access scopes: one item, a learner's list, criteria."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError
from portfolio.evidence.domain.kinds import ITEM_KINDS
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import EvidenceItem, EvidenceVersion, Testimony
from portfolio.framework.models import Criterion
from portfolio.framework.services import default_unit


def item_options() -> list[Any]:
    """Eager loads that keep lists and matrices at a fixed number of queries."""
    return [
        selectinload(EvidenceItem.current).selectinload(EvidenceVersion.claims),
        selectinload(EvidenceItem.testimony),
    ]


def load_item(session: Session, item_id: int, *, actor: User) -> EvidenceItem:
    """An item the actor may read (owner or staff scope), else NotFoundError."""
    item = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.id == item_id)
        .options(selectinload(EvidenceItem.versions), *item_options())
    ).first()
    if item is None or not scopes.can_view_evidence(session, actor, item.learner_id):
        raise NotFoundError(f"evidence {item_id}")
    return item


def load_own_item(session: Session, item_id: int, *, actor: User) -> EvidenceItem:
    """An item the actor owns (only learners change evidence), else NotFoundError."""
    item = session.get(EvidenceItem, item_id)
    if item is None or not scopes.owns_evidence(actor, item.learner_id):
        raise NotFoundError(f"evidence {item_id}")
    scopes.check_portfolio_unlocked(session, item.learner_id)
    return item


def unit_criteria(session: Session, unit_id: int) -> dict[str, Criterion]:
    """The criteria of one unit keyed by code, in order."""
    stmt = (
        select(Criterion)
        .where(Criterion.unit_id == unit_id)
        .order_by(Criterion.order, Criterion.id)
    )
    return {c.code: c for c in session.scalars(stmt)}


def default_criteria(session: Session) -> list[Criterion]:
    """The criteria of the default unit, in order."""
    return list(unit_criteria(session, default_unit(session).id).values())


def list_items(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    kind: str | None = None,
    status: str | None = None,
    replied: bool = False,
    page: int = 1,
    per_page: int = 20,
) -> tuple[list[EvidenceItem], int]:
    """One page of a learner's items (newest first) and the total.

    ``replied`` keeps the items whose witness has signed or declined.
    """
    if not scopes.can_view_evidence(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    where = [EvidenceItem.learner_id == learner_id]
    if kind in ITEM_KINDS:
        where.append(EvidenceItem.kind == kind)
    if status in set(Status):
        where.append(EvidenceItem.status == status)
    if replied:
        answered = select(Testimony.item_id).where(
            Testimony.state.in_((TestimonyState.SIGNED, TestimonyState.DECLINED))
        )
        where.append(EvidenceItem.id.in_(answered))
    total = session.scalar(select(func.count(EvidenceItem.id)).where(*where)) or 0
    stmt = (
        select(EvidenceItem)
        .where(*where)
        .options(*item_options())
        .order_by(EvidenceItem.updated_at.desc(), EvidenceItem.id.desc())
        .limit(per_page)
        .offset((max(page, 1) - 1) * per_page)
    )
    return list(session.scalars(stmt)), total
