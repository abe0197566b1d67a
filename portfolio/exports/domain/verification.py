"""Where a reader checks an export: the public verification URL (pure rules)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from portfolio.errors import ConflictError

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def is_loopback(host: str) -> bool:
    """True for localhost and loopback or unspecified addresses (127.0.0.0/8, ::1)."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def verification_url(base_url: str | None, *, production: bool) -> str:
    """``PUBLIC_BASE_URL`` + ``/verify``; production refuses an unset or local one."""
    base = (base_url or "").strip().rstrip("/")
    host = urlsplit(base).hostname or ""
    if production and (not host or is_loopback(host)):
        raise ConflictError(
            "Exports are switched off: set PUBLIC_BASE_URL to the address readers "
            "outside the centre use, so the verification link on the PDF works."
        )
    return f"{base or 'http://localhost'}/verify"
