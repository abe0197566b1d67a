"""Evidence forms: field syntax only (state and rules live in the services)."""

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
from wtforms.validators import DataRequired, InputRequired, Optional

from portfolio.core.forms import (
    CheckboxListField,
    DayField,
    ProductForm,
    at_most,
    choices,
)
from portfolio.evidence.domain.details import JUSTIFICATION_MAX
from portfolio.evidence.domain.kinds import RECORD_KINDS, Context
from portfolio.framework.domain.vocabulary import OrderType

TEXT_MAX = 5000
ORDER_CHOICES = choices(
    [("", "Not about one order")] + [(t.value, t.label) for t in OrderType]
)
CONTEXT_CHOICES = choices((c.value, c.label) for c in Context)
REFLECTION_PROMPTS = (
    (
        "what_happened",
        "What happened?",
        "Describe the order or situation: who the customer was and what they needed.",
    ),
    (
        "decisions",
        "What did you decide, and why?",
        "Explain the choices you made and what you weighed up.",
    ),
    (
        "procedure",
        "Which procedure or policy did you follow?",
        "Name the procedure, policy or approval rule and how you applied it.",
    ),
    (
        "differently",
        "What would you do differently next time?",
        "What you learned, and what you would change.",
    ),
)


class VersionedForm(ProductForm):
    """Carries the item version the page showed (optimistic locking)."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The version number posted back, if any."""
        value = self.version.data
        return int(value) if value and str(value).isdigit() else None


class DetailsForm(VersionedForm):
    """Title, date, context and order type: common to every kind."""

    title = StringField(
        "Title",
        validators=[DataRequired("Enter a title."), at_most(200)],
        description="A short name you will recognise, e.g. 'Urgent order for Hale'.",
    )
    evidence_date = DayField(
        "Date of the evidence",
        validators=[InputRequired("Enter the date of the evidence.")],
    )
    context = RadioField(
        "Where did this happen?",
        choices=CONTEXT_CHOICES,
        validators=[InputRequired("Choose where this happened.")],
    )
    order_type = SelectField(
        "Order type",
        choices=ORDER_CHOICES,
        validators=[Optional()],
        description="For the range: was this a standard, bespoke or urgent order?",
    )


class UploadForm(DetailsForm):
    """A work product from the workplace: a file and what it shows."""

    file = FileField(
        "File",
        description="PDF, PNG, JPEG, DOCX, XLSX or TXT. Remove customers' personal "
        "details first.",
    )
    description = TextAreaField(
        "What does this document show?",
        validators=[Optional(), at_most(TEXT_MAX)],
        description="You can use Markdown: *emphasis*, lists and links.",
    )


class ReflectionForm(DetailsForm):
    """A reflection answered through four prompts."""

    what_happened = TextAreaField(
        REFLECTION_PROMPTS[0][1],
        validators=[DataRequired("Say what happened."), at_most(TEXT_MAX)],
        description=REFLECTION_PROMPTS[0][2],
    )
    decisions = TextAreaField(
        REFLECTION_PROMPTS[1][1],
        validators=[
            DataRequired("Say what you decided and why."),
            at_most(TEXT_MAX),
        ],
        description=REFLECTION_PROMPTS[1][2],
    )
    procedure = TextAreaField(
        REFLECTION_PROMPTS[2][1],
        validators=[
            DataRequired("Name the procedure or policy you followed."),
            at_most(TEXT_MAX),
        ],
        description=REFLECTION_PROMPTS[2][2],
    )
    differently = TextAreaField(
        REFLECTION_PROMPTS[3][1],
        validators=[
            DataRequired("Say what you would do differently."),
            at_most(TEXT_MAX),
        ],
        description=REFLECTION_PROMPTS[3][2],
    )


class RecordForm(DetailsForm):
    """A professional discussion record or an observation, written up."""

    kind = RadioField(
        "Kind of record",
        choices=choices((k.value, k.label) for k in RECORD_KINDS),
        validators=[InputRequired("Choose the kind of record.")],
    )
    body = TextAreaField(
        "Record",
        validators=[DataRequired("Write the record."), at_most(TEXT_MAX)],
        description="Who took part, what was discussed or observed, and the outcome. "
        "Markdown is allowed.",
    )


class SubmitForm(VersionedForm):
    """Send the current version for assessment."""

    redaction_confirmed = BooleanField(
        "I have removed or hidden customers' personal data (names, emails, phone "
        "numbers, addresses) from this document"
    )


class ActionForm(ProductForm):
    """A button that only needs a CSRF token (withdraw, resend, cancel)."""


class TestimonyRequestForm(ProductForm):
    """Ask a workplace witness to confirm what they saw."""

    witness_name = StringField(
        "Witness's full name",
        validators=[DataRequired("Enter their name."), at_most(120)],
    )
    witness_email = EmailField(
        "Witness's work email address",
        validators=[DataRequired("Enter their email address."), at_most(254)],
        description="We email them a link to read and sign the testimony.",
    )
    witness_job_title = StringField(
        "Their job title",
        validators=[DataRequired("Enter their job title."), at_most(120)],
    )
    relationship = StringField(
        "How do they know your work?",
        validators=[DataRequired("Say how they know your work."), at_most(120)],
        description="For example: my line manager in the sales office.",
    )
    witnessed = TextAreaField(
        "What did they see you do?",
        validators=[DataRequired("Say what they saw you do."), at_most(2000)],
    )
    date_from = DayField(
        "First date they saw it", validators=[InputRequired("Enter the first date.")]
    )
    date_to = DayField(
        "Last date they saw it", validators=[InputRequired("Enter the last date.")]
    )
    criteria = CheckboxListField(
        "Criteria they can confirm",
        validators=[DataRequired("Choose at least one criterion.")],
    )
    order_type = SelectField(
        "Order type", choices=ORDER_CHOICES, validators=[Optional()]
    )
    draft_statement = TextAreaField(
        "Draft statement",
        validators=[Optional(), at_most(TEXT_MAX)],
        description="Optional. The witness can change it before signing.",
    )


class SignForm(ProductForm):
    """The witness's statement, typed name, job title and declaration."""

    statement = TextAreaField(
        "Your statement",
        validators=[
            DataRequired("Write the statement you are signing."),
            at_most(TEXT_MAX),
        ],
        description="Change the wording so that it says what you saw, in your words.",
    )
    signer_name = StringField(
        "Your full name",
        validators=[DataRequired("Type your full name."), at_most(120)],
    )
    job_title = StringField(
        "Your job title",
        validators=[DataRequired("Enter your job title."), at_most(120)],
    )
    confirmed = BooleanField(
        "I confirm the declaration above",
        validators=[DataRequired("Tick the declaration to sign.")],
    )


class DeclineForm(ProductForm):
    """Why the witness declines."""

    reason = TextAreaField(
        "Why are you declining?",
        validators=[DataRequired("Say why you are declining."), at_most(1000)],
    )


def mapping_form(
    codes: Iterable[str], data: dict[str, Any] | None = None
) -> VersionedForm:
    """A form with a checkbox and a one-line justification per criterion code."""

    class MappingForm(VersionedForm):
        """Which criteria this evidence shows, and how."""

    for code in codes:
        setattr(MappingForm, f"c_{code}", BooleanField(code))
        setattr(
            MappingForm,
            f"j_{code}",
            StringField(
                f"How does it show {code}?",
                validators=[Optional(), at_most(JUSTIFICATION_MAX)],
            ),
        )
    return MappingForm(data=data)
