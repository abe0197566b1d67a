"""A signed-in session's check from Redis instead of the database.

Every signed-in request checks its server-side session (``auth_session``), the user
and their roles. With the page cache's Redis (``core.pagecache``) that check is kept
per session, together with the versions of ``s:<user>`` and ``s:*`` read *before* the
database was asked. Any write to the session row, the account or its roles bumps
``s:<user>`` after its commit (a bulk or text statement bumps ``s:*``), so a session
that was ended, an account switched off or a role removed is seen by the very next
request. When the once-a-minute touch is due, or the session has expired, the
database is asked again. Secrets are never cached: the password hash and the TOTP
secret load from the database if a page needs them.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from portfolio.auth.models import AuthSession, User, UserRole
from portfolio.core.pagecache import SESSIONS_ALL, PageCache
from portfolio.core.typing import Session

USER_FIELDS = (
    "email",
    "display_name",
    "job_title",
    "active",
    "mfa_enabled_at",
    "mfa_required",
    "created_at",
)
SESSION_FIELDS = ("created_at", "last_seen_at", "reauth_at", "mfa_at")
DATES = frozenset({"mfa_enabled_at", *SESSION_FIELDS})
# Longer than any session lives idle; a stale entry is never trusted anyway.
ENTRY_SECONDS = 3600


def _key(cache: PageCache, session_id: str) -> str:
    return f"{cache.prefix}sess:{session_id}"


def _version_keys(cache: PageCache, user_id: int) -> list[str]:
    return [f"{cache.prefix}v:s:{user_id}", f"{cache.prefix}v:{SESSIONS_ALL}"]


def lookup(
    cache: PageCache, session_id: str, user_id: int
) -> tuple[dict[str, Any] | None, list[int]]:
    """The cached check of this session if still current, and the versions now.

    The versions are read in the same round trip, before any database query, so a
    check stored with them is refused once anything about the session changes.
    """
    keys = [_key(cache, session_id), *_version_keys(cache, user_id)]
    raw, *versions = cache.redis.mget(keys)
    now = [int(v) if v else 0 for v in versions]
    if raw is None:
        return None, now
    entry = json.loads(raw)
    if entry.get("v") != now or entry.get("user_id") != user_id:
        return None, now
    return entry, now


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def store(cache: PageCache, row: AuthSession, user: User, versions: list[int]) -> None:
    """Keep the check of a live session, stamped with the versions read before it."""
    entry: dict[str, Any] = {
        "v": versions,
        "user_id": user.id,
        "user": {f: _plain(getattr(user, f)) for f in USER_FIELDS},
        "roles": sorted(r.role for r in user.role_rows),
        "session": {f: _plain(getattr(row, f)) for f in SESSION_FIELDS},
    }
    cache.redis.set(_key(cache, row.id), json.dumps(entry), ex=ENTRY_SECONDS)


def _value(name: str, value: Any) -> Any:
    return datetime.fromisoformat(value) if name in DATES and value else value


def session_facts(entry: dict[str, Any]) -> dict[str, Any]:
    """The cached session row's dates."""
    return {f: _value(f, v) for f, v in entry["session"].items()}


def user_from(session: Session, entry: dict[str, Any]) -> User:
    """The user as a persistent object of this session, without a query.

    Columns left out (the password hash, the TOTP secret) are expired, so reading
    one loads it from the database.
    """
    user_id = int(entry["user_id"])
    roles = []
    for name in entry["roles"]:
        role = UserRole(user_id=user_id, role=name)
        make_transient_to_detached(role)
        roles.append(role)
    user = User(id=user_id, **{f: _value(f, v) for f, v in entry["user"].items()})
    set_committed_value(user, "role_rows", roles)
    make_transient_to_detached(user)
    session.add(user)
    return user
