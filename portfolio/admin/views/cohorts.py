"""Cohorts: list and create."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.admin import bp, services
from portfolio.admin.forms import (
    CohortForm,
)
from portfolio.admin.views._shared import ADMIN
from portfolio.core.edge import form_error
from portfolio.errors import ValidationError
from portfolio.extensions import db


@bp.route("/cohorts", methods=["GET", "POST"])
@ADMIN
def cohorts() -> ResponseReturnValue:
    """List cohorts and create a new one."""
    form = CohortForm()
    start, end = form.start_date.data, form.planned_end_date.data
    if form.validate_on_submit() and start and end:  # both InputRequired
        try:
            services.create_cohort(
                db.session,
                name=form.name.data,
                start_date=start,
                planned_end_date=end,
                actor=current_user,
            )
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash("Cohort created.", "success")
            return redirect(url_for("admin.cohorts"))
    return render_template(
        "admin/cohorts.html", form=form, cohorts=services.list_cohorts(db.session)
    )
