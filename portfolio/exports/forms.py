"""Forms for starting exports and for the public verification page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import Optional


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


class ShareLinkForm(FlaskForm):
    """Send an external quality assurer a time-limited link to the EQA pack."""

    email = StringField(
        "EQA's e-mail address", description="The link is sent to this address."
    )
    days = IntegerField(
        "Link works for (days)",
        default=14,
        description="After this the link stops working by itself.",
        validators=[Optional()],
    )
