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

SETUP_INVALID = "This set-up link has expired or has already been used."


def _links() -> services.ResetLinks:
    """How this app makes reset links."""
    cfg = current_app.config
    return _link_kind(
        "auth.reset_password",
        minutes=int(cfg["PASSWORD_RESET_MINUTES"]),
        resend_seconds=int(cfg["PASSWORD_RESET_RESEND_SECONDS"]),
        salt=services.SALT,
    )


def setup_links() -> services.ResetLinks:
    """How this app makes the first admin's one-time set-up links."""
    hours = int(current_app.config["ACCOUNT_SETUP_HOURS"])
    return _link_kind(
        "auth.setup_account",
        minutes=hours * 60,
        resend_seconds=0,
        salt=services.SETUP_SALT,
    )


def _link_kind(
    endpoint: str, *, minutes: int, resend_seconds: int, salt: str
) -> services.ResetLinks:
    """One kind of one-time link: its page, lifetime and salt, under the public URL."""
    cfg = current_app.config
    base = str(cfg["PUBLIC_BASE_URL"]).rstrip("/")
    return services.ResetLinks(
        secret_key=cfg["SECRET_KEY"],
        minutes=minutes,
        resend_seconds=resend_seconds,
        url=lambda token: base + url_for(endpoint, token=token),
        salt=salt,
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
    return _choose_password(
        token, _links(), done="Your password has been changed. Sign in with it now."
    )


@bp.route("/setup/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def setup_account(token: str) -> ResponseReturnValue:
    """The first admin sets a password through the link `flask create-admin` printed."""
    return _choose_password(
        token,
        setup_links(),
        done=(
            "Your password is set. Sign in with it now; you will then set up "
            "two-step sign-in."
        ),
        setup=True,
    )


def _choose_password(
    token: str, links: services.ResetLinks, *, done: str, setup: bool = False
) -> ResponseReturnValue:
    """The page behind a one-time link: a new password, then sign in."""
    try:
        user = services.check_reset_token(db.session, token, links=links)
    except ValidationError as exc:
        message = SETUP_INVALID if setup else str(exc)
        page = render_template("auth/reset_invalid.html", message=message, setup=setup)
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
            flash(done, "success")
            return redirect(url_for("auth.login"))
    page = render_template(
        "auth/reset_password.html", form=form, user=user, setup=setup
    )
    return private(current_app.make_response((page, form_status(form))))
