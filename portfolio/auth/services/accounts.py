"""Account use cases: create users, authenticate, sessions, passwords, roles."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from redis.exceptions import RedisError
from sqlalchemy import CursorResult, delete, func, select
from sqlalchemy.orm import joinedload

from portfolio.audit.services import record_event
from portfolio.auth import passwords
from portfolio.auth.domain import mfa as mfa_rules
from portfolio.auth.models import AuthSession, User, UserRole
from portfolio.auth.services import session_cache
from portfolio.core.pagecache import PageCache
from portfolio.core.roles import Role
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import DomainError, NotFoundError, ValidationError


class AuthError(DomainError):
    """Sign-in failed; the message never says whether the email exists."""


GENERIC_LOGIN_ERROR = "Email or password is not correct."


def normalise_email(email: str) -> str:
    """Trim and case-fold an email address for storage and look-up."""
    return email.strip().casefold()


def find_user_by_email(session: Session, email: str) -> User | None:
    """Look a user up by normalised email."""
    return session.scalars(
        select(User).where(User.email == normalise_email(email))
    ).first()


def context_words(email: str, display_name: str, centre: str) -> tuple[str, ...]:
    """Words a password must not contain (name, email, centre)."""
    local = email.split("@")[0]
    words = [local, *re.split(r"[._+-]", local), *display_name.split(), *centre.split()]
    return tuple(w for w in words if len(w) >= 4)


def create_user(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    roles: Iterable[Role | str],
    actor: Any = None,
    job_title: str | None = None,
    centre: str = "",
) -> User:
    """Create an account with the given roles; refuses duplicates and weak passwords."""
    email = normalise_email(email)
    if find_user_by_email(session, email) is not None:
        raise ValidationError("An account with this email already exists.", "email")
    problem = passwords.password_problem(
        password, context=context_words(email, display_name, centre)
    )
    if problem:
        raise ValidationError(problem, "password")
    role_set = sorted({Role(r).value for r in roles})
    if not role_set:
        raise ValidationError("Choose at least one role.", "roles")
    user = User(
        email=email,
        display_name=display_name.strip(),
        password_hash=passwords.hash_password(password),
        job_title=job_title,
        role_rows=[UserRole(role=r) for r in role_set],
    )
    session.add(user)
    session.flush()
    record_event(
        session,
        actor=actor,
        action="user.create",
        object_type="user",
        object_id=user.id,
        details={"email": email, "roles": role_set},
    )
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """Return the active user with these credentials or raise AuthError."""
    user = find_user_by_email(session, email)
    if user is None:
        passwords.burn_time(password)
        record_event(  # the same work and the same record as a wrong password
            session,
            actor=None,
            action="auth.login_failed",
            object_type="user",
            details={
                "unknown_email_sha256": hashlib.sha256(email.encode()).hexdigest()
            },
        )
        raise AuthError(GENERIC_LOGIN_ERROR)
    if not passwords.verify_password(user.password_hash, password) or not user.active:
        record_event(
            session,
            actor=None,
            action="auth.login_failed",
            object_type="user",
            object_id=user.id,
        )
        raise AuthError(GENERIC_LOGIN_ERROR)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    return user


def confirm_password(session: Session, user: User, password: str) -> None:
    """Re-enter the password for a sensitive action (SECURITY #10), or AuthError.

    Success stamps this browser's session, so the next sensitive actions within
    ``REAUTH_MINUTES`` go ahead; either way the attempt is audited.
    """
    if not passwords.verify_password(user.password_hash, password):
        record_event(
            session,
            actor=user,
            action="auth.reauth_failed",
            object_type="user",
            object_id=user.id,
        )
        raise AuthError("That is not your password. Try again.")
    row = session.get(AuthSession, user.session_id) if user.session_id else None
    if row is not None:
        row.reauth_at = utcnow()
    record_event(
        session,
        actor=user,
        action="auth.reauthenticated",
        object_type="user",
        object_id=user.id,
    )


def start_session(
    session: Session, user: User, *, ip: str | None, user_agent: str | None
) -> AuthSession:
    """Create a server-side session record for a successful sign-in."""
    row = AuthSession(
        id=secrets.token_urlsafe(32),
        user_id=user.id,
        ip=ip,
        user_agent=(user_agent or "")[:255],
    )
    session.add(row)
    session.flush()
    user.session_id = row.id
    record_event(
        session,
        actor=user,
        action="auth.login",
        object_type="user",
        object_id=user.id,
        ip=ip,
    )
    return row


def load_session_user(
    session: Session,
    token: str,
    *,
    idle: timedelta,
    absolute: timedelta,
    mfa_required: frozenset[str] = frozenset(),
    cache: PageCache | None = None,
) -> User | None:
    """Resolve a ``user_id:session_id`` token to its user if the session is live.

    With ``cache`` the check usually comes from Redis (``session_cache``); the
    database is asked when nothing current is cached or the minute's touch is due.
    """
    user_id, _, session_id = token.partition(":")
    if not user_id.isdigit() or not session_id:
        return None
    versions: list[int] | None = None
    if cache is not None:
        try:
            entry, versions = session_cache.lookup(cache, session_id, int(user_id))
        except RedisError:
            entry, cache = None, None
        if entry is not None:
            facts = session_cache.session_facts(entry)
            now = utcnow()
            seen = as_utc(facts["last_seen_at"])
            fresh = now - seen <= min(idle, timedelta(minutes=1))
            if fresh and now - as_utc(facts["created_at"]) <= absolute:
                user = session_cache.user_from(session, entry)
                return _signed_in(user, session_id, facts, mfa_required)
    found = (
        session.execute(
            select(AuthSession, User)
            .outerjoin(User, User.id == AuthSession.user_id)
            .where(AuthSession.id == session_id)
            .options(joinedload(User.role_rows))  # one query: session, user and roles
        )
        .unique()
        .first()
    )
    if found is None or found[0].user_id != int(user_id):
        return None
    row, user = found
    now = utcnow()
    expired = (
        now - as_utc(row.last_seen_at) > idle or now - as_utc(row.created_at) > absolute
    )
    if expired or user is None or not user.active:
        session.delete(row)
        return None
    if now - as_utc(row.last_seen_at) > timedelta(minutes=1):
        row.last_seen_at = now  # committed at the edge; a new check is cached then
    elif cache is not None and versions is not None:
        try:
            session_cache.store(cache, row, user, versions)
        except RedisError:
            pass  # the next request asks the database again
    facts = {
        "mfa_at": row.mfa_at,
        "reauth_at": row.reauth_at,
        "created_at": row.created_at,
    }
    return _signed_in(user, row.id, facts, mfa_required)


def _signed_in(
    user: User, session_id: str, facts: dict[str, Any], mfa_required: frozenset[str]
) -> User:
    """The user with this request's session facts: its id, MFA gate, password time."""
    user.session_id = session_id
    user.mfa_gate = mfa_rules.gate_for(
        roles=(r.value for r in user.roles),
        enrolled=user.mfa_enabled_at is not None,
        session_verified=facts["mfa_at"] is not None,
        required=mfa_required,
        personal=user.mfa_required,
    )
    user.password_at = as_utc(facts["reauth_at"] or facts["created_at"])
    return user


def end_session(session: Session, user: User) -> None:
    """Sign out: delete this browser's server-side session."""
    if user.session_id:
        session.execute(delete(AuthSession).where(AuthSession.id == user.session_id))
    record_event(
        session, actor=user, action="auth.logout", object_type="user", object_id=user.id
    )


def end_all_sessions(
    session: Session,
    user: User,
    *,
    keep: str | None = None,
    actor: User | None = None,
) -> int:
    """Delete every session of ``user`` except ``keep``; return how many ended.

    With an ``actor`` (an administrator signing someone out) the act is audited.
    """
    stmt = delete(AuthSession).where(AuthSession.user_id == user.id)
    if keep:
        stmt = stmt.where(AuthSession.id != keep)
    result: CursorResult[Any] = session.execute(stmt)  # type: ignore[assignment]  # DELETE gives a cursor result
    ended = result.rowcount or 0
    if actor is not None:
        record_event(
            session,
            actor=actor,
            action="user.sessions_ended",
            object_type="user",
            object_id=user.id,
            details={"ended": ended},
        )
    return ended


def change_password(
    session: Session, user: User, *, current: str, new: str, centre: str = ""
) -> None:
    """Change a password after checking the current one; other sessions end."""
    if not passwords.verify_password(user.password_hash, current):
        raise ValidationError("Your current password is not correct.", "current")
    problem = passwords.password_problem(
        new, context=context_words(user.email, user.display_name, centre)
    )
    if problem:
        raise ValidationError(problem, "new")
    user.password_hash = passwords.hash_password(new)
    end_all_sessions(session, user, keep=user.session_id)
    record_event(
        session,
        actor=user,
        action="auth.password_changed",
        object_type="user",
        object_id=user.id,
    )


def get_user(session: Session, user_id: int) -> User:
    """Load a user by id or raise NotFoundError."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFoundError(f"user {user_id}")
    return user


def set_active(session: Session, user: User, active: bool, *, actor: Any) -> None:
    """Activate or deactivate an account; deactivation ends its sessions."""
    if actor is not None and getattr(actor, "id", None) == user.id and not active:
        raise ValidationError("You cannot deactivate your own account.", "active")
    user.active = active
    if not active:
        end_all_sessions(session, user)
    record_event(
        session,
        actor=actor,
        action="user.activate" if active else "user.deactivate",
        object_type="user",
        object_id=user.id,
    )


def set_roles(
    session: Session, user: User, roles: Iterable[Role | str], *, actor: Any
) -> None:
    """Replace a user's roles; their sessions end so new rights apply at once."""
    wanted = sorted({Role(r).value for r in roles})
    if not wanted:
        raise ValidationError("Choose at least one role.", "roles")
    if getattr(actor, "id", None) == user.id and Role.ADMIN.value not in wanted:
        raise ValidationError("You cannot remove your own admin role.", "roles")
    user.role_rows = [UserRole(role=r) for r in wanted]
    end_all_sessions(
        session,
        user,
        keep=getattr(actor, "session_id", None)
        if getattr(actor, "id", None) == user.id
        else None,
    )
    record_event(
        session,
        actor=actor,
        action="user.roles",
        object_type="user",
        object_id=user.id,
        details={"roles": wanted},
    )


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return session.scalar(select(func.count()).select_from(User)) or 0
