"""Type the password again before a sensitive action (SECURITY #10)."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth import bp
from portfolio.auth.forms import PasswordConfirmForm
from portfolio.auth.services import accounts as services
from portfolio.auth.views._shared import safe_next
from portfolio.core.access import signed_in
from portfolio.core.edge import form_status
from portfolio.extensions import db, limiter


def _user_key() -> str:
    """Rate-limit attempts per account."""
    return f"reauth:{current_user.get_id().partition(':')[0]}"


@bp.route("/confirm", methods=["GET", "POST"])
@signed_in
@limiter.limit(
    lambda: current_app.config["MFA_RATE_LIMIT"], key_func=_user_key, methods=["POST"]
)
def confirm_password() -> ResponseReturnValue:
    """Ask for the password; on success go back to what the person was doing."""
    form = PasswordConfirmForm()
    back = safe_next(request.args.get("next"))
    if form.validate_on_submit():
        try:
            services.confirm_password(db.session, current_user, form.password.data)
        except services.AuthError as exc:
            # Answered 200 so that the failed attempt is committed to the audit trail.
            form.password.errors.append(str(exc))
            return render_template("auth/confirm.html", form=form, back=back), 200
        return redirect(back)
    page = render_template("auth/confirm.html", form=form, back=back)
    return page, form_status(form)
