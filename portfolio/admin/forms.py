"""Admin forms."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    Regexp,
)

from portfolio.core.forms import (
    CheckboxListField,
    DayField,
    ProductForm,
    at_most,
    choices,
)
from portfolio.core.roles import ROLE_LABELS

ROLE_CHOICES = choices((r.value, label) for r, label in ROLE_LABELS.items())


class UserCreateForm(ProductForm):
    """A new account."""

    display_name = StringField(
        "Full name",
        validators=[
            DataRequired("Enter the person's full name."),
            Length(max=120, message="The name must be 120 characters or fewer."),
        ],
    )
    email = EmailField(
        "Email address",
        validators=[
            DataRequired("Enter their email address."),
            Email(
                "Enter an email address in the right format, like name@example.com.",
                check_deliverability=False,
            ),
            Length(max=254, message="The email address is too long."),
        ],
    )
    job_title = StringField("Job title", validators=[Optional(), at_most(120)])
    roles = CheckboxListField(
        "Roles",
        choices=ROLE_CHOICES,
        validators=[DataRequired("Choose at least one role.")],
    )
    password = PasswordField(
        "Initial password",
        validators=[
            DataRequired("Enter an initial password."),
            Length(8, 128, "The password must be 8 to 128 characters long."),
        ],
        description="Give it to the person securely; they should change it when they "
        "first sign in.",
    )


class UserEditForm(ProductForm):
    """Roles and status of an existing account."""

    roles = CheckboxListField(
        "Roles",
        choices=ROLE_CHOICES,
        validators=[DataRequired("Choose at least one role.")],
    )
    active = BooleanField("Account is active")


class EndSessionsForm(ProductForm):
    """Sign a user out everywhere (CSRF only)."""


class MfaResetForm(ProductForm):
    """Remove a user's authenticator (CSRF only)."""


class CohortForm(ProductForm):
    """A cohort of learners."""

    name = StringField(
        "Cohort name",
        validators=[
            DataRequired("Enter the cohort's name."),
            Length(max=120, message="The name must be 120 characters or fewer."),
        ],
    )
    start_date = DayField(
        "Start date", validators=[InputRequired("Enter the start date.")]
    )
    planned_end_date = DayField(
        "Planned end date",
        validators=[InputRequired("Enter the planned end date.")],
    )


class EnrolmentForm(ProductForm):
    """A learner's cohort, assessor, supervisor and planned dates."""

    cohort_id = SelectField("Cohort", coerce=int, validators=[Optional()])
    assessor_id = SelectField("Assessor", coerce=int, validators=[Optional()])
    supervisor_id = SelectField(
        "Workplace supervisor", coerce=int, validators=[Optional()]
    )
    start_date = DayField("Start date", validators=[Optional()])
    planned_end_date = DayField("Planned end date", validators=[Optional()])
    uln = StringField(
        "Unique learner number (ULN)",
        validators=[Optional(), Regexp(r"^\d{10}$", message="A ULN is 10 digits.")],
    )
    registration_number = StringField(
        "Awarding body registration number", validators=[Optional(), at_most(40)]
    )
