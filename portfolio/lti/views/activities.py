"""A learner's course activities: start the scenario, send the score to the course."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import roles
from portfolio.core.edge import flash_failure
from portfolio.core.roles import Role
from portfolio.errors import ConflictError, ValidationError
from portfolio.extensions import db
from portfolio.lti import bp, services
from portfolio.lti.forms import ConfirmForm
from portfolio.lti.views._shared import tool_key


@bp.get("/activities")
@roles(Role.LEARNER)
def activities() -> ResponseReturnValue:
    """The course activities this learner launched from the LMS."""
    rows = services.learner_activities(db.session, actor=current_user)
    return render_template("lti/activities.html", rows=rows)


@bp.get("/activities/<int:activity_id>")
@roles(Role.LEARNER)
def activity_show(activity_id: int) -> ResponseReturnValue:
    """One activity: its scenario, the run, and the score for the course."""
    activity = services.get_activity(db.session, activity_id, actor=current_user)
    return render_template(
        "lti/activity_show.html", activity=activity, form=ConfirmForm()
    )


@bp.post("/activities/<int:activity_id>/start")
@roles(Role.LEARNER)
def activity_start(activity_id: int) -> ResponseReturnValue:
    """Start the activity's scenario and open the workspace."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        run = services.start_activity_run(db.session, activity_id, actor=current_user)
    except (ValidationError, ConflictError) as exc:
        flash_failure(exc)
        return redirect(url_for("lti.activity_show", activity_id=activity_id))
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.post("/activities/<int:activity_id>/score")
@roles(Role.LEARNER)
def activity_score(activity_id: int) -> ResponseReturnValue:
    """Send the finished run's marking-point score to the course's gradebook."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        value = services.send_score(
            db.session, activity_id, actor=current_user, key=tool_key()
        )
    except ConflictError as exc:
        flash_failure(exc)
    else:
        flash(
            f"Score sent to your course: {value.given} of {value.maximum}.", "success"
        )
    return redirect(url_for("lti.activity_show", activity_id=activity_id))
