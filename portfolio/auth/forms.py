"""Sign-in and password forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=128)])


class PasswordConfirmForm(FlaskForm):
    """The password again, before a sensitive action."""

    password = PasswordField(
        "Your password",
        validators=[DataRequired("Enter your password."), Length(max=128)],
    )


class PasswordChangeForm(FlaskForm):
    """Current password, then the new one twice."""

    current = PasswordField("Current password", validators=[DataRequired()])
    new = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=8, max=128)],
        description="At least 8 characters. A few unrelated words make a strong "
        "password.",
    )
    confirm = PasswordField(
        "Confirm new password",
        validators=[
            DataRequired(),
            EqualTo("new", message="The passwords do not match."),
        ],
    )


class TokenCreateForm(FlaskForm):
    """A name for a new API token."""

    name = StringField(
        "Token name",
        validators=[DataRequired(), Length(max=80)],
        description="For example: my reporting script.",
    )


class TokenRevokeForm(FlaskForm):
    """Revoke a token (CSRF only)."""


class MfaCodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        "Code",
        validators=[DataRequired(message="Enter the code."), Length(max=32)],
        description="The 6-digit code your authenticator app shows, or one of your "
        "recovery codes.",
    )


class PasswordResetRequestForm(FlaskForm):
    """The e-mail address to send a reset link to."""

    email = EmailField("Email address", validators=[DataRequired(), Length(max=254)])


class PasswordResetForm(FlaskForm):
    """The new password, twice."""

    new = PasswordField(
        "New password",
        validators=[DataRequired(), Length(min=8, max=128)],
        description="At least 8 characters. A few unrelated words make a strong "
        "password.",
    )
    confirm = PasswordField(
        "Confirm new password",
        validators=[
            DataRequired(),
            EqualTo("new", message="The passwords do not match."),
        ],
    )
