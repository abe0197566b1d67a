"""API token scopes and lifetimes: what a token may do and for how long."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from portfolio.errors import ValidationError

MAX_DAYS = 366
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenScope(StrEnum):
    """What a token may do: read only, or read and write."""

    READ = "read"
    READ_WRITE = "read_write"

    @property
    def label(self) -> str:
        """The scope as a person reads it."""
        return "Read only" if self is TokenScope.READ else "Read and write"


def check_scope(value: str | None) -> TokenScope:
    """A known scope (read and write when none is given)."""
    if value in (None, ""):
        return TokenScope.READ_WRITE
    if value not in set(TokenScope):
        raise ValidationError("Choose read or read_write.", "scope")
    return TokenScope(value)


def expiry(now: datetime, days: int | None) -> datetime | None:
    """When a token made now expires (never when ``days`` is None)."""
    if days is None:
        return None
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            f"A token lasts from 1 to {MAX_DAYS} days.", "expires_in_days"
        )
    return now + timedelta(days=days)


def allows(scope: str, method: str) -> bool:
    """Whether a token of ``scope`` may make a request with ``method``."""
    return scope == TokenScope.READ_WRITE or method.upper() in SAFE_METHODS


def is_live(expires_at: datetime | None, now: datetime) -> bool:
    """Whether a token with this expiry still works at ``now``."""
    return expires_at is None or now < expires_at
