"""The request edge: one commit per successful request, mail and jobs after it.

Views and API resources call services (which only flush) and never commit. When
the view returns a response below 400 and nothing marked the request as failed,
the edge commits once, then runs the after-commit callbacks (queued mail,
dispatching background jobs). Any other outcome rolls the whole request back.
A read-only request commits too (a COMMIT that writes nothing): on PostgreSQL a
ROLLBACK would make psycopg drop every prepared statement of the connection.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, current_app, flash, g, request
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from portfolio.errors import ConflictError, DomainError, ValidationError
from portfolio.extensions import db

# Service errors a person can act on; NotFoundError is left to become a 404.
USER_ERRORS = (ValidationError, ConflictError)
AfterCommit = Callable[[], None]
RACE_ERRORS = (StaleDataError, IntegrityError, OperationalError)
_APP_HOOKS = "portfolio.after_commit"


def mark_failed() -> None:
    """Make the edge roll this request back, whatever status the response has."""
    g.request_failed = True


def flash_failure(exc: DomainError | str, category: str = "error") -> None:
    """Show a refused operation to the person and roll the request back."""
    flash(str(exc), category)
    mark_failed()


def form_error(form: FlaskForm, exc: DomainError) -> None:
    """Attach a service error to the field it names (or the form); mark failed."""
    mark_failed()
    name = exc.field if isinstance(exc, ValidationError) else None
    field = form._fields.get(name) if name else None
    (field.errors if field is not None else form.form_errors).append(str(exc))


def form_status(form: FlaskForm) -> int:
    """422 when a posted form has errors, else 200."""
    has_errors = form.errors or getattr(form, "form_errors", None)
    return 422 if request.method == "POST" and has_errors else 200


def after_commit(callback: AfterCommit) -> None:
    """Run ``callback`` once this request's transaction has been committed."""
    g.setdefault("after_commit", []).append(callback)


def on_every_commit(app: Flask, callback: AfterCommit) -> None:
    """Register a callback the edge runs after every committed request."""
    app.extensions.setdefault(_APP_HOOKS, []).append(callback)


def _finish(response: Response) -> Response:
    """Commit a successful request once (then run callbacks); roll back others."""
    if response.status_code >= 400 or g.get("request_failed"):
        db.session.rollback()
        return response
    try:
        # A read-only request commits too: it has nothing to write, and on PostgreSQL
        # a ROLLBACK makes psycopg drop the connection's prepared statements, so no
        # query would ever reuse its plan (planning is half the cost of a page's reads).
        db.session.commit()
    except RACE_ERRORS as exc:  # a concurrent request won: 409, never 500
        from portfolio.core.http_errors import race_response

        return race_response(exc)
    hooks = [*current_app.extensions.get(_APP_HOOKS, ()), *g.get("after_commit", ())]
    for callback in hooks:
        callback()
    return response


def init_app(app: Flask) -> None:
    """Install the commit-at-the-edge hook (runs before the other response hooks)."""
    app.after_request(_finish)
