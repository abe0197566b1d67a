"""Assessment forms: field syntax only (rules live in domain/ and the services)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portfolio.assessment.domain.discussion import MAX_MINUTES, TEXT_MAX
from portfolio.assessment.domain.judging import ACTIONS_MAX, FEEDBACK_MAX
from portfolio.assessment.domain.signoff import REASON_MAX
from portfolio.core.forms import CheckboxListField, choices

DECISION_CHOICES = choices(
    [("", "Not judged"), ("met", "Met"), ("not_met", "Not yet met")]
)


class VersionedForm(FlaskForm):
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
        validators=[Length(max=ACTIONS_MAX)],
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
            TextAreaField(f"Feedback on {code}", validators=[Length(max=FEEDBACK_MAX)]),
        )
    return Form(**kwargs)


class DiscussionForm(FlaskForm):
    """Record a professional discussion."""

    held_on = DateField("Date of the discussion", validators=[Optional()])
    duration = IntegerField(
        "Duration in minutes", validators=[Optional(), NumberRange(1, MAX_MINUTES)]
    )
    questions = TextAreaField(
        "Questions you asked",
        description="One question per line.",
        validators=[Length(max=TEXT_MAX)],
    )
    answers = TextAreaField(
        "Summary of the learner's answers", validators=[Length(max=TEXT_MAX)]
    )
    criteria = CheckboxListField("Criteria the discussion covered", choices=[])
    audio = FileField(
        "Audio recording",
        description="Optional. MP3, M4A, WAV, OGG or WEBM.",
    )


class DeclarationForm(FlaskForm):
    """Tick a declaration (assessor or learner)."""

    declared = BooleanField("I confirm the declaration above")


class UnlockForm(FlaskForm):
    """Unlock a signed-off portfolio with a reason."""

    reason = TextAreaField(
        "Reason for unlocking",
        description="This is kept in the audit trail.",
        validators=[Length(max=REASON_MAX)],
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
        validators=[Length(max=FEEDBACK_MAX)],
    )


class PlanForm(FlaskForm):
    """Set one assessor's sampling rate."""

    # No "required" attribute: a select without an empty first option may not have it.
    assessor_id = SelectField(
        "Assessor",
        choices=[],
        validators=[InputRequired("Choose the assessor.")],
        render_kw={"required": False},
    )
    rate = IntegerField(
        "Sampling rate (%)",
        description="From 0 to 100. New assessors are always sampled at 100%.",
        validators=[Optional()],
    )
    new_assessor = BooleanField("New assessor (sample every decision)")


class ActionForm(FlaskForm):
    """A button that only needs a CSRF token."""


class EqaGrantForm(FlaskForm):
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
    days = IntegerField(
        "For how many days",
        validators=[
            InputRequired("Enter for how many days, from 1 to 90."),
            NumberRange(1, 90, "Enter for how many days, from 1 to 90."),
        ],
        description="Access ends by itself at the end of the last day.",
    )


class CohortPlanForm(FlaskForm):
    """A cohort's RAG thresholds: criteria behind plan that turn amber and red."""

    cohort_id = SelectField(
        "Cohort",
        coerce=int,
        validators=[InputRequired("Choose the cohort.")],
        render_kw={"required": False},
    )
    amber_behind = IntegerField(
        "Amber from this many criteria behind",
        validators=[
            InputRequired("Enter how many criteria behind turns amber."),
            NumberRange(1, 50, "Enter a number of criteria from 1 to 50."),
        ],
    )
    red_behind = IntegerField(
        "Red from this many criteria behind",
        validators=[
            InputRequired("Enter how many criteria behind turns red."),
            NumberRange(1, 50, "Enter a number of criteria from 1 to 50."),
        ],
    )
