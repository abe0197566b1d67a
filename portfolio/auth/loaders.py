"""Flask-Login loaders: browser sessions by cookie, the API by bearer token only.

The API authenticates *only* by bearer token, never by the browser's session
cookie, so exempting it from CSRF protection opens no cross-site hole.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request, current_app, g, request
from flask_login import current_user
from flask_smorest import abort

from portfolio.audit import request_events
from portfolio.auth.domain.mfa import required_roles
from portfolio.auth.domain.tokens import allows
from portfolio.auth.models import User
from portfolio.auth.services import accounts as services
from portfolio.auth.services import tokens
from portfolio.core import pagecache
from portfolio.extensions import db, login_manager


@login_manager.user_loader
def _load_user(token: str) -> User | None:
    """Load the user behind a ``user_id:session_id`` token, if that session lives."""
    if request.path.startswith("/api/"):
        return None
    cfg = current_app.config
    return services.load_session_user(
        db.session,
        token,
        idle=timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
        absolute=cfg["PERMANENT_SESSION_LIFETIME"],
        mfa_required=required_roles(str(cfg.get("MFA_REQUIRED_ROLES") or "")),
        cache=pagecache.cache_of(current_app._get_current_object()),  # type: ignore[attr-defined]
    )


@login_manager.request_loader
def _bearer_user(req: Request) -> User | None:
    """Authenticate an API request from its Authorization header."""
    if not req.path.startswith("/api/"):
        return None
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    row = tokens.token_for(db.session, header.removeprefix("Bearer ").strip())
    if row is None:
        return None
    g.api_token_scope = tokens.token_scope(row)  # auth.api refuses writes if read
    return row.user


def _refuse_writes_with_a_read_only_token() -> None:
    """A read-only token may GET; anything that changes data is a 403."""
    if not request.path.startswith("/api/") or not current_user.is_authenticated:
        return
    scope = g.get("api_token_scope")
    if scope is not None and not allows(scope, request.method):
        abort(403, message="This token is read-only; use a read and write token.")


def init_app(app: Flask) -> None:
    """Install the token-scope check and the request audit (before the limiter binds).

    The audit's rate-limit callback must be in the config before ``limiter.init_app``
    reads it, which is why it is installed here, with the sign-in machinery.
    """
    app.before_request(_refuse_writes_with_a_read_only_token)
    request_events.init_app(app)
