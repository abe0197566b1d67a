"""Signing and declining a testimony, by emailed link or in the app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portfolio.auth import scopes
from portfolio.auth.models import User
from portfolio.core import sealing
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError, ValidationError
from portfolio.evidence.domain import signing
from portfolio.evidence.domain.signing import CLOSED, LinkError, TestimonyState
from portfolio.evidence.models import EvidenceItem, Testimony, TestimonyLink
from portfolio.evidence.services import link_tokens
from portfolio.evidence.services.testimonies import (
    SigningLinks,
    audit_testimony,
    is_tampered,
    request_content,
    signed_content,
)
from portfolio.mail.services import send_mail

SEAL_PURPOSE = "testimony-signature-v1"


@dataclass(frozen=True)
class Signature:
    """What the witness typed and ticked on the signing form."""

    statement: str
    signer_name: str
    job_title: str
    confirmed: bool


@dataclass(frozen=True)
class Origin:
    """Where a signature came from (evidence of intent, SECURITY #33)."""

    ip: str | None
    user_agent: str | None
    via: str
    user: User | None = None
    link: TestimonyLink | None = None


def resolve_link(session: Session, token: str, *, links: SigningLinks) -> TestimonyLink:
    """The usable link behind ``token``; LinkError (404/409/410) otherwise.

    Reading never changes anything: GET and HEAD may be repeated by mail scanners.
    """
    rid = link_tokens.read_token(links.secret_key, token, links.max_age_seconds)
    link = session.scalars(
        select(TestimonyLink)
        .where(TestimonyLink.rid == rid)
        .options(selectinload(TestimonyLink.testimony))
    ).first()
    if link is None:
        raise LinkError(signing.INVALID, 404)
    signing.check_open(link.testimony.state)
    if link.used_at is not None:
        raise LinkError(CLOSED[TestimonyState.SIGNED][0], 410)
    if link.revoked_at is not None:
        raise LinkError(
            "This link was replaced by a newer one. Use the most recent email.", 410
        )
    if as_utc(link.expires_at) < utcnow():
        raise LinkError(signing.EXPIRED, 410)
    if signing.content_hash(request_content(link.testimony)) != link.content_sha256:
        raise LinkError(
            "The request changed after this link was sent. Ask for a new link.", 409
        )
    return link


def _check_signature(t: Testimony, sig: Signature) -> Signature:
    """Validate the signing form: statement, typed name, job title, declaration."""
    statement = (sig.statement or "").strip()
    if not statement:
        raise ValidationError("Write the statement you are signing.", "statement")
    if len(statement) > 5000:
        raise ValidationError(
            "The statement must be 5000 characters or fewer.", "statement"
        )
    if signing.normalise_name(sig.signer_name) != signing.normalise_name(
        t.witness_name
    ):
        raise ValidationError(
            f"Type your full name as the request gives it ({t.witness_name}). If that "
            "is not you, decline the request instead.",
            "signer_name",
        )
    job = (sig.job_title or "").strip()
    if not job or len(job) > 120:
        raise ValidationError("Enter your job title.", "job_title")
    if not sig.confirmed:
        raise ValidationError("Tick the declaration to sign.", "confirmed")
    return Signature(statement, " ".join(sig.signer_name.split()), job, True)


def _close_links(t: Testimony, used: TestimonyLink | None) -> None:
    """Mark the link used and every other open link revoked."""
    now = utcnow()
    for link in t.links:
        if link is used:
            link.used_at = now
        elif link.used_at is None and link.revoked_at is None:
            link.revoked_at = now


@contextmanager
def _unless_changed_elsewhere(session: Session) -> Iterator[None]:
    """Write in a savepoint; LinkError (409) if someone else changed the testimony.

    The savepoint keeps the session usable, so the page can still be shown.
    """
    try:
        with session.begin_nested():
            yield
    except StaleDataError as exc:
        raise LinkError(signing.CHANGED, 409) from exc


def testimony_seal(t: Testimony) -> str:
    """The HMAC over what a signature binds: content hash, time, signer, learner."""
    return sealing.seal(
        SEAL_PURPOSE,
        t.id,
        t.content_sha256,
        t.signed_at and as_utc(t.signed_at),
        t.witness_email,
        t.learner_id,
    )


def seal_holds(t: Testimony) -> bool:
    """Whether a signed testimony's seal matches its hash (key outside the DB)."""
    return sealing.seal_matches(
        t.seal,
        SEAL_PURPOSE,
        t.id,
        t.content_sha256,
        t.signed_at and as_utc(t.signed_at),
        t.witness_email,
        t.learner_id,
    )


def broken_seals(session: Session) -> list[int]:
    """Ids of signed testimonies whose content or seal no longer verifies."""
    signed = session.scalars(
        select(Testimony).where(Testimony.content_sha256.is_not(None))
    )
    return [t.id for t in signed if is_tampered(t)]


def sign_testimony(
    session: Session, t: Testimony, sig: Signature, *, origin: Origin
) -> Testimony:
    """Record the signature, hash the signed content and lock the testimony."""
    signing.check_open(t.state)
    clean = _check_signature(t, sig)
    with _unless_changed_elsewhere(session):
        t.statement = clean.statement
        t.signer_name, t.signer_job_title = clean.signer_name, clean.job_title
        t.declaration = signing.DECLARATION
        t.signed_at = utcnow().replace(microsecond=0)
        t.signed_ip = (origin.ip or "")[:64] or None
        t.signed_user_agent = (origin.user_agent or "")[:255] or None
        t.signed_via = origin.via
        t.signer_user_id = origin.user.id if origin.user else None
        t.content_sha256 = signing.content_hash(signed_content(t))
        t.seal = testimony_seal(t)
        t.state = TestimonyState.SIGNED.value
        _close_links(t, origin.link)
        t.item.updated_at = utcnow()
    audit_testimony(
        session,
        origin.user or t.witness_email,
        "testimony.signed",
        t,
        ip=origin.ip,
        via=origin.via,
        sha256=t.content_sha256,
    )
    _tell_learner(session, t, "signed")
    return t


def decline_testimony(
    session: Session, t: Testimony, reason: str, *, origin: Origin
) -> Testimony:
    """Record the witness's reason for declining; the request closes."""
    signing.check_open(t.state)
    clean = (reason or "").strip()
    if not clean:
        raise ValidationError("Say why you are declining.", "reason")
    if len(clean) > 1000:
        raise ValidationError("The reason must be 1000 characters or fewer.", "reason")
    with _unless_changed_elsewhere(session):
        t.decline_reason, t.declined_at = clean, utcnow()
        t.state = TestimonyState.DECLINED.value
        _close_links(t, origin.link)
        t.item.updated_at = utcnow()
    audit_testimony(
        session,
        origin.user or t.witness_email,
        "testimony.declined",
        t,
        ip=origin.ip,
        via=origin.via,
    )
    _tell_learner(session, t, "declined")
    return t


def _tell_learner(session: Session, t: Testimony, outcome: str) -> None:
    """Email the learner that their witness signed or declined."""
    extra = (
        "It is now locked. Check its mapping and submit it for assessment."
        if outcome == "signed"
        else f"Their reason: {t.decline_reason}"
    )
    send_mail(
        session,
        t.learner.email,
        f"Your witness testimony was {outcome}",
        f"{t.witness_name} {outcome} the testimony you requested.\n\n{extra}\n",
    )


def testimony_for_addressee(
    session: Session, testimony_id: int, *, actor: User
) -> Testimony:
    """A testimony addressed to the signed-in actor, else NotFoundError."""
    t = session.get(Testimony, testimony_id)
    if t is None or not scopes.is_testimony_addressee(actor, t.witness_email):
        raise NotFoundError(f"testimony {testimony_id}")
    return t


def testimonies_for_witness(
    session: Session, *, actor: User, awaiting_only: bool = False
) -> list[Testimony]:
    """Testimonies addressed to the actor's email, newest first."""
    stmt = (
        select(Testimony)
        .where(Testimony.witness_email == actor.email.strip().casefold())
        .options(
            selectinload(Testimony.learner),
            selectinload(Testimony.item).selectinload(EvidenceItem.current),
        )
        .order_by(Testimony.requested_at.desc(), Testimony.id.desc())
    )
    if awaiting_only:
        stmt = stmt.where(Testimony.state == TestimonyState.AWAITING.value)
    return list(session.scalars(stmt))
