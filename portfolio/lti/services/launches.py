"""After a validated launch: find or create the person's account, note the activity."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.auth.services import accounts
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.core.typing import Session
from portfolio.errors import ConflictError, NotFoundError, ValidationError
from portfolio.lti.domain import (
    CLAIM,
    NO_ACCESS_MESSAGE,
    Activity,
    LaunchIdentity,
    activity_from_custom,
)
from portfolio.lti.models import LtiAccount, LtiActivity, LtiPlatform

# Accounts holding one of these are never linked to a launch by email alone.
_NEVER_LINKED_BY_EMAIL = frozenset({Role.ADMIN, Role.IQA, Role.EQA, Role.SUPERVISOR})
LINK_REFUSED = (
    "A portfolio account with this email address already exists with other roles, "
    "so it was not linked to your course account. Ask the centre's administrator."
)


def _link(
    session: Session, platform: LtiPlatform, identity: LaunchIdentity, user: User
) -> LtiAccount:
    """Link the platform's user to ``user`` and record it."""
    link = LtiAccount(
        platform_id=platform.id, subject=identity.subject, user_id=user.id
    )
    session.add(link)
    session.flush()
    record_event(
        session,
        actor=user,
        action="lti.account_link",
        object_type="user",
        object_id=user.id,
        details={"platform_id": platform.id, "subject": identity.subject},
    )
    return link


def _by_email(session: Session, identity: LaunchIdentity, role: Role) -> User | None:
    """An existing account with the launch's email, if it may be linked."""
    user = accounts.find_user_by_email(
        session, identity.email or identity.placeholder_email
    )
    if user is None:
        return None
    if user.roles & _NEVER_LINKED_BY_EMAIL or role not in user.roles:
        raise ConflictError(LINK_REFUSED)
    return user


def _create(session: Session, identity: LaunchIdentity, role: Role) -> User:
    """A new account (a random password: they sign in through the LMS)."""
    return accounts.create_user(
        session,
        email=identity.email or identity.placeholder_email,
        display_name=identity.name,
        password=secrets.token_urlsafe(32),
        roles=[role],
        actor=None,
    )


def account_for_launch(
    session: Session, platform: LtiPlatform, identity: LaunchIdentity
) -> User:
    """The portfolio account behind a launch: linked, matched by email, or new.

    Roles are set only when the account is made; afterwards the portfolio's
    administrators own them, so a launch never raises anyone's role.
    """
    if identity.role is None:
        raise ValidationError(NO_ACCESS_MESSAGE, "roles")
    link = session.scalars(
        select(LtiAccount).where(
            LtiAccount.platform_id == platform.id,
            LtiAccount.subject == identity.subject,
        )
    ).first()
    if link is None:
        role = Role(identity.role)
        user = _by_email(session, identity, role) or _create(session, identity, role)
        link = _link(session, platform, identity, user)
    if not link.user.active:
        raise ConflictError("This portfolio account is closed.")
    link.last_launch_at = utcnow()
    return link.user


def platform_for_claims(session: Session, claims: Mapping[str, Any]) -> LtiPlatform:
    """The registered platform a validated launch came from."""
    aud = claims.get("aud")
    client_id = aud[0] if isinstance(aud, list) and aud else aud
    platform = session.scalars(
        select(LtiPlatform).where(
            LtiPlatform.issuer == claims.get("iss"),
            LtiPlatform.client_id == client_id,
        )
    ).first()
    if platform is None:
        raise NotFoundError("platform")
    return platform


def _ags(claims: Mapping[str, Any]) -> tuple[list[str], str | None, str | None]:
    """The AGS claim's scopes and line item URLs (empty when the course has none)."""
    ags = claims.get(CLAIM["ags"])
    if not isinstance(ags, Mapping):
        return [], None, None
    scopes = [s for s in ags.get("scope") or [] if isinstance(s, str)]
    lineitem, lineitems = ags.get("lineitem"), ags.get("lineitems")
    return (
        scopes,
        lineitem if isinstance(lineitem, str) else None,
        lineitems if isinstance(lineitems, str) else None,
    )


def note_activity(
    session: Session, user: User, platform: LtiPlatform, claims: Mapping[str, Any]
) -> LtiActivity | None:
    """Record the course item a learner launched (None if it names no scenario)."""
    activity: Activity | None = activity_from_custom(claims.get(CLAIM["custom"]))
    resource = claims.get(CLAIM["resource_link"])
    if (
        activity is None
        or not isinstance(resource, Mapping)
        or not user.has_role(Role.LEARNER)
    ):
        return None
    link = session.scalars(
        select(LtiAccount).where(
            LtiAccount.platform_id == platform.id, LtiAccount.user_id == user.id
        )
    ).first()
    assert link is not None  # account_for_launch made it
    resource_id = str(resource.get("id") or "")[:255]
    row = session.scalars(
        select(LtiActivity).where(
            LtiActivity.account_id == link.id,
            LtiActivity.resource_link_id == resource_id,
        )
    ).first()
    if row is None:
        row = LtiActivity(
            account_id=link.id, learner_id=user.id, resource_link_id=resource_id
        )
        session.add(row)
    scopes, lineitem, lineitems = _ags(claims)
    row.deployment_id = str(claims.get(CLAIM["deployment_id"]) or "")[:255]
    row.title = str(resource.get("title") or activity.title)[:255]
    row.scenario_type, row.difficulty = activity.scenario_type, activity.difficulty
    row.ags_scopes = json.dumps(scopes)
    row.lineitem_url, row.lineitems_url = lineitem, lineitems
    session.flush()
    return row
