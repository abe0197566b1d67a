"""EQA access by e-mail: a signed link that needs a one-time code to open.

The link carries only a random id, signed with its own salt; the ``EqaLink`` row
holds the hash of the current code, which works once. The access itself is the
usual time-limited grants, so it ends by itself when they do.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from portfolio.assessment.models import EqaLink
from portfolio.assessment.services.eqa import MAX_DAYS, grant_access
from portfolio.assessment.services.sampling import require_iqa
from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError, ValidationError
from portfolio.mail.services import send_mail

SALT = "eqa-link-v1"
MAX_ATTEMPTS = 5
WRONG_CODE = "That code is not right. Check the e-mail we sent and try again."
USED_CODE = "That code has been used. Ask for a new code below."
LOCKED = "Too many wrong codes. Ask for a new code below."


@dataclass(frozen=True)
class EqaInvite:
    """Who to invite, to read which learners, for how many days."""

    email: str
    name: str
    learner_ids: tuple[int, ...]
    days: int


@dataclass(frozen=True)
class LinkKeys:
    """What signing needs from the app: the secret and how a link's URL is made."""

    secret_key: str
    url_for_token: Callable[[str], str]


def _code_hash(secret_key: str, code: str) -> str:
    """The stored form of a code (keyed, so a leaked table gives no codes)."""
    return hmac.new(secret_key.encode(), code.encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    """Eight digits from the OS CSPRNG."""
    return f"{secrets.randbelow(10**8):08d}"


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    """The serializer for EQA links only (the salt binds the purpose)."""
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def _eqa_account(session: Session, invite: EqaInvite, actor: User) -> User:
    """The EQA's account: found by e-mail, or made with the EQA role only."""
    found = accounts.find_user_by_email(session, invite.email)
    if found is None:
        return accounts.create_user(
            session,
            email=invite.email,
            display_name=invite.name,
            password=secrets.token_urlsafe(32),
            roles=(Role.EQA,),
            actor=actor,
            job_title="External quality assurer",
        )
    if not found.has_role(Role.EQA) or len(found.roles) > 1:
        raise ValidationError(
            "This address belongs to a centre account. Enter the assurer's own "
            "e-mail address.",
            "email",
        )
    return found


def _mail_code(session: Session, link: EqaLink, url: str, code: str) -> None:
    """E-mail the link and its current code to the EQA."""
    grantee = session.get(User, link.grantee_id)
    assert grantee is not None
    end = as_utc(link.expires_at)
    ends = f"{end.day} {end:%B %Y at %H:%M}"
    body = (
        f"Dear {grantee.display_name},\n\n"
        "The centre has given you read-only access to learners' portfolios for "
        f"external quality assurance, until {ends} (UTC).\n\n"
        f"Open this link:\n{url}\n\nand enter this one-time code: {code}\n\n"
        "Every page you open is recorded. The access ends by itself.\n"
    )
    send_mail(session, grantee.email, "Read-only access to learners' portfolios", body)


def invite_eqa(
    session: Session, invite: EqaInvite, *, actor: User, keys: LinkKeys
) -> EqaLink:
    """Grant an EQA access to chosen learners and e-mail them a link and a code."""
    require_iqa(actor)
    if not 1 <= invite.days <= MAX_DAYS:
        raise ValidationError(f"Enter for how many days, from 1 to {MAX_DAYS}.", "days")
    grantee = _eqa_account(session, invite, actor)
    grants = grant_access(
        session, grantee.id, invite.learner_ids, invite.days, actor=actor
    )
    code = _new_code()
    link = EqaLink(
        rid=secrets.token_urlsafe(24),
        grantee_id=grantee.id,
        granted_by_id=actor.id,
        code_hash=_code_hash(keys.secret_key, code),
        failed_attempts=0,
        expires_at=grants[0].expires_at,
    )
    session.add(link)
    session.flush()
    token = _serializer(keys.secret_key).dumps({"rid": link.rid})
    _mail_code(session, link, keys.url_for_token(token), code)
    record_event(
        session,
        actor=actor,
        action="eqa.link_sent",
        object_type="eqa_link",
        object_id=link.id,
        details={"eqa": grantee.display_name, "days": invite.days},
    )
    return link


def find_link(session: Session, token: str, secret_key: str) -> EqaLink:
    """The link a token names; NotFoundError if it is forged or unknown."""
    try:
        payload = _serializer(secret_key).loads(token, max_age=MAX_DAYS * 86_400)
    except BadSignature as exc:
        raise NotFoundError("EQA link") from exc
    rid = payload.get("rid") if isinstance(payload, dict) else None
    link = session.scalars(select(EqaLink).where(EqaLink.rid == str(rid))).first()
    if link is None:
        raise NotFoundError("EQA link")
    return link


def link_ended(link: EqaLink) -> bool:
    """Whether the link's access has ended."""
    return as_utc(link.expires_at) <= utcnow()


def open_link(session: Session, link: EqaLink, code: str, secret_key: str) -> User:
    """Check the one-time code; return the EQA to sign in, or say what is wrong.

    A wrong code counts against the link and is kept (the caller commits it), so
    guessing stops after a few tries; the right code works once.
    """
    if link_ended(link):
        raise NotFoundError("EQA link")
    if link.code_used_at is not None:
        raise ValidationError(USED_CODE, "code")
    if link.failed_attempts >= MAX_ATTEMPTS:
        raise ValidationError(LOCKED, "code")
    if not hmac.compare_digest(link.code_hash, _code_hash(secret_key, code.strip())):
        link.failed_attempts += 1
        session.flush()
        raise ValidationError(WRONG_CODE, "code")
    link.code_used_at = utcnow()
    grantee = session.get(User, link.grantee_id)
    assert grantee is not None
    record_event(
        session,
        actor=grantee,
        action="eqa.link_opened",
        object_type="eqa_link",
        object_id=link.id,
    )
    return grantee


def send_new_code(session: Session, link: EqaLink, token: str, keys: LinkKeys) -> None:
    """Replace the link's code with a new one, e-mailed to the EQA."""
    if link_ended(link):
        raise NotFoundError("EQA link")
    code = _new_code()
    link.code_hash = _code_hash(keys.secret_key, code)
    link.code_used_at = None
    link.failed_attempts = 0
    session.flush()
    _mail_code(session, link, keys.url_for_token(token), code)


__all__ = [
    "EqaInvite",
    "LinkKeys",
    "find_link",
    "invite_eqa",
    "link_ended",
    "open_link",
    "send_new_code",
]
