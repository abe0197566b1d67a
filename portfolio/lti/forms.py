"""LTI forms: a platform's registration, the deep-link choice, one-button actions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portfolio.core.forms import CheckboxListField, choices
from portfolio.lti.domain import ACTIVITIES

ACTIVITY_CHOICES = choices((a.key, a.title) for a in ACTIVITIES)


def _url(label: str, hint: str) -> StringField:
    """A required URL field (the service checks the scheme)."""
    return StringField(
        label,
        description=hint,
        validators=[
            DataRequired(f"Enter the {label.lower()}."),
            Length(max=500, message="The address must be 500 characters or fewer."),
        ],
    )


class PlatformForm(FlaskForm):
    """A platform's registration, copied from the LMS's tool configuration page."""

    name = StringField(
        "Name",
        description="For you, e.g. Moodle (main site).",
        validators=[DataRequired("Enter a name."), Length(max=120)],
    )
    issuer = _url("Issuer", "The platform ID, e.g. https://moodle.example.ac.uk")
    client_id = StringField(
        "Client ID",
        validators=[DataRequired("Enter the client ID."), Length(max=255)],
    )
    auth_login_url = _url("Authentication request URL", "Its OIDC auth endpoint.")
    auth_token_url = _url("Access token URL", "Its OAuth 2 token endpoint.")
    key_set_url = _url("Public keyset URL", "Its JWKS address.")
    deployment_ids = TextAreaField(
        "Deployment IDs",
        description="One a line.",
        validators=[DataRequired("Enter at least one deployment ID.")],
    )


class DeepLinkForm(FlaskForm):
    """The scenarios an instructor puts into the course."""

    activities = CheckboxListField(
        "Scenarios to add",
        choices=ACTIVITY_CHOICES,
        validators=[DataRequired("Choose at least one scenario.")],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something (start, send, remove): CSRF only."""
