"""Second-factor rules: who must enrol, which gate a session faces, recovery codes."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from enum import StrEnum

RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud safely
# Roles that may ever be asked for a second factor (staff, SECURITY #4).
STAFF_ROLES = frozenset({"assessor", "iqa", "admin"})


class MfaGate(StrEnum):
    """What a signed-in session must do before it may use the portfolio."""

    VERIFY = "mfa"  # enrolled: enter a code
    ENROL = "mfa_setup"  # required by policy, not enrolled yet


def required_roles(setting: str) -> frozenset[str]:
    """Parse ``MFA_REQUIRED_ROLES`` ("assessor,iqa,admin") into role names."""
    return frozenset(r.strip().lower() for r in setting.split(",") if r.strip())


def gate_for(
    *,
    roles: Iterable[str],
    enrolled: bool,
    session_verified: bool,
    required: frozenset[str],
    personal: bool = False,
) -> MfaGate | None:
    """The gate this session faces, or None when it may go on.

    ``personal`` is an account that must enrol whatever its roles (the first admin).
    """
    if session_verified:
        return None
    if enrolled:
        return MfaGate.VERIFY
    if personal or set(roles) & required:
        return MfaGate.ENROL
    return None


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    """Fresh codes such as ``k7dq-m2xp-9fha`` (about 60 bits each)."""
    return [
        "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
        for _ in range(count)
    ]


def normalise_code(raw: str) -> str:
    """What a person typed, without spaces and hyphens, lower case."""
    return "".join(ch for ch in raw.casefold() if ch.isalnum())


def hash_recovery_code(code: str) -> str:
    """The stored SHA-256 of a recovery code (normalised first)."""
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def looks_like_totp(raw: str) -> bool:
    """Six digits (spaces allowed), as an authenticator app shows them."""
    digits = raw.replace(" ", "")
    return len(digits) == 6 and digits.isdigit()
