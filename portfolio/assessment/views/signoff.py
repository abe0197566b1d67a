"""Unit sign-off: the assessor's, the learner's declaration, and unlocking."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, forms, services
from portfolio.assessment.domain.signoff import LEARNER_DECLARATION
from portfolio.assessment.views._shared import ASSESSOR, IQA, LEARNER, base_url
from portfolio.core.access import recent_password
from portfolio.core.edge import USER_ERRORS, flash_failure, form_error, form_status
from portfolio.extensions import db


@bp.post("/learners/<int:learner_id>/sign-off")
@ASSESSOR
@recent_password
def sign_off(learner_id: int) -> ResponseReturnValue:
    """The assessor signs off the unit (the learner declares next)."""
    form = forms.DeclarationForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.assessor_sign_off(
            db.session,
            learner_id,
            actor=current_user,
            declared=form.declared.data,
            base_url=base_url(),
        )
    except USER_ERRORS as exc:
        flash_failure(exc)
    else:
        flash(
            "Unit signed off. The learner has been asked to make their declaration.",
            "success",
        )
    return redirect(url_for("assessment.learner", learner_id=learner_id))


@bp.post("/learners/<int:learner_id>/unlock")
@IQA
@recent_password
def unlock(learner_id: int) -> ResponseReturnValue:
    """Unlock a signed-off portfolio with a reason."""
    form = forms.UnlockForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.unlock_portfolio(
            db.session, learner_id, actor=current_user, reason=form.reason.data
        )
    except USER_ERRORS as exc:
        flash_failure(exc)
    else:
        flash("Portfolio unlocked. The reason is in the audit trail.", "success")
    return redirect(url_for("assessment.learner", learner_id=learner_id))


@bp.route("/sign-off", methods=["GET", "POST"])
@LEARNER
@recent_password
def learner_sign_off() -> ResponseReturnValue:
    """The learner's progress and authenticity declaration."""
    form = forms.DeclarationForm()
    if form.validate_on_submit():
        try:
            services.learner_declare(
                db.session, actor=current_user, declared=form.declared.data
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash(
                "Declaration saved. Your portfolio is now signed off and locked.",
                "success",
            )
            return redirect(url_for("assessment.learner_sign_off"))
    page = render_template(
        "assessment/sign_off.html",
        form=form,
        pending=services.pending_for_learner(db.session, current_user),
        achievement=services.achievement_for(db.session, current_user.id),
        LEARNER_DECLARATION=LEARNER_DECLARATION,
    )
    return page, form_status(form)
