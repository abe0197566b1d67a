"""HTTP error pages and the mapping of domain errors to status codes."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from portfolio.errors import ConflictError, DomainError, NotFoundError, ValidationError
from portfolio.extensions import db

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: "Page not found",
    405: "Not allowed",
    409: "Changed by someone else",
    413: "File too large",
    422: "Check your input",
    429: "Too many attempts",
    500: "Something went wrong",
    503: "Not available yet",
}


def _respond(
    status: int, message: str, error_id: str | None = None, field: str | None = None
) -> ResponseReturnValue:
    """Render an error as JSON for the API or as a page."""
    if request.path.startswith("/api/"):
        body = {
            "code": status,
            "status": TITLES.get(status, "Error"),
            "message": message,
        }
        if field:
            body["errors"] = {"json": {field: [message]}}
        return jsonify(body), status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, "Error"),
            message=message,
            error_id=error_id,
        ),
        status,
    )


def _http_error(exc: HTTPException) -> ResponseReturnValue:
    """Any HTTP error (API errors keep flask-smorest's JSON with field errors)."""
    if isinstance(exc, SecurityError):  # untrusted Host: no URLs can be built
        return "Bad request: unknown host.", 400, {"Content-Type": "text/plain"}
    if request.path.startswith("/api/"):
        from portfolio.extensions import api

        return api.handle_http_exception(exc)
    status = exc.code or 500
    default = {
        404: "We could not find that page. Check the address, or go back to your "
        "dashboard.",
        413: "The file is larger than the upload limit.",
        429: "Too many attempts. Wait a minute and try again.",
    }
    return _respond(status, default.get(status, exc.description or ""))


def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
    """A form was posted without a valid CSRF token."""
    return _respond(400, "The form expired or was not sent from this site. Try again.")


def _server_error(exc: Exception) -> ResponseReturnValue:
    """An unexpected error: log it with an id, show the id, never the detail."""
    error_id = uuid.uuid4().hex[:12]
    log.exception("unhandled error %s", error_id)
    db.session.rollback()
    return _respond(500, "An unexpected error happened. It has been logged.", error_id)


def init_app(app: Flask) -> None:
    """Register the error handlers."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(NotFoundError, lambda e: _respond(404, TITLES[404]))
    app.register_error_handler(ConflictError, lambda e: _respond(409, str(e)))
    app.register_error_handler(DomainError, lambda e: _respond(422, str(e)))
    app.register_error_handler(
        ValidationError, lambda e: _respond(422, str(e), field=e.field)
    )
    if not app.testing:
        app.register_error_handler(Exception, _server_error)
