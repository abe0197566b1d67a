"""Seals: HMAC-SHA-256 over signed records with a key held outside the database.

``SEAL_KEY`` comes from the environment (issue 16 #3). Someone who can write to the
database can recompute a plain SHA-256 but not a seal, so a rewritten signed row shows
as altered. The purpose string keeps seals of different record kinds apart.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def _key() -> bytes:
    """The configured seal key (the app refuses to start without one in production)."""
    key = current_app.config.get("SEAL_KEY") or current_app.config["SECRET_KEY"]
    return str(key).encode("utf-8")


def seal(purpose: str, *parts: object) -> str:
    """Hex HMAC-SHA-256 of ``purpose`` and ``parts`` (joined unambiguously)."""
    message = "\x1f".join([purpose, *("" if p is None else str(p) for p in parts)])
    return hmac.new(_key(), message.encode("utf-8"), hashlib.sha256).hexdigest()


def seal_matches(value: str | None, purpose: str, *parts: object) -> bool:
    """Whether ``value`` is the seal of ``parts`` (constant-time comparison)."""
    return bool(value) and hmac.compare_digest(str(value), seal(purpose, *parts))
