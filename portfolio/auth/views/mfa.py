"""Two-step sign-in: set up an authenticator, then enter a code at each sign-in."""

from __future__ import annotations

import segno
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user
from markupsafe import Markup

from portfolio.auth import bp
from portfolio.auth.forms import MfaCodeForm
from portfolio.auth.services import mfa as services
from portfolio.auth.views._shared import safe_next
from portfolio.core.access import signed_in
from portfolio.core.edge import form_error, form_status
from portfolio.errors import ValidationError
from portfolio.extensions import db, limiter

PENDING_SECRET = "mfa_pending_secret"


def _user_key() -> str:
    """Rate-limit code attempts per account (SECURITY #4: the 6th bad code is 429)."""
    return f"mfa:{current_user.get_id().partition(':')[0]}"


def _signed_in_again() -> ResponseReturnValue:
    """A new, verified session replaces the password-only one; go on."""
    services.renew_verified_session(
        db.session,
        current_user,
        ip=request.remote_addr,
        user_agent=request.headers.get("User-Agent"),
    )
    user = current_user._get_current_object()
    session.clear()
    login_user(user)
    return redirect(safe_next(request.args.get("next")))


def _qr_svg(uri: str) -> Markup:
    """The provisioning URI as an inline SVG QR code (no external service)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#0b0c0c", title="QR")
    return Markup(svg)  # noqa: S704 - segno writes the SVG from our own URI


@bp.route("/mfa", methods=["GET", "POST"])
@signed_in
@limiter.limit(
    lambda: current_app.config["MFA_RATE_LIMIT"], key_func=_user_key, methods=["POST"]
)
def mfa() -> ResponseReturnValue:
    """Ask for the second factor after the password."""
    if current_user.mfa_gate is None:
        return redirect(safe_next(request.args.get("next")))
    if current_user.mfa_gate == "mfa_setup":
        return redirect(url_for("auth.mfa_setup", next=request.args.get("next")))
    form = MfaCodeForm()
    if form.validate_on_submit():
        try:
            kind = services.verify_second_factor(
                db.session, current_user, form.code.data, ip=request.remote_addr
            )
        except ValidationError as exc:
            # Not rolled back: the failed attempt stays in the audit trail.
            form.code.errors.append(str(exc))
            return render_template("auth/mfa.html", form=form), 200
        else:
            if kind == "recovery":
                left = services.remaining_recovery_codes(db.session, current_user)
                flash(f"Recovery code used. You have {left} left.", "warning")
            return _signed_in_again()
    return render_template("auth/mfa.html", form=form), form_status(form)


@bp.route("/mfa/setup", methods=["GET", "POST"])
@signed_in
@limiter.limit(
    lambda: current_app.config["MFA_RATE_LIMIT"], key_func=_user_key, methods=["POST"]
)
def mfa_setup() -> ResponseReturnValue:
    """Show the QR code; a first code confirms it and shows the recovery codes."""
    if services.is_enrolled(current_user):
        flash("Two-step sign-in is already set up.", "success")
        return redirect(url_for("auth.mfa", next=request.args.get("next")))
    secret = session.get(PENDING_SECRET) or services.new_secret(current_user)
    session[PENDING_SECRET] = secret  # kept in the signed cookie until confirmed
    form = MfaCodeForm()
    if form.validate_on_submit():
        try:
            codes = services.confirm_enrolment(
                db.session, current_user, secret, form.code.data
            )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            _signed_in_again()  # clears the pending secret with the old session
            return render_template(
                "auth/mfa_recovery.html", codes=codes, next=safe_next(None)
            )
    uri = services.provisioning_uri(
        current_user, secret, current_app.config["MFA_ISSUER"]
    )
    return render_template(
        "auth/mfa_setup.html", form=form, qr=_qr_svg(uri), secret=secret
    ), form_status(form)
