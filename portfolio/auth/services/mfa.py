"""TOTP second factor: enrol, confirm, verify a code or recovery code (SECURITY #4)."""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime

import pyotp
from sqlalchemy import delete, select

from portfolio.audit.services import record_event
from portfolio.auth.domain import mfa as rules
from portfolio.auth.models import AuthSession, RecoveryCode, User
from portfolio.auth.services.accounts import end_all_sessions
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, ValidationError

WRONG_CODE = "That code is not right. Enter the 6-digit code your app shows now."
STEP_SECONDS = 30


def is_enrolled(user: User) -> bool:
    """Whether the user has confirmed an authenticator."""
    return user.mfa_enabled_at is not None and bool(user.totp_secret)


def new_secret(user: User) -> str:
    """A fresh TOTP secret for enrolment; nothing is stored until it is confirmed."""
    if is_enrolled(user):
        raise ConflictError("Two-step sign-in is already set up for this account.")
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def _matching_step(secret: str, code: str, at: datetime) -> int | None:
    """The time step (now, or one either side for clock skew) whose code is ``code``."""
    totp = pyotp.TOTP(secret)
    now = totp.timecode(at)
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_totp(user: User, raw: str, at: datetime) -> bool:
    """Check a TOTP code once: a step already used (a replay) is refused."""
    code = raw.replace(" ", "")
    if not user.totp_secret or not rules.looks_like_totp(code):
        return False
    step = _matching_step(user.totp_secret, code, at)
    if step is None or step <= (user.totp_last_step or -1):
        return False
    user.totp_last_step = step
    return True


def confirm_enrolment(
    session: Session, user: User, secret: str, code: str, *, at: datetime | None = None
) -> list[str]:
    """Keep ``secret`` once a first code shows the app has it; give recovery codes."""
    if is_enrolled(user):
        raise ConflictError("Two-step sign-in is already set up for this account.")
    user.totp_secret = secret
    if not _accept_totp(user, code, at or utcnow()):
        raise ValidationError(WRONG_CODE, "code")  # rolled back: nothing kept
    user.mfa_enabled_at = utcnow()
    codes = _replace_recovery_codes(session, user)
    record_event(
        session,
        actor=user,
        action="auth.mfa_enrolled",
        object_type="user",
        object_id=user.id,
    )
    return codes


def _replace_recovery_codes(session: Session, user: User) -> list[str]:
    """Store hashes of new recovery codes (old ones stop working); return the codes."""
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = rules.new_recovery_codes()
    session.add_all(
        RecoveryCode(user_id=user.id, code_hash=rules.hash_recovery_code(c))
        for c in codes
    )
    session.flush()
    return codes


def _use_recovery_code(session: Session, user: User, raw: str) -> bool:
    """Spend an unused recovery code matching ``raw``."""
    row = session.scalars(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == rules.hash_recovery_code(raw),
            RecoveryCode.used_at.is_(None),
        )
    ).first()
    if row is None:
        return False
    row.used_at = utcnow()
    return True


def verify_second_factor(
    session: Session,
    user: User,
    code: str,
    *,
    ip: str | None,
    at: datetime | None = None,
) -> str:
    """Accept a TOTP or recovery code, or raise; returns which kind was used."""
    if not is_enrolled(user):
        raise ConflictError("Two-step sign-in is not set up for this account.")
    kind = "totp" if _accept_totp(user, code, at or utcnow()) else None
    if kind is None and len(rules.normalise_code(code)) == 12:
        kind = "recovery" if _use_recovery_code(session, user, code) else None
    action = "auth.mfa_failed" if kind is None else "auth.mfa_passed"
    record_event(
        session,
        actor=user,
        action=action,
        object_type="user",
        object_id=user.id,
        details={"kind": kind} if kind else None,
        ip=ip,
    )
    if kind is None:
        raise ValidationError(WRONG_CODE, "code")
    return kind


def remaining_recovery_codes(session: Session, user: User) -> int:
    """How many unused recovery codes the user still has."""
    rows = session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    ).all()
    return len(rows)


def renew_verified_session(
    session: Session, user: User, *, ip: str | None, user_agent: str | None
) -> AuthSession:
    """Replace the password-only session with a new, verified one (anti-fixation)."""
    if user.session_id:
        session.execute(delete(AuthSession).where(AuthSession.id == user.session_id))
    row = AuthSession(
        id=secrets.token_urlsafe(32),
        user_id=user.id,
        ip=ip,
        user_agent=(user_agent or "")[:255],
        mfa_at=utcnow(),
    )
    session.add(row)
    session.flush()
    user.session_id = row.id
    user.mfa_gate = None
    return row


def reset_by_admin(session: Session, user: User, *, actor: User) -> int:
    """Remove ``user``'s authenticator and recovery codes (a lost phone).

    Every session of theirs ends; at their next sign-in they enrol again if their
    role or account requires it. Audited; returns how many sessions ended.
    """
    if not is_enrolled(user):
        raise ConflictError(f"{user.display_name} has no two-step sign-in to reset.")
    user.totp_secret = None
    user.mfa_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    ended = end_all_sessions(session, user)
    record_event(
        session,
        actor=actor,
        action="auth.mfa_reset",
        object_type="user",
        object_id=user.id,
        details={"sessions_ended": ended},
    )
    return ended
