"""The security headers sent with every response."""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


# A user's file: the browser must neither run it nor guess another type for it.
SANDBOX_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-Type-Options": "nosniff",
}
# A private response: never cached, and its address never sent on as a referrer.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def sandboxed(response: Response, *, private: bool = False) -> Response:
    """A download of a user's file: sandboxed, never sniffed (optionally private)."""
    response.headers.update(SANDBOX_HEADERS)
    if private:
        response.headers.update(PRIVATE_HEADERS)
    return response


def private(response: Response) -> Response:
    """A page reached through a signing link: not cached, no referrer."""
    response.headers.update(PRIVATE_HEADERS)
    return response


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


def init_app(app: Flask) -> None:
    """Install the response hooks."""
    app.after_request(_headers)
