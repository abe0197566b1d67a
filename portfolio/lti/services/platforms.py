"""Registered platforms: list, register, change and remove them (administrators)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.core.typing import Session
from portfolio.errors import NotFoundError, ValidationError
from portfolio.lti.domain import PlatformSpec, check_platform
from portfolio.lti.models import LtiPlatform


def list_platforms(session: Session) -> Sequence[LtiPlatform]:
    """Every registered platform, by name."""
    return session.scalars(select(LtiPlatform).order_by(LtiPlatform.name)).all()


def get_platform(session: Session, platform_id: int) -> LtiPlatform:
    """One platform, or NotFoundError."""
    platform = session.get(LtiPlatform, platform_id)
    if platform is None:
        raise NotFoundError(f"platform {platform_id}")
    return platform


def _check_unique(session: Session, spec: PlatformSpec, own_id: int | None) -> None:
    """Refuse a second registration of the same issuer and client id."""
    clash = session.scalars(
        select(LtiPlatform.id).where(
            LtiPlatform.issuer == spec.issuer, LtiPlatform.client_id == spec.client_id
        )
    ).first()
    if clash is not None and clash != own_id:
        raise ValidationError(
            "This issuer and client id are registered already.", "client_id"
        )


def _write(platform: LtiPlatform, spec: PlatformSpec) -> None:
    """Copy a checked registration onto the row."""
    platform.name, platform.issuer = spec.name, spec.issuer
    platform.client_id = spec.client_id
    platform.auth_login_url = spec.auth_login_url
    platform.auth_token_url = spec.auth_token_url
    platform.key_set_url = spec.key_set_url
    platform.deployment_ids = "\n".join(spec.deployment_ids)


def _audit(session: Session, action: str, platform: LtiPlatform, actor: Any) -> None:
    """Record a change to a registration."""
    record_event(
        session,
        actor=actor,
        action=action,
        object_type="lti_platform",
        object_id=platform.id,
        details={"issuer": platform.issuer, "client_id": platform.client_id},
    )


def register_platform(
    session: Session, spec: PlatformSpec, *, actor: Any
) -> LtiPlatform:
    """Register a platform after checking its fields; flush."""
    checked = check_platform(spec)
    _check_unique(session, checked, None)
    platform = LtiPlatform()
    _write(platform, checked)
    session.add(platform)
    session.flush()
    _audit(session, "lti.platform_register", platform, actor)
    return platform


def update_platform(
    session: Session, platform_id: int, spec: PlatformSpec, *, actor: Any
) -> LtiPlatform:
    """Change a registration; flush."""
    platform = get_platform(session, platform_id)
    checked = check_platform(spec)
    _check_unique(session, checked, platform.id)
    _write(platform, checked)
    session.flush()
    _audit(session, "lti.platform_update", platform, actor)
    return platform


def remove_platform(session: Session, platform_id: int, *, actor: Any) -> None:
    """Remove a registration; its launches stop working (portfolio accounts stay)."""
    platform = get_platform(session, platform_id)
    _audit(session, "lti.platform_remove", platform, actor)
    session.delete(platform)
    session.flush()
