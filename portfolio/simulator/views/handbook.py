"""The simulated company's policy handbook."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from portfolio.core.access import signed_in
from portfolio.extensions import db
from portfolio.simulator import bp, services


@bp.get("/policy")
@signed_in
def policy() -> ResponseReturnValue:
    """The company's policy handbook."""
    company = services.get_company(db.session)
    return render_template("simulator/policy.html", policy=company.policy)
