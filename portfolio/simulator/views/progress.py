"""Simulator progress: a learner's own, and a learner's for their assessor."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth.models import User
from portfolio.extensions import db
from portfolio.simulator import bp, services
from portfolio.simulator.forms import ButtonForm
from portfolio.simulator.presenters.progress import (
    complication_titles,
    progress_charts,
)
from portfolio.simulator.services.practice import get_practice_plan, start_practice
from portfolio.simulator.views._shared import LEARNER, STAFF, require_button


def _render_progress(learner: User) -> ResponseReturnValue:
    """The progress page of ``learner``."""
    progress = services.get_progress(db.session, learner.id, actor=current_user)
    return render_template(
        "simulator/progress.html",
        learner=learner,
        summary=progress.summary,
        charts=progress_charts(progress),
        missing=progress.missing,
        by_type=progress.by_type,
        runs=progress.runs,
        recurring=progress.recurring,
        plan=get_practice_plan(db.session, learner.id, actor=current_user),
        practice_form=ButtonForm(),
        complication_titles=complication_titles(),
    )


@bp.get("/progress")
@LEARNER
def my_progress() -> ResponseReturnValue:
    """Your KPIs over time and which order types are still missing."""
    return _render_progress(current_user)


@bp.post("/practice-next")
@LEARNER
def practice_next() -> ResponseReturnValue:
    """Start the scenario that targets your most frequent findings."""
    require_button()
    run = start_practice(db.session, actor=current_user)
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.get("/learners/<int:learner_id>/progress")
@STAFF
def learner_progress(learner_id: int) -> ResponseReturnValue:
    """A learner's simulator progress, read-only, for their assessor."""
    learner = services.get_learner(db.session, learner_id, actor=current_user)
    return _render_progress(learner)
