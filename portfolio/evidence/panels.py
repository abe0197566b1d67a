"""Numbers for the dashboard panels (learner summary, supervisor inbox)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portfolio.auth.models import Role, User
from portfolio.errors import DomainError
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.services import coverage_for, testimonies_for_witness


def panel_data(session: Session, user: User) -> dict[str, Any]:
    """Counts by status and coverage gaps for learners; inbox for witnesses."""
    data: dict[str, Any] = {}
    if user.has_role(Role.LEARNER):
        rows = session.execute(
            select(EvidenceItem.status, func.count(EvidenceItem.id))
            .where(EvidenceItem.learner_id == user.id)
            .group_by(EvidenceItem.status)
        ).all()
        data["by_status"] = {status: n for status, n in rows}
        try:
            data["matrix"] = coverage_for(session, user.id, actor=user)
        except DomainError:
            data["matrix"] = None
    data["awaiting"] = testimonies_for_witness(session, actor=user, awaiting_only=True)
    return data
