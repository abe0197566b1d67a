"""Sign in, sign out, change password."""

from __future__ import annotations

from urllib.parse import urlsplit

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

from portfolio.core.access import public, signed_in
from portfolio.auth import bp
from portfolio.auth.services import accounts as services
from portfolio.auth.forms import (
    LoginForm,
    PasswordChangeForm,
    TokenCreateForm,
    TokenRevokeForm,
)
from portfolio.errors import ValidationError
from portfolio.extensions import db, limiter


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths may be redirected to after sign-in."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return url_for("main.dashboard")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return url_for("main.dashboard")
    return target


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
            db.session.commit()
            form.form_errors.append(str(exc))
            return render_template("auth/login.html", form=form), 200
        session.clear()
        services.start_session(
            db.session,
            user,
            ip=request.remote_addr,
            user_agent=request.headers.get("User-Agent"),
        )
        db.session.commit()
        login_user(user)
        return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@signed_in
def logout() -> ResponseReturnValue:
    """End this session on the server and in the browser."""
    services.end_session(db.session, current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def password() -> ResponseReturnValue:
    """Change your password; your other sessions end."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                db.session,
                current_user,
                current=form.current.data,
                new=form.new.data,
                centre=current_app.config["CENTRE_NAME"],
            )
        except ValidationError as exc:
            db.session.rollback()
            getattr(form, exc.field or "new").errors.append(str(exc))
        else:
            db.session.commit()
            flash(
                "Your password has been changed. Other sessions were signed out.",
                "success",
            )
            return redirect(url_for("main.dashboard"))
    return render_template("auth/password.html", form=form)


@bp.route("/tokens", methods=["GET", "POST"])
@signed_in
def tokens() -> ResponseReturnValue:
    """List, create and revoke personal API tokens."""
    from portfolio.auth.services import tokens as api_services

    form = TokenCreateForm()
    new_token = None
    if form.validate_on_submit():
        try:
            _, new_token = api_services.create_token(
                db.session, current_user, form.name.data
            )
        except ValidationError as exc:
            db.session.rollback()
            form.name.errors.append(str(exc))
        else:
            db.session.commit()
            form = TokenCreateForm(formdata=None)
    rows = api_services.list_tokens(db.session, current_user)
    return render_template(
        "auth/tokens.html",
        form=form,
        tokens=rows,
        new_token=new_token,
        revoke_form=TokenRevokeForm(),
    )


@bp.post("/tokens/<int:token_id>/revoke")
@signed_in
def token_revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of your tokens."""
    from portfolio.auth.services import tokens as api_services

    if TokenRevokeForm().validate_on_submit():
        api_services.revoke_token(db.session, current_user, token_id)
        db.session.commit()
        flash("Token revoked. Scripts using it will stop working.", "success")
    return redirect(url_for("auth.tokens"))
