"""Forgotten password: ask for a link, then choose a new password through it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from portfolio.auth import bp
from portfolio.auth.forms import PasswordResetForm, PasswordResetRequestForm
from portfolio.auth.services import reset as services
from portfolio.core.access import public
from portfolio.core.edge import form_error, form_status
from portfolio.core.headers import private
from portfolio.errors import ValidationError
from portfolio.extensions import db, limiter

SENT = (
    "If an account uses that address, we have sent it a link to reset the password. "
    "The link works for {minutes} minutes. Check your junk folder if it does not "
    "arrive."
)


def _links() -> services.ResetLinks:
    """How this app makes reset links."""
    cfg = current_app.config
    base = str(cfg["PUBLIC_BASE_URL"]).rstrip("/")
    return services.ResetLinks(
        secret_key=cfg["SECRET_KEY"],
        minutes=int(cfg["PASSWORD_RESET_MINUTES"]),
        resend_seconds=int(cfg["PASSWORD_RESET_RESEND_SECONDS"]),
        url=lambda token: base + url_for("auth.reset_password", token=token),
    )


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def reset_request() -> ResponseReturnValue:
    """Ask for a reset link; the answer never says whether the account exists."""
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        links = _links()
        services.request_reset(
            db.session, form.email.data, links=links, ip=request.remote_addr
        )
        flash(SENT.format(minutes=links.minutes), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), form_status(form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    """Choose a new password through a valid link; every session then ends."""
    links = _links()
    try:
        user = services.check_reset_token(db.session, token, links=links)
    except ValidationError as exc:
        page = render_template("auth/reset_invalid.html", message=str(exc))
        return private(current_app.make_response((page, 410)))
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            services.complete_reset(
                db.session,
                token,
                form.new.data,
                links=links,
                centre=current_app.config["CENTRE_NAME"],
                ip=request.remote_addr,
            )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash("Your password has been changed. Sign in with it now.", "success")
            return redirect(url_for("auth.login"))
    page = render_template("auth/reset_password.html", form=form, user=user)
    return private(current_app.make_response((page, form_status(form))))
