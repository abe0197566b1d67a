"""HTTP error pages and the mapping of domain errors to status codes."""

from __future__ import annotations

import logging
import uuid

from flask import Flask, Response, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, SecurityError

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

        return _with_allow(exc, api.handle_http_exception(exc))
    status = exc.code or 500
    default = {
        404: "We could not find that page. Check the address, or go back to your "
        "dashboard.",
        413: "The file is larger than the upload limit.",
        429: "Too many attempts. Wait a minute and try again.",
    }
    return _with_allow(
        exc, _respond(status, default.get(status, exc.description or ""))
    )


def _with_allow(exc: HTTPException, result: ResponseReturnValue) -> ResponseReturnValue:
    """A 405 names the methods the resource accepts (RFC 9110 section 15.5.6)."""
    response = make_response(result)
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


def _out_of_range(exc: Exception) -> ResponseReturnValue:
    """An id too large for the database cannot name a record: 404."""
    db.session.rollback()
    if isinstance(exc, DataError) and "out of range" not in str(exc.orig):
        return _server_error(exc)
    return _respond(404, TITLES[404])


def _race(exc: Exception) -> ResponseReturnValue:
    """A concurrent request changed the same record first: 409, try again."""
    db.session.rollback()
    if isinstance(exc, OperationalError) and "locked" not in str(exc.orig):
        return _server_error(exc)
    log.warning("concurrent change refused: %s", type(exc).__name__)
    return _respond(
        409, "Someone else changed this at the same time. Reload and try again."
    )


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
    out_of_range: tuple[type[Exception], ...] = (OverflowError, DataError)
    for error in out_of_range:
        app.register_error_handler(error, _out_of_range)
    races: tuple[type[Exception], ...] = (
        StaleDataError,
        IntegrityError,
        OperationalError,
    )
    for race in races:
        app.register_error_handler(race, _race)
    if not app.testing:
        app.register_error_handler(Exception, _server_error)


def race_response(exc: Exception) -> Response:
    """The 409 for a commit that lost a race (used by the request edge)."""
    return make_response(_race(exc))
