"""Adding a finished simulator run to the learner's portfolio as draft evidence."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.evidence import bp, forms, services
from portfolio.evidence.views._shared import LEARNER
from portfolio.extensions import db


@bp.post("/simulator-runs/<int:run_id>/add")
@LEARNER
def add_simulator_run(run_id: int) -> ResponseReturnValue:
    """Add a finished run's documents to the portfolio as draft work products.

    Someone else's run is a 404; a run not finished yet is refused (409).
    """
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    items = services.add_simulator_run(db.session, run_id, actor=current_user)
    if not items:
        flash("This scenario is already in your portfolio.", "info")
    else:
        flash(
            f"Added {len(items)} draft work product(s). Check the criteria each is "
            "mapped to, then submit them for assessment.",
            "success",
        )
    return redirect(url_for("evidence.index"))
