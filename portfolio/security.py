"""Session loading and the security headers sent with every response."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, current_app, request
from flask_login import current_user

from portfolio.extensions import db, login_manager

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


@login_manager.user_loader
def _load_user(token: str):  # type: ignore[no-untyped-def]
    """Load the user behind a ``user_id:session_id`` token, if that session lives."""
    from portfolio.auth import services

    if request.path.startswith("/api/"):
        return None  # the API accepts bearer tokens only (see api.tokens)
    cfg = current_app.config
    return services.load_session_user(
        db.session,
        token,
        idle=timedelta(minutes=cfg["SESSION_IDLE_MINUTES"]),
        absolute=cfg["PERMANENT_SESSION_LIFETIME"],
    )


def _headers(response: Response) -> Response:
    """Add CSP, nosniff, framing, referrer and caching headers."""
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        h.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.endpoint != "static" and (
        current_user.is_authenticated or request.path.startswith("/sign/")
    ):
        h["Cache-Control"] = "no-store"
    return response


def _commit_session_touch(response: Response) -> Response:
    """Persist a session's last-seen time when the loader moved it."""
    if db.session.dirty:
        db.session.commit()
    return response


def init_app(app: Flask) -> None:
    """Install the response hooks."""
    app.after_request(_headers)
    app.after_request(_commit_session_touch)
