"""The evidence workflow: submit, withdraw, and the assessor's accept or return."""

from __future__ import annotations

from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence.domain import workflow as rules
from portfolio.evidence.domain.kinds import Context
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.domain.workflow import Actor, Status
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.services.items import check_version, record_item_event
from portfolio.evidence.services.queries import load_own_item


def needs_redaction_confirmation(item: EvidenceItem) -> bool:
    """Workplace documents are submitted only after the learner confirms redaction."""
    return item.context == Context.WORKPLACE and item.current.file_sha256 is not None


def _check_ready(item: EvidenceItem, redaction_confirmed: bool) -> None:
    """Refuse to submit without a mapping, a signature or the redaction check."""
    if not item.current.claims:
        raise ValidationError(
            "Map the evidence to at least one criterion before you submit it.", "claims"
        )
    if item.testimony is not None and item.testimony.state != TestimonyState.SIGNED:
        raise ConflictError("Wait until the witness has signed the testimony.")
    if needs_redaction_confirmation(item) and not redaction_confirmed:
        raise ValidationError(
            "Confirm that you removed customers' personal data from the document.",
            "redaction_confirmed",
        )


def submit_item(
    session: Session,
    item_id: int,
    *,
    actor: User,
    redaction_confirmed: bool = False,
    expected_version: int | None = None,
) -> EvidenceItem:
    """Send the current version for assessment; it is frozen from now on."""
    item = load_own_item(session, item_id, actor=actor)
    check_version(item, expected_version)
    version = item.current
    rules.check_submittable(item.status, version.submitted_at is not None)
    target = rules.transition(item.status, "submit", Actor.LEARNER)
    _check_ready(item, redaction_confirmed)
    if needs_redaction_confirmation(item):
        version.redaction_confirmed_at = utcnow()
    version.submitted_at = utcnow()
    item.status = target.value
    item.updated_at = utcnow()
    session.flush()
    record_item_event(
        session, actor, "evidence.submitted", item, version=version.number
    )
    return item


def withdraw_item(session: Session, item_id: int, *, actor: User) -> EvidenceItem:
    """The learner takes an item out of the portfolio (it stays readable)."""
    item = load_own_item(session, item_id, actor=actor)
    item.status = rules.transition(item.status, "withdraw", Actor.LEARNER).value
    item.updated_at = utcnow()
    session.flush()
    record_item_event(session, actor, "evidence.withdrawn", item)
    return item


def set_item_status(
    session: Session, item: EvidenceItem, status: str, *, actor: User
) -> EvidenceItem:
    """Accept or return a submitted item (the assessment feature calls this)."""
    if not scopes.can_assess_learner(session, actor, item.learner_id):
        raise NotFoundError(f"evidence {item.id}")
    action = rules.TARGET_ACTIONS.get(Status(status))
    if action is None:
        raise ConflictError(f"An assessor cannot set evidence to {status}.")
    item.status = rules.transition(item.status, action, Actor.ASSESSOR).value
    item.updated_at = utcnow()
    session.flush()
    record_item_event(
        session, actor, f"evidence.{item.status}", item, version=item.current_number
    )
    return item
