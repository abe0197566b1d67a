"""A learner's audit trail: every recorded change in sentences, chain verified."""

from __future__ import annotations

from datetime import date

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import bp, services
from portfolio.core.access import signed_in
from portfolio.extensions import db


def _date_arg(name: str) -> date | None:
    """A yyyy-mm-dd query argument, or None when missing or malformed."""
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


@bp.get("/learners/<int:learner_id>/audit")
@signed_in
def audit(learner_id: int) -> ResponseReturnValue:
    """Every recorded change to a learner's portfolio, with the chain verified."""
    filters = services.AuditFilters(
        person=request.args.get("person", type=int),
        kind=request.args.get("kind") or None,
        since=_date_arg("since"),
        until=_date_arg("until"),
    )
    trail = services.learner_audit(
        db.session, learner_id, actor=current_user, filters=filters
    )
    learner = services.enrolment_of(db.session, learner_id)
    return render_template(
        "assessment/audit.html",
        trail=trail,
        learner_id=learner_id,
        learner_name=learner.learner.display_name if learner else None,
        filters=filters,
    )
