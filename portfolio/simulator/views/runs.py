"""The picker and a learner's runs: start, start again, abandon."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portfolio.core.edge import form_status
from portfolio.core.pagination import Page, page_arg
from portfolio.extensions import db
from portfolio.simulator import bp, services
from portfolio.simulator.forms import StartRunForm
from portfolio.simulator.views._shared import LEARNER, PER_PAGE, require_button


def _render_index(form: StartRunForm, page: int) -> ResponseReturnValue:
    """The picker with one page of the learner's runs and their open tasks."""
    rows, total = services.list_runs(
        db.session, learner_id=current_user.id, page=page, per_page=PER_PAGE
    )
    return render_template(
        "simulator/index.html",
        form=form,
        page=Page(rows, page, PER_PAGE, total),
        tasks=services.list_open_tasks(db.session, actor=current_user),
    ), form_status(form)


@bp.get("/")
@LEARNER
def index() -> ResponseReturnValue:
    """Choose a scenario; see your runs and the tasks your assessor set."""
    return _render_index(StartRunForm(), page_arg())


@bp.post("/runs")
@LEARNER
def run_start() -> ResponseReturnValue:
    """Start a scenario from the picker."""
    form = StartRunForm()
    if not form.validate_on_submit():
        return _render_index(form, 1)
    run = services.start_run(
        db.session,
        actor=current_user,
        scenario_type=form.scenario_type.data,
        difficulty=form.difficulty.data,
        seed=form.seed.data,
    )
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.post("/runs/<int:run_id>/again")
@LEARNER
def run_again(run_id: int) -> ResponseReturnValue:
    """Practise the same scenario again (same type, difficulty, seed)."""
    require_button()
    run = services.start_again(db.session, run_id, actor=current_user)
    flash("Same scenario, fresh start. Good luck!", "success")
    return redirect(url_for("simulator.run_show", run_id=run.id))


@bp.post("/runs/<int:run_id>/abandon")
@LEARNER
def run_abandon(run_id: int) -> ResponseReturnValue:
    """Stop a run without a score."""
    require_button()
    services.abandon_run(db.session, run_id, actor=current_user)
    flash("Scenario abandoned. It stays in your list without a score.", "info")
    return redirect(url_for("simulator.index"))
