"""Practice tasks: an assessor sets a scenario, the learner starts it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth.models import User
from portfolio.core.edge import USER_ERRORS, form_error, form_status
from portfolio.extensions import db
from portfolio.simulator import bp, services
from portfolio.simulator.forms import TaskForm
from portfolio.simulator.views._shared import ASSESSORS, LEARNER, require_button


@bp.post("/tasks/<int:task_id>/start")
@LEARNER
def task_start(task_id: int) -> ResponseReturnValue:
    """Start the scenario an assessor set."""
    require_button()
    run = services.start_task(db.session, task_id, actor=current_user)
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.route("/learners/<int:learner_id>/tasks/new", methods=["GET", "POST"])
@ASSESSORS
def task_new(learner_id: int) -> ResponseReturnValue:
    """Set a learner a scenario with chosen complications."""
    learner = services.get_learner(
        db.session, learner_id, actor=current_user, assess=True
    )
    form = TaskForm()
    if form.validate_on_submit() and _set_task(form, learner):
        flash(f"Scenario set for {learner.display_name}.", "success")
        return redirect(url_for("simulator.learner_progress", learner_id=learner.id))
    page = render_template("simulator/task_new.html", form=form, learner=learner)
    return page, form_status(form)


def _set_task(form: TaskForm, learner: User) -> bool:
    """Create the task the form describes; False (with a form error) if refused."""
    try:
        services.create_task(
            db.session,
            actor=current_user,
            learner=learner,
            scenario_type=form.scenario_type.data,
            difficulty=form.difficulty.data,
            complications=form.complications.data,
            note=form.note.data,
        )
    except USER_ERRORS as exc:
        form_error(form, exc)
        return False
    return True
