"""Witness testimonies: request, email a signing link, sign or decline, verify."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from portfolio.auth import scopes
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.evidence import rules, signing
from portfolio.evidence.models import (
    EvidenceClaim,
    EvidenceItem,
    EvidenceVersion,
    Testimony,
    TestimonyLink,
)
from portfolio.evidence.rules import Kind, Status, TestimonyState
from portfolio.evidence.services.common import (
    config,
    default_unit,
    load_own_item,
    unit_criteria,
)
from portfolio.mail.services import send_mail
from portfolio.core.time import as_utc, utcnow

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LinkUrl = Callable[[str], str]


@dataclass(frozen=True)
class TestimonyRequest:
    """What the learner asks a witness to confirm."""

    __test__ = False
    witness_name: str
    witness_email: str
    witness_job_title: str
    relationship: str
    witnessed: str
    date_from: date | None
    date_to: date | None
    criteria: tuple[str, ...]
    draft_statement: str = ""
    order_type: str | None = None


def _text(value: str | None, field: str, label: str, limit: int) -> str:
    """A required, trimmed text of at most ``limit`` characters."""
    clean = (value or "").strip()
    if not clean:
        raise ValidationError(f"Enter {label}.", field)
    if len(clean) > limit:
        raise ValidationError(f"{label.capitalize()} is too long.", field)
    return clean


def _check_request(req: TestimonyRequest, learner: User) -> TestimonyRequest:
    """Validate every field, including segregation of duties (SECURITY #16)."""
    email = (req.witness_email or "").strip().casefold()
    if not EMAIL_RE.fullmatch(email) or len(email) > 254:
        raise ValidationError("Enter the witness's email address.", "witness_email")
    if rules.normalise_email(email) == rules.normalise_email(learner.email):
        raise ValidationError(
            "The witness must be someone else: you cannot sign your own testimony.",
            "witness_email",
        )
    today = utcnow().date()
    if req.date_from is None or req.date_to is None:
        raise ValidationError("Enter the dates you were observed.", "date_from")
    if req.date_from > req.date_to or req.date_to > today:
        raise ValidationError(
            "The dates must be in order and not in the future.", "date_to"
        )
    if not req.criteria:
        raise ValidationError("Choose at least one criterion.", "criteria")
    if len(req.draft_statement or "") > 5000:
        raise ValidationError("The draft statement is too long.", "draft_statement")
    return TestimonyRequest(
        _text(req.witness_name, "witness_name", "the witness's name", 120),
        email,
        _text(req.witness_job_title, "witness_job_title", "their job title", 120),
        _text(req.relationship, "relationship", "how they know your work", 120),
        _text(req.witnessed, "witnessed", "what they saw you do", 2000),
        req.date_from,
        req.date_to,
        tuple(dict.fromkeys(req.criteria)),
        (req.draft_statement or "").strip(),
        rules.check_choice(req.order_type, rules.ORDER_TYPES, "order_type"),
    )


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
    """A signed testimony whose content no longer matches its hash."""
    if t is None or not t.content_sha256:
        return False
    return rules.content_hash(signed_content(t)) != t.content_sha256


def request_testimony(
    session: Session, req: TestimonyRequest, *, actor: User, link_url: LinkUrl
) -> EvidenceItem:
    """Create a testimony item (draft), its request and email the signing link."""
    if not actor.has_role("learner"):
        raise NotFoundError("evidence")
    scopes.check_portfolio_unlocked(session, actor.id)
    clean = _check_request(req, actor)
    unit = default_unit(session)
    criteria = unit_criteria(session, unit.id)
    unknown = [c for c in clean.criteria if c not in criteria]
    if unknown:
        raise ValidationError(
            f"{unknown[0]} is not a criterion of unit {unit.code}.", "criteria"
        )
    line = f"Witnessed by {clean.witness_name} ({clean.witness_job_title}): "
    line = (line + " ".join(clean.witnessed.split()))[: rules.JUSTIFICATION_MAX]
    item = EvidenceItem(
        learner_id=actor.id,
        unit_id=unit.id,
        kind=Kind.WITNESS_TESTIMONY.value,
        status=Status.DRAFT.value,
        context="workplace",
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
    item.testimony = Testimony(
        learner_id=actor.id,
        witness_name=clean.witness_name,
        witness_email=clean.witness_email,
        witness_job_title=clean.witness_job_title,
        relationship_to_learner=clean.relationship,
        witnessed=clean.witnessed,
        date_from=clean.date_from,
        date_to=clean.date_to,
        criteria_codes=rules.canonical_json(list(clean.criteria)),
        draft_statement=clean.draft_statement,
    )
    session.add(item)
    session.flush()
    _audit(session, actor, "testimony.requested", item.testimony)
    _send_link(session, item.testimony, actor=actor, link_url=link_url)
    return item


def _audit(
    session: Session,
    actor: Any,
    action: str,
    t: Testimony,
    ip: str | None = None,
    **details: Any,
) -> None:
    """One audit event about a testimony."""
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
    session: Session, t: Testimony, *, actor: User, link_url: LinkUrl
) -> None:
    """Revoke older links, issue a new one and write the email to the outbox."""
    now = utcnow()
    for old in t.links:
        if old.used_at is None and old.revoked_at is None:
            old.revoked_at = now
    days = int(config()["TESTIMONY_LINK_DAYS"])
    link = TestimonyLink(
        rid=signing.new_rid(),
        content_sha256=rules.content_hash(request_content(t)),
        signer_email=t.witness_email,
        expires_at=now + timedelta(days=days),
    )
    t.links.append(link)
    session.flush()
    url = link_url(signing.make_token(config()["SECRET_KEY"], link.rid))
    body = (
        f"Dear {t.witness_name},\n\n{actor.display_name} has asked you to confirm "
        f"what you saw them do at work, for their Handling Sales Orders portfolio.\n\n"
        f"Open this link to read the request, then sign or decline it:\n{url}\n\n"
        f"The link works once and expires in {days} days. Opening it does not sign "
        f"anything. If you have an account, you can also sign after you sign in.\n\n"
        f"If you did not expect this email, you can ignore it.\n"
    )
    send_mail(session, t.witness_email, "Please confirm a witness testimony", body)
    _audit(session, actor, "testimony.link_sent", t, link=link.id)


def _own_testimony(session: Session, item_id: int, actor: User) -> Testimony:
    """The actor's own testimony, still awaiting a signature."""
    item = load_own_item(session, item_id, actor=actor)
    if item.testimony is None:
        raise NotFoundError(f"testimony for {item_id}")
    if item.testimony.state != TestimonyState.AWAITING:
        raise ConflictError("Only a request still awaiting a signature can change.")
    return item.testimony


def resend_request(
    session: Session, item_id: int, *, actor: User, link_url: LinkUrl
) -> Testimony:
    """Email a fresh link; older links stop working."""
    t = _own_testimony(session, item_id, actor)
    _send_link(session, t, actor=actor, link_url=link_url)
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
    _audit(session, actor, "testimony.cancelled", t)
    return t
