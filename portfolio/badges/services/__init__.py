"""Badge use cases: the centre's signing key, issuing and verifying credentials."""

from portfolio.badges.services.credentials import (
    Issuer,
    VerifyResult,
    badges_for,
    has_badge,
    has_badge_clause,
    issue_credential,
    load_credential,
    stored_jwt,
    verify_jwt,
)
from portfolio.badges.services.keys import Signer, load_signer

__all__ = [
    "Issuer",
    "Signer",
    "VerifyResult",
    "badges_for",
    "has_badge",
    "has_badge_clause",
    "issue_credential",
    "load_credential",
    "load_signer",
    "stored_jwt",
    "verify_jwt",
]
