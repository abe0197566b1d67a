"""The signed-in user's task list and notifications."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, forms, services
from portfolio.core.access import signed_in
from portfolio.extensions import db


@bp.get("/tasks")
@signed_in
def tasks() -> ResponseReturnValue:
    """The signed-in user's task list and notifications."""
    return render_template(
        "assessment/tasks.html",
        tasks=services.task_list(db.session, current_user),
        notes=services.notifications_for(db.session, current_user),
        form=forms.ActionForm(),
    )


@bp.post("/notifications/read")
@signed_in
def notifications_read() -> ResponseReturnValue:
    """Mark every notification as read."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.mark_all_read(db.session, actor=current_user)
    flash("Notifications marked as read.", "success")
    return redirect(url_for("assessment.tasks"))
