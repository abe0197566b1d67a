"""Assessment forms: field syntax only (rules live in domain/ and the services)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional

from portfolio.assessment.domain.discussion import MAX_MINUTES, TEXT_MAX
from portfolio.assessment.domain.judging import ACTIONS_MAX, FEEDBACK_MAX
from portfolio.assessment.domain.signoff import REASON_MAX
from portfolio.core.forms import (
    CheckboxListField,
    DayField,
    ProductForm,
    WholeNumberField,
    at_most,
    choices,
)

DECISION_CHOICES = choices(
    [("", "Not judged"), ("met", "Met"), ("not_met", "Not yet met")]
)


class VersionedForm(ProductForm):
    """Carries the version the page showed (optimistic locking)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The version posted back, if any."""
        value = self.version.data
        return int(value) if value and str(value).isdigit() else None


class JudgeForm(VersionedForm):
    """Accept or return an item; per-criterion fields are added by judge_form."""

    outcome = RadioField(
        "What happens to this item?",
        choices=choices(
            [
                ("accept", "Accept it"),
                ("return", "Return it to the learner with actions"),
            ]
        ),
        validators=[InputRequired("Choose whether to accept or return the item.")],
    )
    actions = TextAreaField(
        "Actions for the learner",
        description="Needed when you return the item: what must change first.",
        validators=[at_most(ACTIONS_MAX)],
    )


def judge_form(codes: Iterable[str], **kwargs: Any) -> JudgeForm:
    """A JudgeForm with a decision and a feedback field for each criterion code."""

    class Form(JudgeForm):
        pass

    for code in codes:
        setattr(
            Form,
            f"d_{code}",
            RadioField(
                f"Decision on {code}",
                choices=DECISION_CHOICES,
                default="",
                validators=[Optional()],
            ),
        )
        setattr(
            Form,
            f"f_{code}",
            TextAreaField(f"Feedback on {code}", validators=[at_most(FEEDBACK_MAX)]),
        )
    return Form(**kwargs)


class DiscussionForm(ProductForm):
    """Record a professional discussion."""

    held_on = DayField("Date of the discussion", validators=[Optional()])
    duration = WholeNumberField(
        "Duration in minutes",
        invalid=f"Enter the duration in whole minutes, from 1 to {MAX_MINUTES}.",
        validators=[
            Optional(),
            NumberRange(
                1,
                MAX_MINUTES,
                f"Enter the duration in whole minutes, from 1 to {MAX_MINUTES}.",
            ),
        ],
    )
    questions = TextAreaField(
        "Questions you asked",
        description="One question per line.",
        validators=[at_most(TEXT_MAX)],
    )
    answers = TextAreaField(
        "Summary of the learner's answers", validators=[at_most(TEXT_MAX)]
    )
    criteria = CheckboxListField("Criteria the discussion covered", choices=[])
    audio = FileField(
        "Audio recording",
        description="Optional. MP3, M4A, WAV, OGG or WEBM.",
    )


class DeclarationForm(ProductForm):
    """Tick a declaration (assessor or learner)."""

    declared = BooleanField("I confirm the declaration above")


class UnlockForm(ProductForm):
    """Unlock a signed-off portfolio with a reason."""

    reason = TextAreaField(
        "Reason for unlocking",
        description="This is kept in the audit trail.",
        validators=[at_most(REASON_MAX)],
    )


class SampleForm(VersionedForm):
    """An IQA's verdict on a sampled decision."""

    action = RadioField(
        "Your verdict",
        choices=choices(
            [
                ("agree", "Agree with the decision"),
                ("send_back", "Send it back to the assessor with feedback"),
            ]
        ),
        validators=[InputRequired("Choose agree or send back.")],
    )
    feedback = TextAreaField(
        "Feedback for the assessor",
        description="Needed when you send the decision back.",
        validators=[at_most(FEEDBACK_MAX)],
    )


class PlanForm(ProductForm):
    """Set one assessor's sampling rate."""

    # No "required" attribute: a select without an empty first option may not have it.
    assessor_id = SelectField(
        "Assessor",
        choices=[],
        validators=[InputRequired("Choose the assessor.")],
        render_kw={"required": False},
    )
    rate = WholeNumberField(
        "Sampling rate (%)",
        description="From 0 to 100. New assessors are always sampled at 100%.",
        invalid="Enter the sampling rate as a whole number from 0 to 100.",
        validators=[Optional()],
    )
    new_assessor = BooleanField("New assessor (sample every decision)")


class ActionForm(ProductForm):
    """A button that only needs a CSRF token."""


class EqaGrantForm(ProductForm):
    """Read-only access for an external quality assurer, for a number of days."""

    grantee_id = SelectField(
        "External quality assurer",
        coerce=int,
        validators=[InputRequired("Choose the external quality assurer.")],
        render_kw={"required": False},
    )
    learners = CheckboxListField(
        "Learners they may read",
        coerce=int,
        validators=[InputRequired("Choose at least one learner.")],
    )
    days = WholeNumberField(
        "For how many days",
        invalid="Enter for how many days, from 1 to 90.",
        validators=[
            InputRequired("Enter for how many days, from 1 to 90."),
            NumberRange(1, 90, "Enter for how many days, from 1 to 90."),
        ],
        description="Access ends by itself at the end of the last day.",
    )


class EqaLinkForm(ProductForm):
    """Read-only access for an assurer without an account: a link sent by e-mail."""

    name = StringField(
        "Assurer's full name",
        validators=[
            InputRequired("Enter the assurer's full name."),
            Length(max=120, message="The name must be 120 characters or fewer."),
        ],
    )
    email = EmailField(
        "Assurer's email address",
        validators=[
            InputRequired("Enter the assurer's email address."),
            Email(
                "Enter an email address in the right format, like name@example.com.",
                check_deliverability=False,
            ),
            Length(max=254, message="The email address is too long."),
        ],
    )
    learners = CheckboxListField(
        "Learners they may read",
        coerce=int,
        validators=[InputRequired("Choose at least one learner.")],
    )
    days = WholeNumberField(
        "For how many days",
        invalid="Enter for how many days, as a number from 1 to 90.",
        validators=[
            InputRequired("Enter for how many days, as a number from 1 to 90."),
            NumberRange(1, 90, "Enter for how many days, as a number from 1 to 90."),
        ],
        description="The link and the access end by themselves after this.",
    )


class EqaCodeForm(ProductForm):
    """The one-time code from the e-mail that came with an EQA link."""

    code = StringField(
        "One-time code",
        validators=[
            InputRequired("Enter the eight-digit code from the e-mail."),
            Length(8, 8, "Enter the eight-digit code from the e-mail."),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class CohortPlanForm(ProductForm):
    """A cohort's RAG thresholds: criteria behind plan that turn amber and red."""

    cohort_id = SelectField(
        "Cohort",
        coerce=int,
        validators=[InputRequired("Choose the cohort.")],
        render_kw={"required": False},
    )
    amber_behind = WholeNumberField(
        "Amber from this many criteria behind",
        invalid="Enter a number of criteria from 1 to 50.",
        validators=[
            InputRequired("Enter how many criteria behind turns amber."),
            NumberRange(1, 50, "Enter a number of criteria from 1 to 50."),
        ],
    )
    red_behind = WholeNumberField(
        "Red from this many criteria behind",
        invalid="Enter a number of criteria from 1 to 50.",
        validators=[
            InputRequired("Enter how many criteria behind turns red."),
            NumberRange(1, 50, "Enter a number of criteria from 1 to 50."),
        ],
    )
