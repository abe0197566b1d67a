"""External quality assurance: grant time-limited read-only access; the EQA's list."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from portfolio.assessment import bp, forms
from portfolio.assessment.services import eqa, eqa_links
from portfolio.assessment.views._shared import EQA, IQA
from portfolio.assessment.views._shared import eqa_link_keys as keys
from portfolio.core.edge import USER_ERRORS, form_error, form_status
from portfolio.core.roles import Role
from portfolio.extensions import db


def _forms() -> tuple[forms.EqaGrantForm, forms.EqaLinkForm]:
    """The two ways to grant access, with their choices filled in."""
    form = forms.EqaGrantForm()
    link_form = forms.EqaLinkForm(prefix="link")
    form.grantee_id.choices = [
        (u.id, u.display_name) for u in eqa.eqa_accounts(db.session)
    ]
    learners = [(u.id, u.display_name) for u in eqa.enrolled_learners(db.session)]
    form.learners.choices = link_form.learners.choices = learners
    return form, link_form


def _page(form: FlaskForm, link_form: FlaskForm, status: int) -> ResponseReturnValue:
    """The grants page with both forms."""
    grants = eqa.recent_grants(db.session, actor=current_user)
    page = render_template(
        "assessment/eqa_grants.html", form=form, link_form=link_form, grants=grants
    )
    return page, status


@bp.route("/eqa", methods=["GET", "POST"])
@IQA
def eqa_grants() -> ResponseReturnValue:
    """Give an EQA account read-only access to chosen learners for some days."""
    form, link_form = _forms()
    if form.validate_on_submit():
        try:
            eqa.grant_access(
                db.session,
                form.grantee_id.data,
                form.learners.data or [],
                form.days.data or 0,
                actor=current_user,
            )
        except USER_ERRORS as exc:
            form_error(form, exc)
        else:
            flash("Access granted. It ends by itself.", "success")
            return redirect(url_for("assessment.eqa_grants"))
    return _page(form, link_form, form_status(form))


@bp.post("/eqa/links")
@IQA
def eqa_link_new() -> ResponseReturnValue:
    """E-mail an assurer a signed link and a one-time code for chosen learners."""
    form, link_form = _forms()
    if link_form.validate_on_submit():
        invite = eqa_links.EqaInvite(
            link_form.email.data or "",
            (link_form.name.data or "").strip(),
            tuple(link_form.learners.data or ()),
            link_form.days.data or 0,
        )
        try:
            eqa_links.invite_eqa(db.session, invite, actor=current_user, keys=keys())
        except USER_ERRORS as exc:
            form_error(link_form, exc)
        else:
            flash(f"Link sent to {invite.email}. Access ends by itself.", "success")
            return redirect(url_for("assessment.eqa_grants"))
    return _page(form, link_form, form_status(link_form))


@bp.get("/eqa/learners")
@EQA
def eqa_learners() -> ResponseReturnValue:
    """The learners an EQA may read now, and until when."""
    grants = eqa.grants_of(db.session, current_user)
    return render_template("assessment/eqa_learners.html", grants=grants)


@bp.before_app_request
def _audit_eqa_reads() -> None:
    """Everything an EQA opens is audited (the edge commits it with the page)."""
    if (
        request.method == "GET"
        and current_user.is_authenticated
        and current_user.has_role(Role.EQA)
        and request.endpoint not in (None, "static")
    ):
        learner_id = (request.view_args or {}).get("learner_id")
        eqa.record_eqa_view(db.session, current_user, request.path, learner_id)
