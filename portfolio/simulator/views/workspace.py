"""The order desk of one run: show it, and apply one action from its forms."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from portfolio.core.edge import USER_ERRORS, flash_failure
from portfolio.extensions import db
from portfolio.simulator import bp, services
from portfolio.simulator.domain import ACTION_KINDS
from portfolio.simulator.forms import ButtonForm, action_form, form_params
from portfolio.simulator.models import SimulationRun
from portfolio.simulator.presenters.messages import entry_messages, form_problems
from portfolio.simulator.presenters.workspace import (
    dynamic_choices,
    workspace_context,
)
from portfolio.simulator.views._shared import LEARNER, VIEWERS


def _render_workspace(
    run: SimulationRun, bound: dict[str, FlaskForm] | None = None, status: int = 200
) -> ResponseReturnValue:
    """Render the workspace for a run (with a bound, failed form if any)."""
    ctx = workspace_context(services.load_run(db.session, run), bound)
    own = run.learner_id == current_user.id
    page = render_template(
        "simulator/run_show.html", run=run, own=own, abandon_form=ButtonForm(), **ctx
    )
    return page, status


@bp.get("/runs/<int:run_id>")
@VIEWERS
def run_show(run_id: int) -> ResponseReturnValue:
    """The order desk for one run (read-only for staff)."""
    return _render_workspace(services.get_run(db.session, run_id, actor=current_user))


@bp.post("/runs/<int:run_id>/act/<kind>")
@LEARNER
def run_act(run_id: int, kind: str) -> ResponseReturnValue:
    """Apply one action from a workspace form, then show the desk again (PRG)."""
    if kind not in ACTION_KINDS:
        abort(404)
    run = services.get_own_active_run(db.session, run_id, actor=current_user)
    form = action_form(kind, dynamic_choices(services.load_run(db.session, run)))
    if not form.validate_on_submit():
        flash(form_problems(form), "error")
        return _render_workspace(run, {kind: form}, 422)
    try:
        entry = services.take_action(
            db.session,
            run_id,
            actor=current_user,
            kind=kind,
            params=form_params(form, request.form),
        )
    except USER_ERRORS as exc:
        flash_failure(exc)
        return redirect(url_for("simulator.run_show", run_id=run_id))
    for category, message in entry_messages(entry):
        flash(message, category)
    return redirect(_back_to_desk(run_id))


def _back_to_desk(run_id: int) -> str:
    """The workspace URL, at the panel the form came from."""
    anchor = request.form.get("return_to", "")
    return url_for(
        "simulator.run_show",
        run_id=run_id,
        _anchor=anchor if anchor.isidentifier() else None,
    )
