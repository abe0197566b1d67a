"""A learner's cohort, assessor and supervisor."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.admin import bp, services
from portfolio.admin.forms import (
    EnrolmentForm,
)
from portfolio.admin.views._shared import ADMIN
from portfolio.auth.services import accounts
from portfolio.core.edge import form_error
from portfolio.core.forms import choices
from portfolio.core.roles import Role
from portfolio.errors import ValidationError
from portfolio.extensions import db


@bp.route("/users/<int:user_id>/enrolment", methods=["GET", "POST"])
@ADMIN
def enrolment_edit(user_id: int) -> ResponseReturnValue:
    """Assign a learner's cohort, assessor and supervisor."""
    learner = accounts.get_user(db.session, user_id)
    enrolment = services.find_enrolment(db.session, learner)
    form = EnrolmentForm(obj=enrolment)
    none = [(0, "— none —")]
    form.cohort_id.choices = choices(
        none + [(c.id, c.name) for c in services.list_cohorts(db.session)]
    )
    form.assessor_id.choices = choices(
        none
        + [
            (u.id, u.display_name)
            for u in services.users_with_role(db.session, Role.ASSESSOR)
        ]
    )
    form.supervisor_id.choices = choices(
        none
        + [
            (u.id, u.display_name)
            for u in services.users_with_role(db.session, Role.SUPERVISOR)
        ]
    )
    if form.validate_on_submit():
        values = {
            k: (getattr(form, k).data or None)
            for k in (
                "cohort_id",
                "assessor_id",
                "supervisor_id",
                "start_date",
                "planned_end_date",
                "uln",
                "registration_number",
            )
        }
        try:
            services.save_enrolment(db.session, learner, actor=current_user, **values)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(f"Assignments saved for {learner.display_name}.", "success")
            return redirect(url_for("admin.user_edit", user_id=learner.id))
    return render_template("admin/enrolment_edit.html", learner=learner, form=form)
