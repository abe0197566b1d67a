"""A platform's registration as an administrator enters it, checked."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from portfolio.errors import ValidationError

_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_DEPLOYMENTS = 50


@dataclass(frozen=True)
class PlatformSpec:
    """What the LMS administrator gives the centre when registering the tool."""

    name: str
    issuer: str
    client_id: str
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    deployment_ids: tuple[str, ...]


def _check_url(value: str, field: str) -> str:
    """An https URL (plain http only for this machine, for local testing)."""
    value = value.strip()
    parts = urlsplit(value)
    local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if not parts.netloc or not (parts.scheme == "https" or local):
        raise ValidationError("Enter an https:// address.", field)
    if parts.username or parts.password:
        raise ValidationError("The address must not contain a password.", field)
    return value


def split_deployments(text: str) -> tuple[str, ...]:
    """Deployment ids, one a line or comma-separated, without blanks or repeats."""
    seen: dict[str, None] = {}
    for raw in text.replace(",", "\n").splitlines():
        if raw.strip():
            seen[raw.strip()] = None
    return tuple(seen)


def check_platform(spec: PlatformSpec) -> PlatformSpec:
    """The registration with trimmed values; raise ValidationError naming a field."""
    if not spec.name.strip():
        raise ValidationError("Enter a name for this platform.", "name")
    if not spec.client_id.strip():
        raise ValidationError("Enter the client id the platform gave.", "client_id")
    if not spec.deployment_ids:
        raise ValidationError("Enter at least one deployment id.", "deployment_ids")
    if len(spec.deployment_ids) > MAX_DEPLOYMENTS:
        raise ValidationError(
            f"Enter at most {MAX_DEPLOYMENTS} deployment ids.", "deployment_ids"
        )
    if any(len(d) > 255 for d in spec.deployment_ids):
        raise ValidationError("A deployment id is too long.", "deployment_ids")
    return PlatformSpec(
        name=spec.name.strip(),
        issuer=_check_url(spec.issuer, "issuer"),
        client_id=spec.client_id.strip(),
        auth_login_url=_check_url(spec.auth_login_url, "auth_login_url"),
        auth_token_url=_check_url(spec.auth_token_url, "auth_token_url"),
        key_set_url=_check_url(spec.key_set_url, "key_set_url"),
        deployment_ids=spec.deployment_ids,
    )
