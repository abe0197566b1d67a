"""Small helpers the assessment views share."""

from __future__ import annotations

from flask import current_app, request
from flask_wtf import FlaskForm

from portfolio.errors import ConflictError, DomainError, ValidationError
from portfolio.extensions import db
from portfolio.mail.services import deliver_queued

USER_ERRORS = (ValidationError, ConflictError)


def form_error(form: FlaskForm, exc: DomainError) -> None:
    """Roll back and attach a service error to its field (or the whole form)."""
    db.session.rollback()
    name = exc.field if isinstance(exc, ValidationError) else None
    field = getattr(form, name or "", None) if name else None
    if field is None and name:
        field = form._fields.get(name)
    (field.errors if field is not None else form.form_errors).append(str(exc))


def status_of(form: FlaskForm) -> int:
    """422 when a posted form has errors, else 200."""
    has_errors = form.errors or getattr(form, "form_errors", None)
    return 422 if request.method == "POST" and has_errors else 200


def deliver_mail() -> None:
    """Send queued notification mail after the commit (a no-op without SMTP)."""
    deliver_queued(db.session, current_app.config)
    db.session.commit()
