"""Opening an EQA link: the one-time code from the e-mail signs the assurer in."""

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
from flask_login import login_user

from portfolio.assessment import bp, forms
from portfolio.assessment.services import eqa_links
from portfolio.assessment.views._shared import eqa_link_keys
from portfolio.auth.services import accounts
from portfolio.core.access import public
from portfolio.errors import ValidationError
from portfolio.extensions import db, limiter


@bp.route("/eqa/open/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per hour", methods=["POST"])
def eqa_open(token: str) -> ResponseReturnValue:
    """Ask for the one-time code; the right code signs the assurer in."""
    link = eqa_links.find_link(db.session, token, current_app.config["SECRET_KEY"])
    if eqa_links.link_ended(link):
        return render_template("assessment/eqa_open.html", ended=True), 410
    form = forms.EqaCodeForm()
    status = 200
    if request.method == "POST" and not form.validate_on_submit():
        status = 422
    elif form.is_submitted():
        try:
            user = eqa_links.open_link(
                db.session, link, form.code.data or "", current_app.config["SECRET_KEY"]
            )
        except ValidationError as exc:
            # Kept, not rolled back: wrong codes count against the link.
            form.code.errors = [str(exc)]
        else:
            session.clear()
            accounts.start_session(
                db.session,
                user,
                ip=request.remote_addr,
                user_agent=request.headers.get("User-Agent"),
            )
            login_user(user)
            return redirect(url_for("assessment.eqa_learners"))
    page = render_template("assessment/eqa_open.html", form=form, token=token)
    return page, status


@bp.post("/eqa/open/<token>/code")
@public
@limiter.limit("5 per hour")
def eqa_new_code(token: str) -> ResponseReturnValue:
    """E-mail the assurer a new one-time code for the link."""
    keys = eqa_link_keys()
    link = eqa_links.find_link(db.session, token, keys.secret_key)
    if eqa_links.link_ended(link):
        return render_template("assessment/eqa_open.html", ended=True), 410
    eqa_links.send_new_code(db.session, link, token, keys)
    flash("We have e-mailed you a new code.", "success")
    return redirect(url_for("assessment.eqa_open", token=token))
