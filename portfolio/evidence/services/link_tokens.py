"""Signing-link tokens: itsdangerous with its own salt, carrying only a random id.

The token proves the link came from us and limits its age; the server-side
``TestimonyLink`` row makes it single-use, revocable and bound to the content.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portfolio.evidence.domain.signing import EXPIRED, INVALID, LinkError

SALT = "testimony-sign-v1"


def new_rid() -> str:
    """A random request id (192 bits from the OS CSPRNG)."""
    return secrets.token_urlsafe(24)


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    """The serializer for signing links only (the salt binds the purpose)."""
    return URLSafeTimedSerializer(secret_key, salt=SALT)


def make_token(secret_key: str, rid: str) -> str:
    """A URL-safe token whose payload is just the request id."""
    return _serializer(secret_key).dumps({"rid": rid})


def read_token(secret_key: str, token: str, max_age_seconds: int) -> str:
    """The request id inside ``token``; LinkError if forged, altered or expired."""
    try:
        payload = _serializer(secret_key).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise LinkError(EXPIRED, 410) from exc
    except BadSignature as exc:
        raise LinkError(INVALID, 404) from exc
    rid = payload.get("rid") if isinstance(payload, dict) else None
    if not isinstance(rid, str) or not rid:
        raise LinkError(INVALID, 404)
    return rid
