"""Bearer-token authentication for the API (personal tokens, stored hashed).

The API authenticates *only* by bearer token, never by the browser's session
cookie, so exempting it from CSRF protection opens no cross-site hole.
"""

from __future__ import annotations

from flask import request

from portfolio.extensions import db, login_manager


@login_manager.request_loader
def _bearer_user(req):  # type: ignore[no-untyped-def]
    """Authenticate an API request from its Authorization header."""
    if not req.path.startswith("/api/"):
        return None
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    from portfolio.api import services

    return services.user_for_token(db.session, header.removeprefix("Bearer ").strip())


def is_api_request() -> bool:
    """Whether the current request is for the JSON API."""
    return request.path.startswith("/api/")
