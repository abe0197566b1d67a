"""Witness testimonies: request, email a signing link, resend, cancel, verify."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence.domain import signing
from portfolio.evidence.domain.details import JUSTIFICATION_MAX
from portfolio.evidence.domain.kinds import Context, Kind
from portfolio.evidence.domain.signing import TestimonyState
from portfolio.evidence.domain.testimony_requests import TestimonyRequest, check_request
from portfolio.evidence.domain.workflow import Status
from portfolio.evidence.models import (
    EvidenceClaim,
    EvidenceItem,
    EvidenceVersion,
    Testimony,
    TestimonyLink,
)
from portfolio.evidence.services import link_tokens
from portfolio.evidence.services.queries import load_own_item, unit_criteria
from portfolio.framework.models import Criterion
from portfolio.framework.services import default_unit
from portfolio.mail.services import send_mail


@dataclass(frozen=True)
class SigningLinks:
    """How signing links are issued: the app's secret, their lifetime, their URL."""

    secret_key: str
    days: int
    url: Callable[[str], str]

    @property
    def max_age_seconds(self) -> int:
        """How long a token stays valid."""
        return self.days * 86400


def request_content(t: Testimony) -> dict[str, Any]:
    """What a signing link is bound to: the request as the learner wrote it."""
    return {
        "testimony_id": t.id,
        "witness_email": t.witness_email,
        "witnessed": t.witnessed,
        "date_from": t.date_from,
        "date_to": t.date_to,
        "criteria": t.criteria,
        "draft_statement": t.draft_statement,
    }


def signed_content(t: Testimony) -> dict[str, Any]:
    """Exactly what the signature covers (SECURITY #33)."""
    return {
        "testimony_id": t.id,
        "learner_id": t.learner_id,
        "statement": t.statement,
        "witnessed": t.witnessed,
        "date_from": t.date_from,
        "date_to": t.date_to,
        "criteria": t.criteria,
        "signer_name": t.signer_name,
        "signer_job_title": t.signer_job_title,
        "declaration": t.declaration,
        "signed_at": as_utc(t.signed_at) if t.signed_at else None,
    }


def is_tampered(t: Testimony | None) -> bool:
    """A signed testimony whose content no longer matches its hash or seal."""
    if t is None or not t.content_sha256:
        return False
    from portfolio.evidence.services.signatures import seal_holds  # import cycle

    changed = signing.content_hash(signed_content(t)) != t.content_sha256
    return changed or not seal_holds(t)


def _testimony_item(
    actor: User, unit_id: int, criteria: dict[str, Criterion], clean: TestimonyRequest
) -> EvidenceItem:
    """A draft testimony item whose version claims the requested criteria."""
    line = f"Witnessed by {clean.witness_name} ({clean.witness_job_title}): "
    line = (line + " ".join(clean.witnessed.split()))[:JUSTIFICATION_MAX]
    return EvidenceItem(
        learner_id=actor.id,
        unit_id=unit_id,
        kind=Kind.WITNESS_TESTIMONY.value,
        status=Status.DRAFT.value,
        context=Context.WORKPLACE.value,
        order_type=clean.order_type,
        versions=[
            EvidenceVersion(
                number=1,
                title=f"Witness testimony from {clean.witness_name}",
                evidence_date=clean.date_to,
                claims=[
                    EvidenceClaim(criterion_id=criteria[c].id, justification=line)
                    for c in clean.criteria
                ],
            )
        ],
    )


def _testimony(actor: User, clean: TestimonyRequest) -> Testimony:
    """The request the witness will read, awaiting their signature."""
    return Testimony(
        learner_id=actor.id,
        witness_name=clean.witness_name,
        witness_email=clean.witness_email,
        witness_job_title=clean.witness_job_title,
        relationship_to_learner=clean.relationship,
        witnessed=clean.witnessed,
        date_from=clean.date_from,
        date_to=clean.date_to,
        criteria_codes=signing.canonical_json(list(clean.criteria)),
        draft_statement=clean.draft_statement,
    )


RESEND_WAIT = timedelta(minutes=5)


def _refuse_peer_witness(session: Session, email: str) -> None:
    """A learner account (a fellow learner) cannot witness another's work."""
    witness = session.scalars(
        select(User).where(User.email == email.strip().casefold())
    ).first()
    if witness is not None and witness.has_role("learner"):
        raise ValidationError(
            "This address belongs to a learner. Your witness must be a supervisor or "
            "colleague who saw your work, not another learner.",
            "witness_email",
        )


