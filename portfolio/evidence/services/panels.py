"""Numbers for the dashboard panels (learner summary, supervisor inbox)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from portfolio.auth.models import User
from portfolio.core.roles import Role
from portfolio.core.typing import Session
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.services.signatures import testimonies_for_witness


def panel_data(session: Session, user: User) -> dict[str, Any]:
    """Counts by status for learners; testimonies awaiting the user's signature."""
    data: dict[str, Any] = {}
    if user.has_role(Role.LEARNER):
        rows = session.execute(
            select(EvidenceItem.status, func.count(EvidenceItem.id))
            .where(EvidenceItem.learner_id == user.id)
            .group_by(EvidenceItem.status)
        ).all()
        data["by_status"] = {status: n for status, n in rows}
    data["awaiting"] = testimonies_for_witness(session, actor=user, awaiting_only=True)
    return data
