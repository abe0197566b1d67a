"""Who a validated launch is about: the identity claims of an LTI id_token."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portfolio.errors import ValidationError
from portfolio.lti.domain.roles import PortfolioRole, portfolio_role

_BASE = "https://purl.imsglobal.org/spec/lti/claim/"
CLAIM = {
    "roles": _BASE + "roles",
    "custom": _BASE + "custom",
    "resource_link": _BASE + "resource_link",
    "deployment_id": _BASE + "deployment_id",
    "context": _BASE + "context",
    "ags": "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
}
MAX_NAME = 120


@dataclass(frozen=True)
class LaunchIdentity:
    """The person a launch names, on the platform that named them."""

    issuer: str
    subject: str
    email: str | None
    name: str
    role: PortfolioRole | None

    @property
    def placeholder_email(self) -> str:
        """An address that can never receive mail, for platforms that withhold it."""
        digest = hashlib.sha256(f"{self.issuer}\n{self.subject}".encode()).hexdigest()
        return f"lti-{digest[:24]}@lti.invalid"


def _name(claims: Mapping[str, Any]) -> str:
    """The display name: ``name``, else given and family names, else a neutral one."""
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        parts = [claims.get("given_name"), claims.get("family_name")]
        name = " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return (name or "Course member").strip()[:MAX_NAME]


def identity_from_claims(claims: Mapping[str, Any]) -> LaunchIdentity:
    """Read the identity out of a validated launch; refuse one without a subject."""
    subject = claims.get("sub")
    issuer = claims.get("iss")
    if not isinstance(subject, str) or not subject.strip():
        raise ValidationError("The launch names no user (sub is empty).", "sub")
    if not isinstance(issuer, str) or not issuer:
        raise ValidationError("The launch names no issuer.", "iss")
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or len(email) > 254:
        email = None
    roles = claims.get(CLAIM["roles"]) or []
    return LaunchIdentity(
        issuer=issuer,
        subject=subject.strip()[:255],
        email=email,
        name=_name(claims),
        role=portfolio_role(roles if isinstance(roles, list) else []),
    )
