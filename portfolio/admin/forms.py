"""Admin forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portfolio.core.forms import CheckboxListField, choices
from portfolio.core.roles import ROLE_LABELS

ROLE_CHOICES = choices((r.value, label) for r, label in ROLE_LABELS.items())


class UserCreateForm(FlaskForm):
    """A new account."""

    display_name = StringField(
        "Full name", validators=[DataRequired(), Length(max=120)]
    )
    email = EmailField(
        "Email address",
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    job_title = StringField("Job title", validators=[Optional(), Length(max=120)])
    roles = CheckboxListField(
        "Roles",
        choices=ROLE_CHOICES,
        validators=[DataRequired("Choose at least one role.")],
    )
    password = PasswordField(
        "Initial password",
        validators=[DataRequired(), Length(min=8, max=128)],
        description="Give it to the person securely; they should change it when they "
        "first sign in.",
    )


class UserEditForm(FlaskForm):
    """Roles and status of an existing account."""

    roles = CheckboxListField(
        "Roles",
        choices=ROLE_CHOICES,
        validators=[DataRequired("Choose at least one role.")],
    )
    active = BooleanField("Account is active")


class EndSessionsForm(FlaskForm):
    """Sign a user out everywhere (CSRF only)."""


class CohortForm(FlaskForm):
    """A cohort of learners."""

    name = StringField("Cohort name", validators=[DataRequired(), Length(max=120)])
    start_date = DateField("Start date", validators=[InputRequired()])
    planned_end_date = DateField("Planned end date", validators=[InputRequired()])


class EnrolmentForm(FlaskForm):
    """A learner's cohort, assessor, supervisor and planned dates."""

    cohort_id = SelectField("Cohort", coerce=int, validators=[Optional()])
    assessor_id = SelectField("Assessor", coerce=int, validators=[Optional()])
    supervisor_id = SelectField(
        "Workplace supervisor", coerce=int, validators=[Optional()]
    )
    start_date = DateField("Start date", validators=[Optional()])
    planned_end_date = DateField("Planned end date", validators=[Optional()])
