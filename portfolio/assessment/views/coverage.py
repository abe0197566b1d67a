"""The coverage matrix: criteria against evidence, with the assessor's decisions."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, services
from portfolio.assessment.views._shared import LEARNER, STAFF
from portfolio.extensions import db


def _coverage(learner_id: int) -> str:
    """Render the coverage matrix of one learner."""
    matrix = services.coverage_for(db.session, learner_id, actor=current_user)
    return render_template(
        "assessment/coverage.html",
        matrix=matrix,
        learner_id=learner_id,
        own=learner_id == current_user.id,
    )


@bp.get("/coverage")
@LEARNER
def coverage() -> ResponseReturnValue:
    """The learner's own coverage matrix."""
    return _coverage(current_user.id)


@bp.get("/learners/<int:learner_id>/coverage")
@STAFF
def learner_coverage(learner_id: int) -> ResponseReturnValue:
    """A learner's coverage matrix, read-only, for staff in scope."""
    return _coverage(learner_id)
