"""What the assessment pages share: who may use them, paging, app settings."""

from __future__ import annotations

from flask import Response, current_app

from portfolio.core.access import roles
from portfolio.core.roles import Role

ASSESSOR = roles(Role.ASSESSOR)
STAFF = roles(Role.ASSESSOR, Role.IQA, Role.ADMIN)
IQA = roles(Role.IQA, Role.ADMIN)
LEARNER = roles(Role.LEARNER)
PER_PAGE = 25
# A user's file: the browser must neither run it nor guess another type for it.
SANDBOX_HEADERS = {
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "X-Content-Type-Options": "nosniff",
}


def base_url() -> str:
    """The public address that links in notification mail start with."""
    return str(current_app.config.get("PUBLIC_BASE_URL") or "")


def upload_limit() -> int:
    """The largest upload accepted, in bytes."""
    return int(float(current_app.config["UPLOAD_MAX_MB"]) * 1024 * 1024)


def sandboxed(response: Response) -> Response:
    """A download of a user's file, sandboxed and never sniffed."""
    response.headers.update(SANDBOX_HEADERS)
    return response
