"""What the auth route modules share: the safe post-sign-in redirect."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None) -> str:
    """Only same-site relative paths may be redirected to after sign-in."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("main.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("main.dashboard")
    return target
