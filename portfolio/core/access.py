"""Authorisation in one place: route declarations, the deny-by-default guard, scopes.

Every view declares who may use it with ``@public``, ``@signed_in`` or
``@roles(...)``. A view without a declaration is refused for everyone. A signed-in
user without the role gets a 404, so that ids and pages leak nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, jsonify, redirect, request, url_for
from flask_login import current_user

from portfolio.core.roles import Role
from portfolio.core.time import utcnow

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC = "public"
SIGNED_IN = "signed_in"
# Endpoints registered by libraries, which cannot carry our decorators.
LIBRARY_PUBLIC_ENDPOINTS = frozenset({"api-docs.openapi_json"})
# What a session that still owes its second factor may reach (besides public pages).
MFA_GATE_ENDPOINTS = frozenset({"auth.mfa", "auth.mfa_setup", "auth.logout"})


def public(view: F) -> F:
    """Anyone, signed in or not, may use this view."""
    view._access = PUBLIC  # type: ignore[attr-defined]  # the declaration rides on the view
    return view


def signed_in(view: F) -> F:
    """Any signed-in user may use this view."""
    view._access = SIGNED_IN  # type: ignore[attr-defined]  # the declaration rides on the view
    return view


def roles(*names: Role) -> Callable[[F], F]:
    """Only users holding one of ``names`` may use this view."""

    def decorate(view: F) -> F:
        view._access = frozenset(Role(n) for n in names)  # type: ignore[attr-defined]  # the declaration rides on the view
        return view

    return decorate


def recent_password(view: F) -> F:
    """A POST here asks for the password again if it was last typed too long ago.

    For sensitive actions (SECURITY #10): signing off, IQA decisions, exports, user
    administration; the window is ``REAUTH_MINUTES``. Reading the page (GET) and
    bearer-token API calls are not affected.
    """
    view._reauth = True  # type: ignore[attr-defined]  # read by the guard
    return view


def declared_access(view: Callable[..., Any]) -> Any:
    """The access declaration of a view function (or its MethodView class)."""
    found = getattr(view, "_access", None)
    if found is None and hasattr(view, "view_class"):
        found = getattr(view.view_class, "_access", None)
    return found


def _wants_json() -> bool:
    """API requests get JSON errors instead of redirects."""
    return request.path.startswith("/api/")


def _guard() -> Any:
    """Refuse any request the endpoint's declaration does not allow."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    view = current_app.view_functions.get(request.endpoint)
    access = declared_access(view) if view else None
    if request.endpoint in LIBRARY_PUBLIC_ENDPOINTS:
        access = PUBLIC
    if access == PUBLIC:
        return None
    if access is None:
        abort(403)
    if not current_user.is_authenticated:
        if _wants_json():
            resp = jsonify(
                code=401, status="Unauthorized", message="Sign in or send a token."
            )
            resp.status_code = 401
            return resp
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    gate = getattr(current_user, "mfa_gate", None)
    if gate and request.endpoint not in MFA_GATE_ENDPOINTS:
        # Password accepted, second factor still owed (SECURITY #4).
        return redirect(url_for(f"auth.{gate}", next=request.full_path.rstrip("?")))
    if access != SIGNED_IN and not (current_user.roles & access):
        abort(404)
    return _password_again(view)


def _password_again(view: Any) -> Any:
    """Send a stale session to confirm its password before a sensitive action."""
    if not getattr(view, "_reauth", False) or request.method != "POST" or _wants_json():
        return None
    typed = getattr(current_user, "password_at", None)
    window = timedelta(minutes=int(current_app.config["REAUTH_MINUTES"]))
    if typed is not None and utcnow() - typed <= window:
        return None
    return redirect(url_for("auth.confirm_password", next=_come_back_to()), 303)


def _come_back_to() -> str:
    """Where to return once the password is confirmed: the page of the form."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path.startswith("/"):
        return referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return url_for("main.dashboard")


def init_app(app: Flask) -> None:
    """Install the deny-by-default guard."""
    app.before_request(_guard)
