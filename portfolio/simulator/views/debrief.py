"""After a run: the learner's debrief and the assessor's answer key."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.extensions import db
from portfolio.simulator import bp, services
from portfolio.simulator.forms import ButtonForm
from portfolio.simulator.presenters.debrief import debrief_context
from portfolio.simulator.views._shared import ASSESSORS, VIEWERS


@bp.get("/runs/<int:run_id>/debrief")
@VIEWERS
def run_debrief(run_id: int) -> ResponseReturnValue:
    """Marking points, findings on a timeline, the model answer beside the order."""
    debrief = services.get_debrief(db.session, run_id, actor=current_user)
    return render_template(
        "simulator/debrief.html", **debrief_context(debrief), again_form=ButtonForm()
    )


@bp.get("/runs/<int:run_id>/answer-key")
@ASSESSORS
def run_answer_key(run_id: int) -> ResponseReturnValue:
    """The hidden truth of a run, for assessors and admins."""
    key = services.get_answer_key(db.session, run_id, actor=current_user)
    return render_template("simulator/answer_key.html", run=key.run, key=key)