def request_testimony(
    session: Session, req: TestimonyRequest, *, actor: User, links: SigningLinks
) -> EvidenceItem:
    """Create a testimony item (draft), its request and email the signing link."""
    if not actor.has_role("learner"):
        raise NotFoundError("evidence")
    scopes.check_portfolio_unlocked(session, actor.id)
    clean = check_request(req, learner_email=actor.email, today=utcnow().date())
    _refuse_peer_witness(session, clean.witness_email)
    unit = default_unit(session)
    criteria = unit_criteria(session, unit.id)
    unknown = [c for c in clean.criteria if c not in criteria]
    if unknown:
        raise ValidationError(
            f"{unknown[0]} is not a criterion of unit {unit.code}.", "criteria"
        )
    item = _testimony_item(actor, unit.id, criteria, clean)
    item.testimony = testimony = _testimony(actor, clean)
    session.add(item)
    session.flush()
    audit_testimony(session, actor, "testimony.requested", testimony)
    _send_link(session, testimony, actor=actor, links=links)
    return item


def audit_testimony(
    session: Session,
    actor: User | str,
    action: str,
    t: Testimony,
    ip: str | None = None,
    **details: Any,
) -> None:
    """Record one audit event about a testimony (the actor or the witness's email)."""
    record_event(
        session,
        actor=actor,
        action=action,
        object_type="testimony",
        object_id=t.id,
        learner_id=t.learner_id,
        details=details or None,
        ip=ip,
    )


def _send_link(
    session: Session, t: Testimony, *, actor: User, links: SigningLinks
) -> None:
    """Revoke older links, issue a new one and write the email to the outbox."""
    now = utcnow()
    for old in t.links:
        if old.used_at is None and old.revoked_at is None:
            old.revoked_at = now
    days = links.days
    link = TestimonyLink(
        rid=link_tokens.new_rid(),
        content_sha256=signing.content_hash(request_content(t)),
        signer_email=t.witness_email,
        expires_at=now + timedelta(days=days),
    )
    t.links.append(link)
    session.flush()
    url = links.url(link_tokens.make_token(links.secret_key, link.rid))
    body = (
        f"Dear {t.witness_name},\n\n{actor.display_name} has asked you to confirm "
        f"what you saw them do at work, for their Handling Sales Orders portfolio.\n\n"
        f"Open this link to read the request, then sign or decline it:\n{url}\n\n"
        f"The link works once and expires in {days} days. Opening it does not sign "
        f"anything. If you have an account, you can also sign after you sign in.\n\n"
        f"If you did not expect this email, you can ignore it.\n"
    )
    send_mail(session, t.witness_email, "Please confirm a witness testimony", body)
    audit_testimony(session, actor, "testimony.link_sent", t, link=link.id)


def _own_testimony(session: Session, item_id: int, actor: User) -> Testimony:
    """The actor's own testimony, still awaiting a signature."""
    item = load_own_item(session, item_id, actor=actor)
    if item.testimony is None:
        raise NotFoundError(f"testimony for {item_id}")
    if item.testimony.state != TestimonyState.AWAITING:
        raise ConflictError("Only a request still awaiting a signature can change.")
    return item.testimony


def resend_request(
    session: Session, item_id: int, *, actor: User, links: SigningLinks
) -> Testimony:
    """Email a fresh link; older links stop working."""
    t = _own_testimony(session, item_id, actor)
    newest = max((as_utc(link.created_at) for link in t.links), default=None)
    if newest is not None and utcnow() - newest < RESEND_WAIT:
        # Issue 16 #10: eight clicks must not send eight e-mails.
        raise ConflictError(
            f"A link was e-mailed to {t.witness_email} a moment ago. Wait "
            f"{RESEND_WAIT.seconds // 60} minutes before you send it again."
        )
    _send_link(session, t, actor=actor, links=links)
    return t


def cancel_request(session: Session, item_id: int, *, actor: User) -> Testimony:
    """Cancel an unsigned request; its links stop working and the item is withdrawn."""
    t = _own_testimony(session, item_id, actor)
    now = utcnow()
    t.state = TestimonyState.CANCELLED.value
    for link in t.links:
        link.revoked_at = link.revoked_at or now
    t.item.status = Status.WITHDRAWN.value
    t.item.updated_at = now
    session.flush()
    audit_testimony(session, actor, "testimony.cancelled", t)
    return t
