"""Load a learner's criteria and evidence and compute the coverage matrix."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.errors import NotFoundError
from portfolio.evidence.matrix import CriterionRef, ItemRef, Matrix, build_matrix
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.services.common import default_unit, item_options, unit_criteria
from portfolio.evidence.services.testimonies import is_tampered


def item_ref(item: EvidenceItem) -> ItemRef:
    """The matrix's view of one item (claims of its current version)."""
    return ItemRef(
        id=item.id,
        title=item.current.title,
        kind=item.kind,
        status=item.status,
        order_type=item.order_type,
        claims=frozenset(c.criterion.code for c in item.current.claims),
        tampered=is_tampered(item.testimony),
    )


def coverage_for(
    session: Session,
    learner_id: int,
    *,
    actor: User,
    decisions: Mapping[tuple[int, str], str] | None = None,
) -> Matrix:
    """The coverage matrix of one learner's portfolio for the default unit."""
    if not scopes.can_view_evidence(session, actor, learner_id):
        raise NotFoundError(f"learner {learner_id}")
    if decisions is None:  # the assessor's decisions (assessment feature)
        from portfolio.assessment.services import matrix_decisions

        decisions = matrix_decisions(session, learner_id)
    unit = default_unit(session)
    criteria = [
        CriterionRef(c.code, c.kind, c.text, c.order_type)
        for c in unit_criteria(session, unit.id).values()
    ]
    items = session.scalars(
        select(EvidenceItem)
        .where(EvidenceItem.learner_id == learner_id, EvidenceItem.unit_id == unit.id)
        .options(*item_options())
        .order_by(EvidenceItem.created_at, EvidenceItem.id)
    )
    return build_matrix(criteria, [item_ref(i) for i in items], decisions)
