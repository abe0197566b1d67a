"""Form fields and choice helpers shared by several features' forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from portfolio.errors import ConflictError, DomainError, ValidationError
from portfolio.extensions import db


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Build SelectField choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxListField(SelectMultipleField):
    """A multiple choice shown as a list of checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


# Service errors a person can act on; NotFoundError is left to become a 404.
USER_ERRORS = (ValidationError, ConflictError)


def form_error(form: FlaskForm, exc: DomainError) -> None:
    """Roll back and attach a service error to the field it names (or the form)."""
    db.session.rollback()
    name = exc.field if isinstance(exc, ValidationError) else None
    field = form._fields.get(name) if name else None
    (field.errors if field is not None else form.form_errors).append(str(exc))


def form_status(form: FlaskForm) -> int:
    """422 when a posted form has errors, else 200."""
    has_errors = form.errors or getattr(form, "form_errors", None)
    return 422 if request.method == "POST" and has_errors else 200
