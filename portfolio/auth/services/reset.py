"""Password reset by e-mail: signed, single-use, short-lived links (SECURITY #6).

The link carries an itsdangerous token (salt ``pw-reset``, so no other signed token
of the app is accepted) holding the user id and a random nonce; the database keeps
only the nonce's SHA-256, marked used once the password is set. Every request gets
the same answer whether or not the e-mail has an account, and a second request
within ``resend_seconds`` sends nothing more.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update

from portfolio.audit.services import record_event
from portfolio.auth import passwords
from portfolio.auth.models import PasswordReset, User
from portfolio.auth.services.accounts import (
    context_words,
    end_all_sessions,
    find_user_by_email,
)
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import ValidationError
from portfolio.mail.services.outbox import send_mail

SALT = "pw-reset"
SETUP_SALT = "account-setup"  # the first admin's one-time link (SECURITY #5)
INVALID = (
    "This reset link has expired or has already been used. Ask for a new one from "
    "the sign-in page."
)


@dataclass(frozen=True)
class ResetLinks:
    """How reset links are made: the key, their lifetime and the public URL.

    ``salt`` keeps each kind of link apart: a reset link never opens the account
    set-up page and the other way round.
    """

    secret_key: str
    minutes: int
    resend_seconds: int
    url: Callable[[str], str]
    salt: str = SALT


def _serializer(links: ResetLinks) -> URLSafeTimedSerializer:
    """The signer for one kind of link, apart from every other token by its salt."""
    return URLSafeTimedSerializer(links.secret_key, salt=links.salt)


def _nonce_hash(nonce: str) -> str:
    """What the database keeps of a nonce."""
    return hashlib.sha256(nonce.encode()).hexdigest()


def request_reset(
    session: Session, email: str, *, links: ResetLinks, ip: str | None
) -> None:
    """E-mail a reset link if the address has an active account; say nothing else."""
    user = find_user_by_email(session, email)
    if user is None or not user.active:
        return
    latest = session.scalars(
        select(PasswordReset.created_at)
        .where(PasswordReset.user_id == user.id)
        .order_by(PasswordReset.id.desc())
        .limit(1)
    ).first()
    if latest and utcnow() - as_utc(latest) < timedelta(seconds=links.resend_seconds):
        return  # throttled: the link already sent still works
    url = issue_link(session, user, links)
    send_mail(session, user.email, "Reset your password", _body(user, url, links))
    record_event(
        session,
        actor=None,
        action="auth.reset_requested",
        object_type="user",
        object_id=user.id,
        ip=ip,
    )


def issue_link(session: Session, user: User, links: ResetLinks) -> str:
    """A new single-use link for ``user``: the URL, with only its nonce's hash kept."""
    nonce = secrets.token_urlsafe(24)
    session.add(PasswordReset(user_id=user.id, nonce_hash=_nonce_hash(nonce)))
    session.flush()
    return links.url(_serializer(links).dumps({"u": user.id, "n": nonce}))


def _body(user: User, url: str, links: ResetLinks) -> str:
    """The reset e-mail."""
    return (
        f"Dear {user.display_name},\n\nSomeone asked to reset the password of your "
        f"portfolio account. Open this link to choose a new password:\n{url}\n\n"
        f"The link works once and expires in {links.minutes} minutes. Setting a new "
        f"password signs you out everywhere.\n\nIf you did not ask for this, ignore "
        f"this e-mail: your password stays as it is.\n"
    )


def _pending(session: Session, token: str, links: ResetLinks) -> PasswordReset:
    """The unused, unexpired reset row behind ``token``, or ValidationError."""
    try:
        data = _serializer(links).loads(token, max_age=links.minutes * 60)
        user_id, nonce = int(data["u"]), str(data["n"])
    except (BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(INVALID) from exc
    row = session.scalars(
        select(PasswordReset).where(PasswordReset.nonce_hash == _nonce_hash(nonce))
    ).first()
    fresh = row is not None and utcnow() - as_utc(row.created_at) <= timedelta(
        minutes=links.minutes
    )
    if row is None or row.user_id != user_id or row.used_at is not None or not fresh:
        raise ValidationError(INVALID)
    return row


def check_reset_token(session: Session, token: str, *, links: ResetLinks) -> User:
    """The user a valid reset link belongs to (the account is not changed)."""
    user = session.get(User, _pending(session, token, links).user_id)
    if user is None or not user.active:
        raise ValidationError(INVALID)
    return user


def complete_reset(
    session: Session,
    token: str,
    new: str,
    *,
    links: ResetLinks,
    centre: str,
    ip: str | None,
) -> User:
    """Set the new password, spend every open link and end every session."""
    row = _pending(session, token, links)
    user = check_reset_token(session, token, links=links)
    problem = passwords.password_problem(
        new, context=context_words(user.email, user.display_name, centre)
    )
    if problem:
        raise ValidationError(problem, "new")
    user.password_hash = passwords.hash_password(new)
    now = utcnow()
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    row.used_at = now
    ended = end_all_sessions(session, user)
    record_event(
        session,
        actor=user,
        action="auth.password_reset",
        object_type="user",
        object_id=user.id,
        details={"sessions_ended": ended},
        ip=ip,
    )
    return user
