"""The learner's testimony requests: ask a witness, resend the link, cancel."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.edge import USER_ERRORS, flash_failure, form_error, form_status
from portfolio.core.time import utcnow
from portfolio.errors import ValidationError
from portfolio.evidence import bp, forms, services
from portfolio.evidence.domain.testimony_requests import check_request
from portfolio.evidence.views._shared import LEARNER, signing_links
from portfolio.extensions import db


def _request_data(form: forms.TestimonyRequestForm) -> services.TestimonyRequest:
    """The request as the service takes it."""
    return services.TestimonyRequest(
        form.witness_name.data or "",
        form.witness_email.data or "",
        form.witness_job_title.data or "",
        form.relationship.data or "",
        form.witnessed.data or "",
        form.date_from.data,
        form.date_to.data,
        tuple(form.criteria.data or ()),
        form.draft_statement.data or "",
        form.order_type.data or None,
    )


# A value each field is known to pass with, so one round finds every other problem.
_PASSING: dict[str, Any] = {
    "witness_name": "x",
    "witness_email": "witness@example.invalid",
    "witness_job_title": "x",
    "relationship": "x",
    "witnessed": "x",
    "date_from": date(2000, 1, 1),
    "date_to": date(2000, 1, 1),
    "criteria": ("x",),
    "draft_statement": "",
    "order_type": None,
}


def _request_checked(form: forms.TestimonyRequestForm) -> bool:
    """Run the request's rules on a posted form, every field's problem at once."""
    if not form.is_submitted():
        return False
    passing = {k: v for k, v in _PASSING.items() if getattr(form, k).errors}
    if {"date_from", "date_to"} & set(passing):  # judge the dates as a pair
        passing |= {k: _PASSING[k] for k in ("date_from", "date_to")}
    for _ in _PASSING:
        req = replace(_request_data(form), **passing)
        try:
            check_request(req, learner_email=current_user.email, today=utcnow().date())
        except ValidationError as exc:
            name = exc.field if exc.field in _PASSING else "witness_email"
            field = getattr(form, name)
            field.errors = [*field.errors, str(exc)]
            passing[name] = _PASSING[name]
            if name == "date_to":
                passing["date_from"] = _PASSING["date_from"]
        else:
            break
    return not any(getattr(form, k).errors for k in _PASSING)


@bp.route("/testimonies/new", methods=["GET", "POST"])
@LEARNER
def testimony_new() -> ResponseReturnValue:
    """Ask a workplace witness for a testimony."""
    form = forms.TestimonyRequestForm()
    criteria = services.default_criteria(db.session)
    form.criteria.choices = [(c.code, f"{c.code}: {c.text}") for c in criteria]
    if form.validate_on_submit() & _request_checked(form):
        try:
            item = services.request_testimony(
                db.session,
                _request_data(form),
                actor=current_user,
                links=signing_links(),
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash(f"Request sent to {form.witness_email.data}.", "success")
            return redirect(url_for("evidence.item", item_id=item.id))
    page = render_template("evidence/testimony_request.html", form=form)
    return page, form_status(form)


@bp.post("/<int:item_id>/testimony/resend")
@LEARNER
def testimony_resend(item_id: int) -> ResponseReturnValue:
    """Email the witness a fresh link (older links stop working)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    try:
        services.resend_request(
            db.session, item_id, actor=current_user, links=signing_links()
        )
    except USER_ERRORS as exc:
        flash_failure(exc)
    else:
        flash("A new link was sent; older links no longer work.", "success")
    return redirect(url_for("evidence.item", item_id=item_id))


@bp.post("/<int:item_id>/testimony/cancel")
@LEARNER
def testimony_cancel(item_id: int) -> ResponseReturnValue:
    """Cancel an unsigned request."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    try:
        services.cancel_request(db.session, item_id, actor=current_user)
    except USER_ERRORS as exc:
        flash_failure(exc)
    else:
        flash("Request cancelled.", "success")
    return redirect(url_for("evidence.item", item_id=item_id))
