"""Change your own password."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth import bp
from portfolio.auth.forms import PasswordChangeForm
from portfolio.auth.services import accounts as services
from portfolio.core.access import signed_in
from portfolio.core.edge import form_status, mark_failed
from portfolio.errors import ValidationError
from portfolio.extensions import db


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
            mark_failed()
            getattr(form, exc.field or "new").errors.append(str(exc))
        else:
            flash(
                "Your password has been changed. Other sessions were signed out.",
                "success",
            )
            return redirect(url_for("main.dashboard"))
    return render_template("auth/password.html", form=form), form_status(form)
