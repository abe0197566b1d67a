"""The landing redirect and one dashboard with a section per role."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.assessment import services as assessment
from portfolio.auth.models import User
from portfolio.badges.views._shared import remember_has_badge
from portfolio.core.access import public, roles, signed_in
from portfolio.core.pagecache import ANY, cached_page, learner_scopes
from portfolio.core.roles import Role
from portfolio.core.time import utcnow
from portfolio.errors import DomainError, NotFoundError
from portfolio.extensions import db
from portfolio.main import bp, services


@bp.get("/")
@public
def index() -> ResponseReturnValue:
    """Send visitors to sign in and users to their dashboard."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    return redirect(url_for("auth.login"))


def _dashboard_scopes() -> list[str]:
    """Whose data the viewer's sections show (IQA and admin: everyone's)."""
    user = current_user
    if user.has_role(Role.IQA, Role.ADMIN):
        return [ANY]
    ids: set[int] = set()
    if user.has_role(Role.LEARNER):
        ids.add(user.id)
    if user.has_role(Role.ASSESSOR):
        ids.update(assessment.caseload_learner_ids(db.session, actor=user))
    if user.has_role(Role.SUPERVISOR):
        ids.update(services.supervised_ids(db.session, user.id))
    return learner_scopes(ids)


@bp.get("/dashboard")
@signed_in
@cached_page(_dashboard_scopes)
def dashboard() -> ResponseReturnValue:
    """One page with a section for each role the user holds."""
    ctx: dict[str, Any] = {}
    for role, panels in _PANELS.items():
        if current_user.has_role(role):
            ctx.update(panels(current_user))
    return render_template("main/dashboard.html", **ctx)


@bp.get("/dashboard/learners")
@roles(Role.ADMIN)
def learners_without() -> ResponseReturnValue:
    """Exactly the learners without an assessor (or without a supervisor)."""
    missing = request.args.get("without", "assessor")
    if missing not in services.MISSING:
        raise NotFoundError("learner list")
    rows = services.learners_without(db.session, missing)
    return render_template("main/learners_without.html", rows=rows, missing=missing)


# Learners shown on the dashboard; the caseload page pages through the rest.
CASELOAD_FIRST = 15


def _assessor(user: User) -> dict[str, Any]:
    """The caseload's counts and the learners most needing attention."""
    try:
        summary = assessment.caseload_summary(
            db.session, actor=user, today=utcnow().date(), first=CASELOAD_FIRST
        )
    except DomainError:  # no unit loaded yet: nothing to measure against
        summary = None
    return {"caseload_summary": summary}


def _supervisor(user: User) -> dict[str, Any]:
    """The learners a workplace supervisor oversees."""
    return {"supervised": services.enrolments_where(db.session, supervisor_id=user.id)}


def _iqa(user: User) -> dict[str, Any]:
    """Samples due and overdue per assessor, and agreement rates."""
    return {"sampling": assessment.sampling_by_assessor(db.session, actor=user)}


def _admin(user: User) -> dict[str, Any]:
    """Headline counts and recent activity."""
    return {
        "admin_panel": services.admin_panel(db.session),
        "activity": assessment.recent_activity(db.session),
    }


def _learner(user: User) -> dict[str, Any]:
    """The learner's progress, what waits on whom, and how many simulator runs."""
    home = services.learner_home(db.session, user.id)
    remember_has_badge(home.has_badge)  # the navigation's link, read with the rest
    return {
        "enrolment": home.enrolment,
        "learner_panel": services.learner_panel(
            db.session, user, utcnow().date(), home
        ),
        "run_total": home.run_total,
    }


# In the order the sections were always filled in.
_PANELS = {
    Role.ASSESSOR: _assessor,
    Role.SUPERVISOR: _supervisor,
    Role.IQA: _iqa,
    Role.ADMIN: _admin,
    Role.LEARNER: _learner,
}
