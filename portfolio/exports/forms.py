"""Forms for starting exports and for the public verification page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from portfolio.core.forms import ProductForm, WholeNumberField


class ExportStartForm(FlaskForm):
    """Start an export; a learner may include their drafts (for themselves)."""

    include_drafts = BooleanField(
        'Include my drafts (for my own use: marked "Draft — not for assessment")'
    )


class VerifyForm(FlaskForm):
    """Upload a PDF or paste a SHA-256 fingerprint."""

    document = FileField(
        "Upload the PDF",
        description="The portfolio export you were given, as a PDF file.",
    )
    sha256 = StringField(
        "Or paste its SHA-256 fingerprint",
        description="64 characters, 0-9 and a-f, e.g. from sha256sum.",
    )


class ShareLinkForm(ProductForm):
    """Send an external quality assurer a time-limited link to the EQA pack."""

    email = StringField(
        "EQA's e-mail address",
        description="The link is sent to this address.",
        validators=[
            DataRequired("Enter the EQA's e-mail address, like name@example.org."),
            Length(max=254, message="The e-mail address is too long."),
        ],
    )
    days = WholeNumberField(
        "Link works for (days)",
        default=14,
        description="After this the link stops working by itself.",
        invalid="Enter the number of days as a whole number, like 14.",
        validators=[InputRequired("Enter for how many days the link works.")],
    )
