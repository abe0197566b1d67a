"""The evidence workflow: submit, withdraw, and the assessor's accept or return."""

from __future__ import annotations

from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence import rules
from portfolio.evidence.models import EvidenceItem
from portfolio.evidence.rules import Actor, Status
from portfolio.evidence.services.common import load_own_item
from portfolio.evidence.services.items import check_version
from portfolio.core.time import utcnow


def needs_redaction_confirmation(item: EvidenceItem) -> bool:
    """Workplace documents are submitted only after the learner confirms redaction."""
    return item.context == "workplace" and item.current.file_sha256 is not None


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
    if not version.claims:
        raise ValidationError(
            "Map the evidence to at least one criterion before you submit it.", "claims"
        )
    if item.testimony is not None and item.testimony.state != "signed":
        raise ConflictError("Wait until the witness has signed the testimony.")
    if needs_redaction_confirmation(item):
        if not redaction_confirmed:
            raise ValidationError(
                "Confirm that you removed customers' personal data from the document.",
                "redaction_confirmed",
            )
        version.redaction_confirmed_at = utcnow()
    version.submitted_at = utcnow()
    item.status = target.value
    item.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=actor,
        action="evidence.submitted",
        object_type="evidence_item",
        object_id=item.id,
        learner_id=item.learner_id,
        details={"version": version.number},
    )
    return item


def withdraw_item(session: Session, item_id: int, *, actor: User) -> EvidenceItem:
    """The learner takes an item out of the portfolio (it stays readable)."""
    item = load_own_item(session, item_id, actor=actor)
    item.status = rules.transition(item.status, "withdraw", Actor.LEARNER).value
    item.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        actor=actor,
        action="evidence.withdrawn",
        object_type="evidence_item",
        object_id=item.id,
        learner_id=item.learner_id,
    )
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
    record_event(
        session,
        actor=actor,
        action=f"evidence.{item.status}",
        object_type="evidence_item",
        object_id=item.id,
        learner_id=item.learner_id,
        details={"version": item.current_number},
    )
    return item
