"""Personal API tokens: list, create, revoke."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth import bp
from portfolio.auth.forms import TokenCreateForm, TokenRevokeForm
from portfolio.auth.services import tokens as api_services
from portfolio.core.access import signed_in
from portfolio.core.edge import form_status, mark_failed
from portfolio.errors import ValidationError
from portfolio.extensions import db


@bp.route("/tokens", methods=["GET", "POST"])
@signed_in
def tokens() -> ResponseReturnValue:
    """List, create and revoke personal API tokens."""
    form = TokenCreateForm()
    new_token = None
    if form.validate_on_submit():
        try:
            _, new_token = api_services.create_token(
                db.session, current_user, form.name.data
            )
        except ValidationError as exc:
            mark_failed()
            form.name.errors.append(str(exc))
        else:
            form = TokenCreateForm(formdata=None)
    rows = api_services.list_tokens(db.session, current_user)
    return render_template(
        "auth/tokens.html",
        form=form,
        tokens=rows,
        new_token=new_token,
        revoke_form=TokenRevokeForm(),
    ), form_status(form)


@bp.post("/tokens/<int:token_id>/revoke")
@signed_in
def token_revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of your tokens."""
    if TokenRevokeForm().validate_on_submit():
        api_services.revoke_token(db.session, current_user, token_id)
        flash("Token revoked. Scripts using it will stop working.", "success")
    return redirect(url_for("auth.tokens"))
