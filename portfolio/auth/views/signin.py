"""Sign in and sign out."""

from __future__ import annotations

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
from flask_login import current_user, login_user, logout_user

from portfolio.auth import bp
from portfolio.auth.forms import LoginForm
from portfolio.auth.services import accounts as services
from portfolio.auth.views._shared import safe_next
from portfolio.core.access import public, signed_in
from portfolio.extensions import db, limiter


def _login_key() -> str:
    """Rate-limit key: the email being tried (so rotating IPs does not help)."""
    return "login:" + services.normalise_email(request.form.get("email", ""))[:254]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_login_key,
    methods=["POST"],
)
@limiter.limit(lambda: current_app.config["LOGIN_IP_RATE_LIMIT"], methods=["POST"])
def login() -> ResponseReturnValue:
    """Show the sign-in form; on success start a server-side session."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                db.session, form.email.data, form.password.data
            )
        except services.AuthError as exc:
            # Committed all the same: the failed attempt is recorded.
            form.form_errors.append(str(exc))
            return render_template("auth/login.html", form=form), 200
        session.clear()
        services.start_session(
            db.session,
            user,
            ip=request.remote_addr,
            user_agent=request.headers.get("User-Agent"),
        )
        login_user(user)
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@signed_in
def logout() -> ResponseReturnValue:
    """End this session on the server and in the browser."""
    services.end_session(db.session, current_user)
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
