"""The landing redirect and one dashboard with a section per role."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.auth.models import User
from portfolio.core.access import public, signed_in
from portfolio.core.roles import Role
from portfolio.extensions import db
from portfolio.main import bp, services
from portfolio.simulator.services import list_runs


@bp.get("/")
@public
def index() -> ResponseReturnValue:
    """Send visitors to sign in and users to their dashboard."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


@bp.get("/dashboard")
@signed_in
def dashboard() -> ResponseReturnValue:
    """One page with a section for each role the user holds."""
    ctx: dict[str, Any] = {"unit": services.first_unit(db.session)}
    for role, panels in _PANELS.items():
        if current_user.has_role(role):
            ctx.update(panels(current_user))
    return render_template("main/dashboard.html", **ctx)


def _assessor(user: User) -> dict[str, Any]:
    """The assessor's caseload."""
    return {"caseload": services.enrolments_where(db.session, assessor_id=user.id)}


def _supervisor(user: User) -> dict[str, Any]:
    """The learners a workplace supervisor oversees."""
    return {"supervised": services.enrolments_where(db.session, supervisor_id=user.id)}


def _iqa(user: User) -> dict[str, Any]:
    """Every enrolment, for sampling."""
    return {"all_enrolments": services.enrolments_where(db.session)}


def _admin(user: User) -> dict[str, Any]:
    """Headline counts."""
    return {"counts": services.admin_counts(db.session)}


def _learner(user: User) -> dict[str, Any]:
    """The learner's enrolment and latest simulator runs."""
    mine = services.enrolments_where(db.session, learner_id=user.id)
    runs, total = list_runs(db.session, learner_id=user.id, per_page=3)
    return {
        "enrolment": mine[0] if mine else None,
        "recent_runs": runs,
        "run_total": total,
    }


# In the order the sections were always filled in.
_PANELS = {
    Role.ASSESSOR: _assessor,
    Role.SUPERVISOR: _supervisor,
    Role.IQA: _iqa,
    Role.ADMIN: _admin,
    Role.LEARNER: _learner,
}
