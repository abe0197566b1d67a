"""Dashboard and health check."""

from __future__ import annotations

from flask import jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.access import public, signed_in
from portfolio.auth.models import Role
from portfolio.extensions import db
from portfolio.main import bp, services


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Report whether the app and its database answer."""
    ok = services.database_ok(db.session)
    return jsonify(status="ok" if ok else "error", database=ok), 200 if ok else 503


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
    user = current_user
    ctx: dict = {"unit": services.first_unit(db.session)}
    if user.has_role(Role.ASSESSOR):
        ctx["caseload"] = services.enrolments_where(db.session, assessor_id=user.id)
    if user.has_role(Role.SUPERVISOR):
        ctx["supervised"] = services.enrolments_where(db.session, supervisor_id=user.id)
    if user.has_role(Role.IQA):
        ctx["all_enrolments"] = services.enrolments_where(db.session)
    if user.has_role(Role.ADMIN):
        ctx["counts"] = services.admin_counts(db.session)
    if user.has_role(Role.LEARNER):
        mine = services.enrolments_where(db.session, learner_id=user.id)
        ctx["enrolment"] = mine[0] if mine else None
        from portfolio.simulator.services import list_runs

        ctx["recent_runs"], ctx["run_total"] = list_runs(
            db.session, learner_id=user.id, per_page=3
        )
    return render_template("main/dashboard.html", **ctx)
