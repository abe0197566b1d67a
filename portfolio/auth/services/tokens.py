"""Create, list, revoke and resolve personal API tokens (scoped, with expiry)."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth.domain.tokens import TokenScope, check_scope, expiry, is_live
from portfolio.auth.models import ApiToken, User
from portfolio.core.time import as_utc, utcnow
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError, ValidationError

PREFIX = "sop_"


def _digest(token: str) -> str:
    """SHA-256 of a token (tokens are random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session,
    user: User,
    name: str,
    *,
    scope: str | None = None,
    expires_in_days: int | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; the plain value is returned once and never stored."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationError("Give the token a name of 1 to 80 characters.", "name")
    chosen = check_scope(scope)
    expires_at = expiry(utcnow(), expires_in_days)
    plain = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        name=name,
        prefix=plain[:10],
        token_hash=_digest(plain),
        scope=chosen.value,
        expires_at=expires_at,
    )
    session.add(row)
    session.flush()
    record_event(
        session,
        actor=user,
        action="api_token.create",
        object_type="api_token",
        object_id=row.id,
        details={
            "name": name,
            "scope": chosen.value,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return row, plain


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's live tokens, newest first."""
    stmt = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id.desc())
    )
    return list(session.scalars(stmt))


def revoke_token(session: Session, user: User, token_id: int) -> None:
    """Revoke one of the user's own tokens."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        raise NotFoundError(f"token {token_id}")
    row.revoked_at = utcnow()
    record_event(
        session,
        actor=user,
        action="api_token.revoke",
        object_type="api_token",
        object_id=row.id,
    )


def token_for(session: Session, plain: str) -> ApiToken | None:
    """The live (unrevoked, unexpired) token of an active user, or None."""
    if not plain.startswith(PREFIX):
        return None
    row = session.scalars(
        select(ApiToken).where(
            ApiToken.token_hash == _digest(plain), ApiToken.revoked_at.is_(None)
        )
    ).first()
    if row is None or not row.user.active:
        return None
    if not is_live(as_utc(row.expires_at) if row.expires_at else None, utcnow()):
        return None
    return row


def token_scope(row: ApiToken) -> TokenScope:
    """The scope a stored token carries."""
    return TokenScope(row.scope or TokenScope.READ_WRITE)
