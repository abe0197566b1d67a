"""The first admin, created from the command line with a one-time link (SECURITY #5).

No account ships with the application. ``flask create-admin`` makes an admin whose
password nobody knows and prints a single-use link that expires (24 hours by
default); through it the admin chooses a password, and at the first sign-in they
must enrol a second factor before any page opens, whatever ``MFA_REQUIRED_ROLES``
says.
"""

from __future__ import annotations

import secrets

from portfolio.audit.services import record_event
from portfolio.auth.models import User
from portfolio.auth.services.accounts import create_user
from portfolio.auth.services.reset import ResetLinks, issue_link
from portfolio.core.roles import Role
from portfolio.core.typing import Session


def create_first_admin(
    session: Session, *, email: str, display_name: str, centre: str, links: ResetLinks
) -> tuple[User, str]:
    """Create the admin and return it with its one-time set-up URL."""
    user = create_user(
        session,
        email=email,
        display_name=display_name,
        # Never shown to anyone: the admin sets their own through the link.
        password=secrets.token_urlsafe(32),
        roles=[Role.ADMIN],
        centre=centre,
    )
    user.mfa_required = True
    url = issue_link(session, user, links)
    record_event(
        session,
        actor=None,
        action="auth.setup_link_issued",
        object_type="user",
        object_id=user.id,
        details={"via": "cli"},
    )
    return user, url
