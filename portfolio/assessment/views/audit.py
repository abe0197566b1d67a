"""A learner's audit trail: every recorded change, with the chain verified."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, services
from portfolio.core.access import signed_in
from portfolio.extensions import db


@bp.get("/learners/<int:learner_id>/audit")
@signed_in
def audit(learner_id: int) -> ResponseReturnValue:
    """Every recorded change to a learner's portfolio, with the chain verified."""
    trail = services.learner_audit(db.session, learner_id, actor=current_user)
    return render_template("assessment/audit.html", trail=trail, learner_id=learner_id)
