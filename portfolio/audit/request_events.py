"""Audit what requests did that no service records, and keep tokens out of logs.

Downloads of files and exports, signing-link views, refused object look-ups (a 404
to a signed-in user: another user's object, or a role without access) and rate-limit
hits are recorded. They are written after the request's own transaction has ended
(committed or rolled back), in a transaction of their own, so that a refused request
still leaves its trace.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, g, request
from flask_login import current_user

from portfolio.audit.services import record_event
from portfolio.extensions import db

log = logging.getLogger(__name__)
# Successful GETs worth a trace: endpoint -> audit action.
AUDITED_READS = {
    "evidence.file": "evidence.file_downloaded",
    "exports.download": "export.downloaded",
    "evidence.sign_link": "testimony.link_viewed",
}
TOKEN_PATH = re.compile(
    r"(/(?:evidence/sign|auth/reset|assessment/eqa/open)/)([^/?#\s\"']{6})[^/?#\s\"']*"
)
_PENDING = "_audit_request_event"


def redact(text: str) -> str:
    """Keep only the first six characters of a token in a URL path."""
    return TOKEN_PATH.sub(r"\1\2…", text)


class RedactTokens(logging.Filter):
    """A log filter that shortens signing and reset tokens in request lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with tokens cut short."""
        message = record.getMessage()
        if TOKEN_PATH.search(message):
            record.msg, record.args = redact(message), ()
        return True


def _remember(action: str, **details: Any) -> None:
    """Note an event to record once the request's transaction is over."""
    setattr(g, _PENDING, (action, details))


def rate_limited(limit: Any) -> None:
    """Flask-Limiter's on-breach callback: note the hit."""
    _remember("security.rate_limited", limit=str(getattr(limit, "limit", limit)))


def _ids() -> dict[str, Any]:
    """The path's integer arguments (object ids), never its tokens."""
    return {k: v for k, v in (request.view_args or {}).items() if isinstance(v, int)}


def _after(response: Response) -> Response:
    """Decide whether this response is one to audit."""
    endpoint = request.endpoint
    if endpoint is None or endpoint == "static" or g.get(_PENDING):
        return response
    signed_in = bool(getattr(current_user, "is_authenticated", False))
    if response.status_code == 404 and signed_in and request.view_args:
        # An object named in the path that this user may not see (or that is gone).
        _remember("security.denied", endpoint=endpoint, **_ids())
    elif (
        request.method == "GET"
        and response.status_code == 200
        and endpoint in AUDITED_READS
    ):
        _remember(AUDITED_READS[endpoint], endpoint=endpoint, **_ids())
    return response


def _record(exc: BaseException | None) -> None:
    """Write the noted event in a transaction of its own."""
    pending = g.pop(_PENDING, None)
    if pending is None:
        return
    action, details = pending
    user = current_user if getattr(current_user, "is_authenticated", False) else None
    details = {**details, "path": redact(request.path)[:300]}
    try:
        db.session.rollback()
        record_event(
            db.session,
            actor=user,
            action=action,
            object_type="request",
            object_id=details.get("endpoint"),
            details=details,
            ip=request.remote_addr,
        )
        db.session.commit()
    except Exception:  # noqa: BLE001 - auditing must never turn a reply into a 500
        db.session.rollback()
        log.exception("could not record %s", action)


def init_app(app: Flask) -> None:
    """Install the hooks, the limiter callback and the log filter."""
    app.config.setdefault("RATELIMIT_ON_BREACH_CALLBACK", rate_limited)
    app.after_request(_after)
    app.teardown_request(_record)
    for name in ("werkzeug", "gunicorn.access"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
