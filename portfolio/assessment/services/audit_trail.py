"""A learner's audit trail, with the whole hash chain verified as it is read."""

from __future__ import annotations

from dataclasses import dataclass

from portfolio.assessment.services.common import require_reader_of
from portfolio.audit import services as audit
from portfolio.audit.models import AuditEvent
from portfolio.auth.models import User
from portfolio.core.typing import Session


@dataclass(frozen=True)
class AuditTrail:
    """A learner's events plus the result of verifying the whole chain."""

    events: list[AuditEvent]
    intact: bool
    broken_at: int | None
    reason: str | None


def learner_audit(session: Session, learner_id: int, *, actor: User) -> AuditTrail:
    """The learner's audit trail, with the chain verified now."""
    require_reader_of(session, actor, learner_id)
    events = audit.events_for_learner(session, learner_id, limit=500)
    broken = audit.verify_chain(session)
    if broken is None:
        return AuditTrail(events, True, None, None)
    return AuditTrail(events, False, broken.id, broken.reason)
